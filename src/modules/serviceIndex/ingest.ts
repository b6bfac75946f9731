import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { type Kysely, sql } from 'kysely';
import { bulkLoad, type Row } from '../../db/bulkLoad.ts';
import type { Database } from '../../db/database.ts';
import { fillWithoutIndexes } from '../../db/indexes.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, type RowError } from '../../server/errors.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadCalendar } from '../calendar/repo.ts';
import { type DossierRow, decodingStream, parseDossierRecord, type Refs, type TextEncodingName } from './dossier-rows.ts';
import { bumpDataVersion } from './score-cache.ts';

const STAGING_COLUMNS = [
  'batch_id',
  'unit_id',
  'source',
  'code',
  'received_day',
  'procedure_code',
  'received_at',
  'due_at',
  'finished_at',
  'status',
  'channel',
  'supplement_count',
  'digitised',
  'electronic_result',
  'financial_obligation',
  'online_payment',
  'rating',
  'feedback',
  'outcome',
  'late_working_days',
  'source_updated_at',
  'row_no',
];
const MAX_ERRORS = 1000;
const CHUNK = 5000;

async function loadRefs(db: Kysely<DB>, at: Date): Promise<Refs> {
  const units = new Map<string, { id: string; from: string | null; to: string | null }[]>();
  for (const u of await db.selectFrom('units').select(['id', 'code', 'valid_from', 'valid_to']).execute()) {
    units.set(u.code, [...(units.get(u.code) ?? []), { id: u.id, from: u.valid_from, to: u.valid_to }]);
  }
  const procedures = new Map<string, Refs['procedures'] extends Map<string, infer V> ? V : never>();
  const rows = await sql<{
    code: string;
    legal_max: string | null;
    legal_max_unit: string | null;
  }>`SELECT code, legal_max, legal_max_unit FROM procedures`.execute(db);
  for (const p of rows.rows) {
    const amount = p.legal_max === null ? null : Number(p.legal_max);
    procedures.set(p.code, {
      legalMax: amount && p.legal_max_unit && Number.isInteger(amount) ? { amount, unit: p.legal_max_unit as 'hour' | 'day' | 'workingDay' | 'month' } : null,
    });
  }
  const year = at.getUTCFullYear();
  const calendar = await loadCalendar(
    db,
    Array.from({ length: year - 2015 + 3 }, (_, i) => 2015 + i),
    at,
  );
  return { units, procedures, calendar };
}

function toStaging(batchId: string, source: string, r: DossierRow, rowNo: number): Row {
  return [
    batchId,
    r.unitId,
    source,
    r.code,
    r.receivedDay,
    r.procedureCode,
    r.receivedAt,
    r.dueAt,
    r.finishedAt,
    r.status,
    r.channel,
    r.supplementCount,
    r.digitised,
    r.electronicResult,
    r.financialObligation,
    r.onlinePayment,
    r.rating,
    r.feedback,
    r.outcome,
    r.lateWorkingDays,
    r.sourceUpdatedAt,
    rowNo,
  ];
}

export interface IngestResult {
  batchId: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encoding: TextEncodingName;
}

/**
 * Imports a batch of dossiers from a CSV or NDJSON stream, all or nothing:
 * 1. every row is parsed and validated as it streams (memory stays bounded), and staged in chunks;
 * 2. with any bad row, the staged rows are dropped and the row/column errors returned (nothing changes);
 * 3. otherwise one transaction upserts by (source, MaHoSo) — the newest NgayCapNhat wins — and refreshes the daily
 *    rollups of every (unit, procedure, day) the batch touched.
 */
