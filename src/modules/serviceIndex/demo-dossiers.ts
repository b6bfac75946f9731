import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { addDays, isWorkingDay } from '../../domain/calendar/index.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { systemActor } from '../auth/context.ts';
import { loadCalendar } from '../calendar/repo.ts';
import { ingestDossiers } from './ingest.ts';

/**
 * Demo one-stop dossiers for the Decision 766 screens. ILLUSTRATIVE: generated, not real traffic of any unit. They
 * come from the source system `demo`, whose name says so, and go through the product's own ingestion path (the same
 * validation, on-time classification and rollups as a real file).
 *
 * Shape: two years up to today on working days only (no receipts on weekends or Tết), skewed volume per unit
 * (agencies busier than communes), an online share rising over time, about 6 % late, some supplement requests,
 * digitisation and online payment that improve over time, a few ratings and complaints, and recent dossiers still
 * open (some of them overdue) so that the overdue watch has something to show. Before 1/7/2025 the dossiers go to
 * the units of that time (pre-merger communes), after it to the new ones, as the registry's validity says.
 */
export const DEMO_SOURCE = 'demo';
export const DEMO_SOURCE_NAME = 'Dữ liệu minh họa (hồ sơ sinh tự động, không phải số liệu thật)';

interface DemoUnit {
  code: string;
  kind: string;
  from: string | null;
  to: string | null;
  weight: number;
}

interface DemoProcedure {
  code: string;
  level: string;
  hasFee: boolean;
  online: string;
}

/** A small deterministic PRNG (mulberry32), so that the demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (x: number) => String(x).padStart(2, '0');
/** yyyyMMddHHmmss in Vietnam time, the portal's timestamp format. */
function stamp(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
}
/** The instant of hh:mm on a Vietnam calendar day. */
const vnInstant = (day: string, hours: number) => Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000 + hours * 3600_000;

const HEADER =
  'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien,SoLanBoSung,DuocSoHoa,CoKetQuaDienTu,CoNghiaVuTaiChinh,DuocThanhToanTrucTuyen,DanhGia,CoPhanAnh';

