import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  countsFromDossiers,
  DISLIKE_MAX_RATING,
  type DrillFilter,
  type Period,
  parsePeriod,
  previousPeriod,
  QD766_VERSIONS,
  selectVersion,
} from '../../domain/serviceIndex/index.ts';
import { vietnamDayStart } from '../../domain/shared/clock.ts';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { combinedPeriodCounts } from './entered-counts.ts';
import { scoreEndpoint } from './routes.ts';
import { cachedPeriodResult, readDataVersion } from './score-cache.ts';

export function periodOrFail(text: string) {
  const p = parsePeriod(text);
  if (!p) throw fieldInvalid('service_index_invalid_period', 'querystring.period', { period: text });
  return p;
}

/** The last instant of a period in Vietnam (UTC+7), as the on-time rules need it. */
function periodEndInstant(endDay: string): string {
  return new Date(vietnamDayStart(endDay).getTime() - 1).toISOString();
}

/**
 * Counts per unit for a period, read from the daily rollups (never from raw dossiers, except the open ones whose
 * timeliness depends on the period's end). Reading of "hồ sơ tiếp nhận, xử lý trong kỳ": dossiers received in the
 * period (provisional; methodology §3.3).
 */
export async function periodCounts(db: Kysely<DB>, start: string, end: string, unitId?: string) {
  // one unit's counts read only that unit's rows (the entry form, the save's check)
  const dailyUnit = unitId ? sql`AND d.unit_id = ${unitId}` : sql``;
  const openUnit = unitId ? sql`AND unit_id = ${unitId}` : sql``;
  const daily = await sql<{
    unit_id: string;
    received: string;
    done_on_time: string;
    full_eligible: string;
    full_online: string;
    obligation: string;
    paid_online: string;
    fee_procedures: string;
    fee_procedures_paid: string;
    digitised: string;
    finished: string;
    electronic_result: string;
    feedback_or_dissatisfied: string;
  }>`
    SELECT d.unit_id,
      sum(d.received) AS received,
      sum(d.early + d.on_time) AS done_on_time,
      sum(d.received) FILTER (WHERE p.online_service = 'full') AS full_eligible,
      sum(d.online) FILTER (WHERE p.online_service = 'full') AS full_online,
      sum(d.financial_obligation) AS obligation,
      sum(d.paid_online) AS paid_online,
      count(DISTINCT d.procedure_code) FILTER (WHERE p.has_fee) AS fee_procedures,
      count(DISTINCT d.procedure_code) FILTER (WHERE p.has_fee AND d.paid_online > 0) AS fee_procedures_paid,
      sum(d.digitised) AS digitised,
      sum(d.finished) AS finished,
      sum(d.electronic_result) AS electronic_result,
      sum(d.feedback_or_dissatisfied) AS feedback_or_dissatisfied
    FROM dossier_daily d LEFT JOIN procedures p ON p.code = d.procedure_code
    WHERE d.day >= ${start} AND d.day < ${end} ${dailyUnit}
    GROUP BY d.unit_id`.execute(db);
  const open = await sql<{ unit_id: string; n: string }>`
    SELECT unit_id, count(*) AS n FROM dossiers
    WHERE finished_at IS NULL AND received_day >= ${start} AND received_day < ${end} AND due_at >= ${periodEndInstant(end)} ${openUnit}
    GROUP BY unit_id`.execute(db);
  const openBy = new Map(open.rows.map((r) => [r.unit_id, Number(r.n)]));
  return daily.rows.map((r) => ({
    unitId: r.unit_id,
    counts: countsFromDossiers({
      received: Number(r.received),
      onTime: Number(r.done_on_time) + (openBy.get(r.unit_id) ?? 0),
      finished: Number(r.finished),
      fullOnlineEligible: Number(r.full_eligible ?? 0),
      fullOnline: Number(r.full_online ?? 0),
      financialObligation: Number(r.obligation),
      paidOnline: Number(r.paid_online),
      feeProcedures: Number(r.fee_procedures),
      feeProceduresPaid: Number(r.fee_procedures_paid),
      electronicResult: Number(r.electronic_result),
      digitised: Number(r.digitised),
      feedbackOrDissatisfied: Number(r.feedback_or_dissatisfied),
    }),
  }));
}