export async function ingestDossiers(
  database: Database,
  c: UseCaseContext,
  input: { source: string; stream: Readable; format: 'csv' | 'ndjson'; fileName?: string | null },
  /** Called at the end of each phase with its duration (the bench prints them). */
  onPhase?: (phase: 'parseAndStage' | 'merge' | 'rollups', ms: number) => void,
): Promise<IngestResult> {
  let phaseStart = performance.now();
  const phase = (name: 'parseAndStage' | 'merge' | 'rollups') => {
    const now = performance.now();
    onPhase?.(name, now - phaseStart);
    phaseStart = now;
  };
  const db = database.db;
  const batchId = randomUUID();
  const refs = await loadRefs(db, c.clock.now());
  const errors: RowError[] = [];
  let encoding: TextEncodingName = 'utf-8';
  let chunk: Row[] = [];
  let rows = 0;
  // Leftovers of a killed import are never read; clear them.
  await sql`DELETE FROM dossier_staging WHERE batch_id NOT IN (SELECT id FROM dossier_batches)`.execute(db);

  // Staging overlaps with parsing: one chunk is written while the next is read (at most one write in flight).
  let inFlight: Promise<unknown> = Promise.resolve();
  let loadError: unknown = null;
  const settle = async () => {
    await inFlight;
    if (loadError) throw loadError;
  };
  const flush = async () => {
    await settle();
    // rows keep being staged after a bad row, so that duplicate conflicts are reported together with the rest
    if (chunk.length === 0) return;
    const rowsToLoad = chunk;
    chunk = [];
    inFlight = bulkLoad(database, 'dossier_staging', STAGING_COLUMNS, rowsToLoad).catch((e) => {
      loadError = e;
    });
  };
  // Synchronous per row; the caller awaits only when a chunk is full.
  const accept = (rec: Record<string, string | undefined>, rowNo: number): boolean => {
    rows++;
    const r = parseDossierRecord(rec, rowNo, refs);
    if ('problems' in r) {
      if (errors.length < MAX_ERRORS) errors.push(...r.problems.slice(0, MAX_ERRORS - errors.length));
      return false;
    }
    chunk.push(toStaging(batchId, input.source, r.row, rowNo));
    return chunk.length >= CHUNK;
  };

  try {
    const text = input.stream.pipe(
      decodingStream((e) => {
        encoding = e;
      }),
    );
    if (input.format === 'csv') {
      const parser = text.pipe(
        parse({
          columns: (h: string[]) => h.map((x) => x.replace(/^\uFEFF/, '').trim()),
          bom: true,
          delimiter: [',', ';', '\t'],
          relax_column_count: false,
          skip_empty_lines: true,
          trim: true,
        }),
      );
      let rowNo = 1;
      for await (const rec of parser) if (accept(rec as Record<string, string>, ++rowNo)) await flush();
    } else {
      let buffered = '';
      let rowNo = 0;
      for await (const piece of text) {
        buffered += piece;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          rowNo++;
          if (line && acceptJson(line, rowNo)) await flush();
          nl = buffered.indexOf('\n');
        }
      }
      if (buffered.trim() && acceptJson(buffered.trim(), ++rowNo)) await flush();
    }
    function acceptJson(line: string, rowNo: number): boolean {
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        if (errors.length < MAX_ERRORS)
          errors.push({
            row: rowNo,
            column: '',
            message: 'Dòng không phải JSON hợp lệ (tệp bị cắt cụt?)',
            messageEn: 'The line is not valid JSON (truncated file?)',
          });
        return false;
      }
      const rec = Object.fromEntries(
        Object.entries(obj as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)]),
      );
      return accept(rec, rowNo);
    }
    await flush();
    await settle();
  } catch (e) {
    await inFlight;
    await sql`DELETE FROM dossier_staging WHERE batch_id = ${batchId}`.execute(db);
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message ?? String(e);
    throw new AppError('dossier_file_unreadable', { status: 422, params: { reason: msg.slice(0, 200) } });
  }
  // The same MaHoSo twice in one batch: harmless when identical, refused when the data differ.
  {
    const conflicts = await sql<{ code: string; row_no: number }>`
      SELECT code, max(row_no) AS row_no FROM dossier_staging WHERE batch_id = ${batchId}
      GROUP BY code
      HAVING count(DISTINCT (unit_id, procedure_code, received_at, due_at, finished_at, status, channel, supplement_count,
        digitised, electronic_result, financial_obligation, online_payment, rating, feedback, source_updated_at)) > 1
      ORDER BY 2 LIMIT ${MAX_ERRORS}`.execute(db);
    for (const c of conflicts.rows) {
      if (errors.length >= MAX_ERRORS) break;
      errors.push({
        row: c.row_no,
        column: 'MaHoSo',
        message: `Hồ sơ ${c.code} xuất hiện nhiều lần với dữ liệu khác nhau`,
        messageEn: `Dossier ${c.code} appears more than once with different data`,
      });
    }
  }
  errors.sort((x, y) => x.row - y.row);
  if (errors.length || rows === 0) {
    await sql`DELETE FROM dossier_staging WHERE batch_id = ${batchId}`.execute(db);
    if (rows === 0) throw new AppError('dossier_file_empty', { status: 422 });
    throw new AppError('import_failed', { status: 422, errors, params: { count: errors.length } });
  }

  phase('parseAndStage');
  return db.transaction().execute(async (trx) => {
    await ensureMonthPartitions(trx, batchId);
    // (partitioned tables cannot return xmax, so new rows are counted before the upsert)
    const fresh = await sql<{ n: string }>`
      SELECT count(*) AS n FROM dossier_staging s
      WHERE s.batch_id = ${batchId} AND NOT EXISTS (
        SELECT 1 FROM dossiers d WHERE d.unit_id = s.unit_id AND d.source = s.source AND d.code = s.code AND d.received_day = s.received_day)`.execute(trx);
    const merged = await sql<{ n: string }>`
      WITH merged AS (
      INSERT INTO dossiers (unit_id, source, code, received_day, procedure_code, received_at, due_at, finished_at, status, channel,
        supplement_count, digitised, electronic_result, financial_obligation, online_payment, rating, feedback, outcome,
        late_working_days, source_updated_at, batch_id)
      SELECT DISTINCT ON (unit_id, source, code, received_day) unit_id, source, code, received_day, procedure_code,
        received_at, due_at, finished_at, status, channel, supplement_count, digitised, electronic_result,
        financial_obligation, online_payment, rating, feedback, outcome, late_working_days, source_updated_at, batch_id
      FROM dossier_staging WHERE batch_id = ${batchId}
      ORDER BY unit_id, source, code, received_day, row_no
      ON CONFLICT (unit_id, source, code, received_day) DO UPDATE SET
        procedure_code = excluded.procedure_code, received_at = excluded.received_at, due_at = excluded.due_at,
        finished_at = excluded.finished_at, status = excluded.status, channel = excluded.channel,
        supplement_count = excluded.supplement_count, digitised = excluded.digitised,
        electronic_result = excluded.electronic_result, financial_obligation = excluded.financial_obligation,
        online_payment = excluded.online_payment, rating = excluded.rating, feedback = excluded.feedback,
        outcome = excluded.outcome, late_working_days = excluded.late_working_days,
        source_updated_at = excluded.source_updated_at, batch_id = excluded.batch_id
      WHERE dossiers.source_updated_at < excluded.source_updated_at
      RETURNING 1)
      SELECT count(*) AS n FROM merged`.execute(trx);
    const distinct = await sql<{ n: string }>`SELECT count(DISTINCT code) AS n FROM dossier_staging WHERE batch_id = ${batchId}`.execute(trx);
    const inserted = Number(fresh.rows[0].n);
    const updated = Number(merged.rows[0].n) - inserted;
    const unchanged = Number(distinct.rows[0].n) - inserted - updated;
    phase('merge');
    await refreshRollups(trx, sql`SELECT DISTINCT unit_id, procedure_code, received_day FROM dossier_staging WHERE batch_id = ${batchId}`);
    phase('rollups');
    await trx
      .insertInto('dossier_batches')
      .values({
        id: batchId,
        source: input.source,
        file_name: input.fileName ?? null,
        rows,
        inserted,
        updated,
        unchanged,
        encoding,
        created_by: actorIdOrNull(c.actor),
        created_at: c.clock.now(),
      })
      .execute();
    await sql`DELETE FROM dossier_staging WHERE batch_id = ${batchId}`.execute(trx);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'dossiers.import',
      entityType: 'dossierBatch',
      entityId: batchId,
      after: { source: input.source, fileName: input.fileName ?? null, rows, inserted, updated, encoding },
      ip: c.ip,
    });
    return { batchId, rows, inserted, updated, unchanged, encoding };
  });
}