export async function seedDemoDossiers(
  database: Database,
  clock: Clock,
  opts: { count: number; log?: (msg: string) => void },
): Promise<{ seeded: boolean; rows: number }> {
  const db = database.db;
  if (opts.count <= 0) return { seeded: false, rows: 0 };
  const existing = await db.selectFrom('source_systems').select('code').where('code', '=', DEMO_SOURCE).executeTakeFirst();
  if (existing) return { seeded: false, rows: 0 };
  const units: DemoUnit[] = (
    await db.selectFrom('units').select(['code', 'kind', 'valid_from', 'valid_to']).where('kind', 'in', ['agency', 'commune']).execute()
  ).map((u, i) => ({
    code: u.code,
    kind: u.kind,
    from: u.valid_from,
    to: u.valid_to,
    // agencies handle several times a commune's load; within a kind the load is skewed
    weight: (u.kind === 'agency' ? 3 : 1) / (1 + (i % 17)) ** 0.5,
  }));
  const procedures: DemoProcedure[] = (
    await db.selectFrom('procedures').select(['code', 'level', 'has_fee', 'online_service']).where('illustrative', '=', true).execute()
  ).map((p) => ({ code: p.code, level: p.level ?? 'both', hasFee: p.has_fee, online: p.online_service }));
  if (units.length === 0 || procedures.length === 0) return { seeded: false, rows: 0 };

  const now = clock.now();
  const today = vietnamDay(now);
  const first = `${Number(today.slice(0, 4)) - 2}-${today.slice(5, 7)}-01`;
  const calendar = await loadCalendar(db, [Number(first.slice(0, 4)), Number(today.slice(0, 4)) + 1], now);
  const days: string[] = [];
  for (let d = first; d <= today; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) days.push(d);
  if (days.length === 0) return { seeded: false, rows: 0 };

  const forKind = (kind: string) => procedures.filter((p) => p.level === 'both' || p.level === (kind === 'agency' ? 'province' : 'commune'));
  const procsOf = { agency: forKind('agency'), commune: forKind('commune') };
  // units open on a day, with cumulative weights (cached: the registry changes on a handful of days)
  const eligibleCache = new Map<string, { list: DemoUnit[]; cum: number[] }>();
  const eligible = (day: string) => {
    const key = units.map((u) => ((u.from === null || u.from <= day) && (u.to === null || day < u.to) ? '1' : '0')).join('');
    let e = eligibleCache.get(key);
    if (!e) {
      const list = units.filter((u) => (u.from === null || u.from <= day) && (u.to === null || day < u.to));
      let acc = 0;
      const cum = list.map((u) => {
        acc += u.weight;
        return acc;
      });
      e = { list, cum };
      eligibleCache.set(key, e);
    }
    return e;
  };
  const dayEligible = new Map(days.map((d) => [d, eligible(d)]));

  const rnd = seededRandom(20250701);
  const nowMs = now.getTime();
  function* lines(): Generator<string> {
    yield `${HEADER}\n`;
    for (let i = 0; i < opts.count; i++) {
      // volume grows over the two years (density ∝ 1 + t: the last day twice as busy as the first)
      const t = Math.sqrt(1 + 3 * rnd()) - 1;
      const dayIndex = Math.min(days.length - 1, Math.floor(t * days.length));
      const day = days[dayIndex];
      const progress = dayIndex / days.length;
      const { list, cum } = dayEligible.get(day) as { list: DemoUnit[]; cum: number[] };
      const r = rnd() * cum[cum.length - 1];
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      const unit = list[lo];
      const procs = procsOf[unit.kind === 'agency' ? 'agency' : 'commune'];
      const proc = procs[Math.floor(rnd() * procs.length)];
      const received = vnInstant(day, 7.5 + Math.floor(rnd() * 18) / 2);
      const spanDays = [1, 3, 5, 7, 10, 15][Math.floor(rnd() * 6)];
      // due at 17:00, some calendar days later (about 1.4 × the working days)
      const due = vnInstant(addDays(day, Math.round(spanDays * 1.4)), 17);
      const supplements = rnd() < 0.04 ? (rnd() < 0.2 ? 2 : 1) : 0;
      const late = rnd() < 0.06 - 0.03 * progress;
      let finished: number | null = late ? due + (1 + Math.floor(rnd() * 8)) * 86_400_000 : received + rnd() * (due - received);
      // a few recent dossiers are stuck past their due date, for the overdue watch
      if (finished > nowMs || (nowMs - received < 30 * 86_400_000 && rnd() < 0.04)) finished = null;
      const online = proc.online !== 'none' && rnd() < 0.3 + 0.35 * progress;
      const channel = online ? 2 : rnd() < 0.04 ? 3 : 1;
      const digitised = rnd() < 0.55 + 0.35 * progress;
      const electronic = finished !== null && rnd() < 0.5 + 0.4 * progress;
      const fee = proc.hasFee;
      const paid = fee && rnd() < 0.35 + 0.45 * progress ? (rnd() < 0.7 ? 1 : 2) : '';
      const rating = finished !== null && rnd() < 0.15 ? [5, 5, 5, 4, 4, 3, 2, 1][Math.floor(rnd() * 8)] : '';
      const complaint = rnd() < 0.005 ? 1 : 0;
      yield `DEMO-${unit.code}-${day.replaceAll('-', '')}-${i},${proc.code},${unit.code},${stamp(received)},${stamp(due)},${finished === null ? '' : stamp(finished)},${finished === null ? 'DangXuLy' : 'DaTraKetQua'},${channel},${supplements},${digitised ? 1 : 0},${electronic ? 1 : 0},${fee ? 1 : 0},${paid},${rating},${complaint}\n`;
    }
  }

  await db.insertInto('source_systems').values({ code: DEMO_SOURCE, name: DEMO_SOURCE_NAME, user_id: null }).execute();
  const ctx = { db, clock, actor: systemActor('seed-demo'), ip: null };
  try {
    const r = await ingestDossiers(database, ctx, {
      source: DEMO_SOURCE,
      stream: Readable.from(lines()),
      format: 'csv',
      fileName: 'ho-so-minh-hoa.csv',
    });
    opts.log?.(`Demo dossiers loaded: ${r.rows} (illustrative)`);
    return { seeded: true, rows: r.rows };
  } catch (e) {
    await sql`DELETE FROM source_systems WHERE code = ${DEMO_SOURCE}`.execute(db);
    throw e;
  }
}