/**
 * Scores of a period from stored data with the same function as the stateless scorer; null when no rules apply.
 * Every unit of the period, before any filtering by who asks: cached under (period, rule version, data version).
 */
function scorePeriod(c: UseCaseContext, p: Period, dataVersion: bigint) {
  const v = selectVersion(QD766_VERSIONS, p.text);
  const version = v.ok ? v.version : null;
  return cachedPeriodResult(c.db, dataVersion, `${p.text}|${version?.id ?? '-'}`, async () => {
    const units = await combinedPeriodCounts(c.db, p, version);
    if (units.length === 0) return { units, scored: null };
    try {
      const input = units.map((u) => ({ unitId: u.unitId, counts: u.counts }));
      return { units, scored: scoreEndpoint({ units: input, period: p.text } as never) as { units: { unitId: string; rank: number }[] } };
    } catch (e) {
      // a period outside every rule version (e.g. before Decision 766) has no scores to compare with
      if (e instanceof AppError && e.status === 422) return { units, scored: null };
      throw e;
    }
  });
}

/**
 * The league table of a period from stored data, with each unit's rank in the previous period of the same kind and
 * the change (positive: moved up). A unit with no dossiers in the previous period (e.g. a commune formed on 1/7/2025
 * compared with 2025-Q2) has no previous rank.
 */
export async function storedScores(c: UseCaseContext, periodText: string) {
  authorize(c, 'serviceIndex.read');
  const p = periodOrFail(periodText);
  const prev = previousPeriod(p);
  // the version is read before the data, so a result is never older than the version it is cached under
  const dataVersion = await readDataVersion(c.db);
  const [current, before] = await Promise.all([scorePeriod(c, p, dataVersion), scorePeriod(c, prev, dataVersion)]);
  if (!current.scored) {
    if (current.units.length === 0) return { period: p.text, previousPeriod: prev.text, units: [], names: {} };
    // counts exist but no rule version applies: the same 422 as the stateless scorer
    scoreEndpoint({ units: current.units.map((u) => ({ unitId: u.unitId, counts: u.counts })), period: p.text } as never);
  }
  const scored = current.scored as { units: { unitId: string; rank: number }[] };
  const previousRank = new Map((before.scored?.units ?? []).map((u) => [u.unitId, u.rank]));
  const units = current.units;
  const names = await c.db
    .selectFrom('units')
    .select(['id', 'name', 'code'])
    .where(
      'id',
      'in',
      units.map((u) => u.unitId),
    )
    .execute();
  return {
    ...scored,
    previousPeriod: prev.text,
    units: scored.units.map((u) => {
      const before = previousRank.get(u.unitId) ?? null;
      return { ...u, previousRank: before, rankChange: before === null ? null : before - u.rank };
    }),
    counts: Object.fromEntries(units.map((u) => [u.unitId, u.counts])),
    /** Per unit, the groups that have some counts but not all required ones, with the missing names. */
    missingCounts: Object.fromEntries(units.filter((u) => Object.keys(u.missing).length > 0).map((u) => [u.unitId, u.missing])),
    names: Object.fromEntries(names.map((n) => [n.id, { name: n.name, code: n.code }])),
  };
}

/**
 * The dossiers that cost a unit points in a period, by indicator (drillFilterFor): late or overdue ones (with how late),
 * not online, fee not paid online, with feedback or a low rating, without an electronic result, not digitised.
 */