/** Monthly partitions for the months a staged batch touches (Vietnam days of receipt). */
async function ensureMonthPartitions(trx: Kysely<DB>, batchId: string): Promise<void> {
  const months = await sql<{ m: string }>`SELECT DISTINCT to_char(received_day, 'YYYY_MM') AS m FROM dossier_staging WHERE batch_id = ${batchId}`.execute(trx);
  for (const { m } of months.rows) {
    if (!/^\d{4}_\d{2}$/.test(m)) continue;
    const [y, mo] = m.split('_').map(Number);
    const from = `${y}-${String(mo).padStart(2, '0')}-01`;
    const to = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    const exists = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_class WHERE relname = ${`dossiers_${m}`}`.execute(trx);
    if (Number(exists.rows[0].n) > 0) continue;
    // rows already in the default partition for that month must move into the new partition
    await sql.raw(`CREATE TABLE dossiers_${m} (LIKE dossiers INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`).execute(trx);
    await sql.raw(`INSERT INTO dossiers_${m} SELECT * FROM dossiers_default WHERE received_day >= '${from}' AND received_day < '${to}'`).execute(trx);
    await sql.raw(`DELETE FROM dossiers_default WHERE received_day >= '${from}' AND received_day < '${to}'`).execute(trx);
    await sql.raw(`ALTER TABLE dossiers ATTACH PARTITION dossiers_${m} FOR VALUES FROM ('${from}') TO ('${to}')`).execute(trx);
  }
}

/**
 * Recomputes the daily rollups of the given (unit, procedure, day) keys from the dossiers themselves, and bumps the
 * service index data version in the same transaction. With null keys, the full rebuild: one INSERT … SELECT … GROUP BY
 * into the emptied table, its indexes built after the rows (the table is locked until the transaction commits).
 */
export async function refreshRollups(trx: Kysely<DB>, keys: ReturnType<typeof sql> | null): Promise<void> {
  const where = keys ? sql`WHERE (d.unit_id, d.procedure_code, d.received_day) IN (${keys})` : sql``;
  const insert = sql`
    INSERT INTO dossier_daily (unit_id, procedure_code, day, received, finished, early, on_time, late, in_progress, online, post,
      digitised, electronic_result, financial_obligation, paid_online, feedback, late_working_days, feedback_or_dissatisfied)
    SELECT d.unit_id, d.procedure_code, d.received_day,
      count(*), count(d.finished_at),
      count(*) FILTER (WHERE d.outcome = 'early'), count(*) FILTER (WHERE d.outcome = 'onTime'),
      count(*) FILTER (WHERE d.outcome = 'late'), count(*) FILTER (WHERE d.outcome = 'inProgress'),
      count(*) FILTER (WHERE d.channel = 2), count(*) FILTER (WHERE d.channel = 3),
      count(*) FILTER (WHERE d.digitised), count(*) FILTER (WHERE d.electronic_result),
      count(*) FILTER (WHERE d.financial_obligation), count(*) FILTER (WHERE d.online_payment IS NOT NULL),
      count(*) FILTER (WHERE d.feedback), coalesce(sum(d.late_working_days), 0),
      count(*) FILTER (WHERE d.feedback OR d.rating <= 2)
    FROM dossiers d ${where}
    GROUP BY d.unit_id, d.procedure_code, d.received_day`;
  if (keys) {
    await sql`DELETE FROM dossier_daily WHERE (unit_id, procedure_code, day) IN (${keys})`.execute(trx);
    await insert.execute(trx);
  } else {
    await sql`TRUNCATE dossier_daily`.execute(trx);
    await fillWithoutIndexes(trx, 'dossier_daily', () => insert.execute(trx));
  }
  await bumpDataVersion(trx);
}