export async function drillDown(c: UseCaseContext, unitId: string, periodText: string, filter: DrillFilter, page: number, pageSize: number) {
  authorize(c, 'serviceIndex.read', { unitPath: await unitPath(c.db, unitId) });
  const p = periodOrFail(periodText);
  let q = c.db
    .selectFrom('dossiers as d')
    .leftJoin('procedures as p', 'p.code', 'd.procedure_code')
    .where('d.unit_id', '=', unitId)
    .where('d.received_day', '>=', p.start)
    .where('d.received_day', '<', p.end);
  const endInstant = periodEndInstant(p.end);
  switch (filter) {
    case 'notOnTime':
      // the complement of what periodCounts counts as on time
      q = q.where((eb) =>
        eb.or([
          eb('d.outcome', '=', 'late'),
          eb.and([eb('d.finished_at', 'is', null), eb.or([eb('d.due_at', 'is', null), eb('d.due_at', '<', new Date(endInstant))])]),
        ]),
      );
      break;
    case 'late':
      q = q.where('d.outcome', '=', 'late');
      break;
    case 'open':
      q = q.where('d.finished_at', 'is', null);
      break;
    case 'notOnlineFull':
      q = q.where('p.online_service', '=', 'full').where('d.channel', '<>', 2);
      break;
    case 'notOnline':
      q = q.where('d.channel', '<>', 2);
      break;
    case 'feeNotPaidOnline':
      q = q.where('d.financial_obligation', '=', true).where('d.online_payment', 'is', null);
      break;
    case 'dissatisfied':
      q = q.where((eb) => eb.or([eb('d.feedback', '=', true), eb('d.rating', '<=', DISLIKE_MAX_RATING)]));
      break;
    case 'noElectronicResult':
      q = q.where('d.finished_at', 'is not', null).where('d.electronic_result', '=', false);
      break;
    case 'notDigitised':
      q = q.where('d.digitised', '=', false);
      break;
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<string>().as('total')).execute();
  const rows = await q
    .select([
      'd.code',
      'd.source',
      'd.procedure_code',
      'p.name as procedure_name',
      'd.received_at',
      'd.due_at',
      'd.finished_at',
      'd.status',
      'd.channel',
      'd.outcome',
      'd.late_working_days',
      'd.digitised',
      'd.online_payment',
      'd.apology_at',
      'd.rating',
      'd.feedback',
      'd.electronic_result',
    ])
    .orderBy('d.late_working_days', (ob) => ob.desc().nullsLast())
    .orderBy('d.received_at')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      code: r.code,
      source: r.source,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      receivedAt: new Date(r.received_at).toISOString(),
      dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      status: r.status,
      channel: r.channel,
      outcome: r.outcome,
      lateWorkingDays: r.late_working_days,
      digitised: r.digitised,
      onlinePayment: r.online_payment,
      rating: r.rating,
      feedback: r.feedback,
      electronicResult: r.electronic_result,
      apologyAt: r.apology_at ? new Date(r.apology_at).toISOString() : null,
    })),
  };
}

export async function drillDownWorkbook(c: UseCaseContext, unitId: string, periodText: string, filter: DrillFilter) {
  const unit = await c.db.selectFrom('units').select(['name', 'code']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound();
  const r = await drillDown(c, unitId, periodText, filter, 1, 100_000);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ', { views: [{ state: 'frozen', ySplit: 1 }] });
  const vn = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 7 * 3600_000) : null);
  ws.columns = [
    { header: 'Mã hồ sơ', key: 'code', width: 28 },
    { header: 'Mã TTHC', key: 'proc', width: 18 },
    { header: 'Tên thủ tục', key: 'name', width: 40 },
    { header: 'Ngày tiếp nhận', key: 'recv', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: 'Ngày hẹn trả', key: 'due', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: 'Ngày kết thúc', key: 'fin', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: 'Kênh', key: 'channel', width: 8 },
    { header: 'Trễ (ngày làm việc)', key: 'late', width: 12 },
    { header: 'Số hóa', key: 'dig', width: 8 },
    { header: 'Kết quả điện tử', key: 'eres', width: 10 },
    { header: 'Thanh toán trực tuyến', key: 'paid', width: 12 },
    { header: 'Đánh giá (1–5)', key: 'rating', width: 10 },
    { header: 'Có PAKN', key: 'fb', width: 9 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const it of r.items) {
    ws.addRow({
      code: it.code,
      proc: it.procedureCode,
      name: it.procedureName,
      recv: vn(it.receivedAt),
      due: vn(it.dueAt),
      fin: vn(it.finishedAt),
      channel: it.channel,
      late: it.lateWorkingDays,
      dig: it.digitised ? 'Có' : 'Không',
      eres: it.electronicResult ? 'Có' : 'Không',
      paid: it.onlinePayment ? 'Có' : 'Không',
      rating: it.rating,
      fb: it.feedback ? 'Có' : 'Không',
    });
  }
  return { name: `ho-so-${unit.code}-${periodText}-${filter}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
