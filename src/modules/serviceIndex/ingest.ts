import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import { bulkLoad, type Row } from '../../db/bulkLoad.ts';
import type { Database } from '../../db/database.ts';
import { fillWithoutIndexes } from '../../db/indexes.ts';
import type { DB } from '../../db/schema.ts';
import { DISLIKE_MAX_RATING, parsePeriod } from '../../domain/serviceIndex/index.ts';
import { AppError, type RowError } from '../../server/errors.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadCalendar } from '../calendar/repo.ts';
import { CsvQuoteError, csvChunks } from './csv-chunks.ts';
import {
  type DossierRow,
  decodingStream,
  type FieldReader,
  fieldPositions,
  parseDossierRecord,
  type Refs,
  recordReader,
  type TextEncodingName,
  valuesReader,
} from './dossier-rows.ts';
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
// rows staged per COPY: large enough that the per-statement cost vanishes, small enough to keep memory bounded
const CHUNK = 50_000;

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
  const problem = (p: RowError) => {
    if (errors.length < MAX_ERRORS) errors.push(p);
  };
  const accept = (get: FieldReader, rowNo: number): boolean => {
    rows++;
    const r = parseDossierRecord(get, rowNo, refs);
    if ('problems' in r) {
      for (const p of r.problems) problem(p);
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
      let positions: ReturnType<typeof fieldPositions> | null = null;
      let width = 0;
      let rowNo = 0;
      for await (const block of csvChunks(text)) {
        for (const values of block) {
          rowNo++;
          if (!positions) {
            positions = fieldPositions(values);
            width = values.length;
            continue;
          }
          if (values.length !== width) {
            rows++;
            problem({
              row: rowNo,
              column: '',
              message: `Dòng có ${values.length} cột, dòng tiêu đề có ${width} (tệp bị cắt cụt?)`,
              messageEn: `The row has ${values.length} columns, the header ${width} (truncated file?)`,
            });
            continue;
          }
          if (accept(valuesReader(values, positions), rowNo)) await flush();
        }
      }
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
        problem({
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
      return accept(recordReader(rec), rowNo);
    }
    await flush();
    await settle();
  } catch (e) {
    await inFlight;
    await db.transaction().execute((trx) => clearStaging(trx, batchId));
    if (e instanceof AppError) throw e;
    if (e instanceof CsvQuoteError)
      throw new AppError('import_failed', {
        status: 422,
        errors: [
          {
            row: e.row,
            column: '',
            message: 'Trường trong ngoặc kép không được đóng (tệp bị cắt cụt?)',
            messageEn: 'A quoted field is never closed (truncated file?)',
          },
        ],
        params: { count: 1 },
      });
    const msg = (e as Error).message ?? String(e);
    throw new AppError('dossier_file_unreadable', { status: 422, params: { reason: msg.slice(0, 200) } });
  }
  // The same MaHoSo twice in one batch: harmless when identical, refused when the data differ. Codes are compared
  // byte for byte (COLLATE "C"): fast, and a code is an identifier, not text to sort for people.
  const repeated = await sql<{ one: number }>`
    SELECT 1 AS one FROM dossier_staging WHERE batch_id = ${batchId}
    GROUP BY code COLLATE "C" HAVING count(*) > 1 LIMIT 1`.execute(db);
  const hasRepeats = repeated.rows.length > 0;
  if (hasRepeats) {
    const conflicts = await sql<{ code: string; row_no: number }>`
      SELECT code, max(row_no) AS row_no FROM dossier_staging WHERE batch_id = ${batchId}
      GROUP BY code
      HAVING count(DISTINCT (unit_id, procedure_code, received_at, due_at, finished_at, status, channel, supplement_count,
        digitised, electronic_result, financial_obligation, online_payment, rating, feedback, source_updated_at)) > 1
      ORDER BY 2 LIMIT ${MAX_ERRORS}`.execute(db);
    for (const c of conflicts.rows)
      problem({
        row: c.row_no,
        column: 'MaHoSo',
        message: `Hồ sơ ${c.code} xuất hiện nhiều lần với dữ liệu khác nhau`,
        messageEn: `Dossier ${c.code} appears more than once with different data`,
      });
  }
  errors.sort((x, y) => x.row - y.row);
  if (errors.length || rows === 0) {
    await db.transaction().execute((trx) => clearStaging(trx, batchId));
    if (rows === 0) throw new AppError('dossier_file_empty', { status: 422 });
    throw new AppError('import_failed', { status: 422, errors, params: { count: errors.length } });
  }

  phase('parseAndStage');
  return db.transaction().execute(async (trx) => {
    // one merge per source system at a time: a dossier is new or known for the whole statement
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`cchc.dossiers:${input.source}`}))`.execute(trx);
    // the aggregates and sorts of a large batch stay in memory
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    // A day's sync looks its dossiers up by key, one month partition each. The planner does not count on skipping the
    // other months, so it would rather scan every stored dossier, and JIT-compiles each lookup: both are set aside
    // for a small batch (at 3M stored dossiers, finding 12,000 known ones: 0.9 s → 0.1 s).
    const byKey = rows <= 200_000;
    if (byKey) {
      await sql`SET LOCAL jit = off`.execute(trx);
      await sql`SET LOCAL enable_hashjoin = off`.execute(trx);
      await sql`SET LOCAL enable_mergejoin = off`.execute(trx);
    }
    await ensureMonthPartitions(trx, batchId);
    const columns = sql`unit_id, source, code, received_day, procedure_code, received_at, due_at, finished_at, status, channel,
        supplement_count, digitised, electronic_result, financial_obligation, online_payment, rating, feedback, outcome,
        late_working_days, source_updated_at, batch_id`;
    const key = (a: string, b: string) =>
      sql.raw(`${a}.unit_id = ${b}.unit_id AND ${a}.received_day = ${b}.received_day AND ${a}.source = ${b}.source AND ${a}.code = ${b}.code`);
    const anyKnown =
      (
        await sql`SELECT 1 FROM dossier_staging s WHERE s.batch_id = ${batchId} AND EXISTS (SELECT 1 FROM dossiers d WHERE ${key('d', 's')}) LIMIT 1`.execute(
          trx,
        )
      ).rows.length > 0;
    // What the batch writes. Only new dossiers, once each (a first load, a day's new receipts): the staged rows as they
    // are. Otherwise one row per dossier, less those not newer than what is stored (unchanged); the stored rows they
    // replace are kept aside to take their counts out of the rollups. Either way the work follows the size of the batch.
    let written = sql`dossier_staging d WHERE d.batch_id = ${batchId}`;
    let unchanged = 0;
    let updated = 0;
    if (anyKnown || hasRepeats) {
      await sql`
        CREATE TEMP TABLE dossier_written ON COMMIT DROP AS
        SELECT DISTINCT ON (unit_id, received_day, source, code) ${columns} FROM dossier_staging WHERE batch_id = ${batchId}
        ORDER BY unit_id, received_day, source, code, row_no`.execute(trx);
      await sql`ANALYZE dossier_written`.execute(trx);
      await sql`
        CREATE TEMP TABLE dossier_replaced ON COMMIT DROP AS
        SELECT d.* FROM dossier_written w JOIN dossiers d ON ${key('d', 'w')} WHERE d.source_updated_at < w.source_updated_at`.execute(trx);
      const kept = await sql`DELETE FROM dossier_written w USING dossiers d WHERE ${key('d', 'w')} AND d.source_updated_at >= w.source_updated_at`.execute(trx);
      unchanged = Number(kept.numAffectedRows ?? 0);
      updated = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossier_replaced`.execute(trx)).rows[0].n);
      written = sql`dossier_written d`;
    }
    // in partition order, so that each month's indexes are written one after the other
    const result = await sql`
      INSERT INTO dossiers (${columns}) SELECT ${columns} FROM ${written} ORDER BY received_day
      ${
        anyKnown
          ? sql`ON CONFLICT (unit_id, source, code, received_day) DO UPDATE SET
        procedure_code = excluded.procedure_code, received_at = excluded.received_at, due_at = excluded.due_at,
        finished_at = excluded.finished_at, status = excluded.status, channel = excluded.channel,
        supplement_count = excluded.supplement_count, digitised = excluded.digitised,
        electronic_result = excluded.electronic_result, financial_obligation = excluded.financial_obligation,
        online_payment = excluded.online_payment, rating = excluded.rating, feedback = excluded.feedback,
        outcome = excluded.outcome, late_working_days = excluded.late_working_days,
        source_updated_at = excluded.source_updated_at, batch_id = excluded.batch_id`
          : sql``
      }`.execute(trx);
    const inserted = Number(result.numAffectedRows ?? 0) - updated;
    phase('merge');
    if (updated > 0) await subtractFromRollups(trx, sql`dossier_replaced d`);
    await addToRollups(trx, written);
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
    await clearStaging(trx, batchId);
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

/**
 * Removes a batch from staging, and what killed imports left there (rows a day old: never those of an import still
 * running). When no other import is staging rows (the usual case) the table is emptied with TRUNCATE, so that a large
 * batch leaves no dead rows for the next import to read through; the lock waits for the chunks other imports are
 * writing at that moment and keeps new ones out until the transaction ends.
 */
async function clearStaging(trx: Kysely<DB>, batchId: string): Promise<void> {
  await sql`LOCK TABLE dossier_staging IN ACCESS EXCLUSIVE MODE`.execute(trx);
  const leftover = sql`staged_at < now() - interval '1 day'`;
  const others = await sql`SELECT 1 FROM dossier_staging WHERE batch_id <> ${batchId} AND NOT (${leftover}) LIMIT 1`.execute(trx);
  if (others.rows.length) await sql`DELETE FROM dossier_staging WHERE batch_id = ${batchId} OR ${leftover}`.execute(trx);
  else await sql`TRUNCATE dossier_staging`.execute(trx);
}

/** Monthly partitions for the months a staged batch touches (Vietnam days of receipt). */
async function ensureMonthPartitions(trx: Kysely<DB>, batchId: string): Promise<void> {
  const days = await sql<{ d: string }>`SELECT DISTINCT received_day::text AS d FROM dossier_staging WHERE batch_id = ${batchId}`.execute(trx);
  const existing = new Set(
    (await sql<{ relname: string }>`SELECT relname FROM pg_class WHERE relname LIKE 'dossiers\_%'`.execute(trx)).rows.map((r) => r.relname),
  );
  for (const month of new Set(days.rows.map((r) => r.d.slice(0, 7)))) {
    const p = parsePeriod(month);
    const name = `dossiers_${month.replace('-', '_')}`;
    if (!p || existing.has(name)) continue;
    // rows already in the default partition for that month must move into the new partition
    await sql.raw(`CREATE TABLE ${name} (LIKE dossiers INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`).execute(trx);
    await sql.raw(`INSERT INTO ${name} SELECT * FROM dossiers_default WHERE received_day >= '${p.start}' AND received_day < '${p.end}'`).execute(trx);
    await sql.raw(`DELETE FROM dossiers_default WHERE received_day >= '${p.start}' AND received_day < '${p.end}'`).execute(trx);
    await sql.raw(`ALTER TABLE dossiers ATTACH PARTITION ${name} FOR VALUES FROM ('${p.start}') TO ('${p.end}')`).execute(trx);
  }
}

/** The daily rollup columns, and their values over the dossiers of relation `d` (dossiers, or a staged batch). */
const ROLLUP_COLUMNS = sql`unit_id, procedure_code, day, received, finished, early, on_time, late, in_progress, online, post,
  digitised, electronic_result, financial_obligation, paid_online, feedback, late_working_days, feedback_or_dissatisfied`;
const rollupSelect = (from: ReturnType<typeof sql>) => sql`
  SELECT d.unit_id, d.procedure_code, d.received_day,
    count(*), count(d.finished_at),
    count(*) FILTER (WHERE d.outcome = 'early'), count(*) FILTER (WHERE d.outcome = 'onTime'),
    count(*) FILTER (WHERE d.outcome = 'late'), count(*) FILTER (WHERE d.outcome = 'inProgress'),
    count(*) FILTER (WHERE d.channel = 2), count(*) FILTER (WHERE d.channel = 3),
    count(*) FILTER (WHERE d.digitised), count(*) FILTER (WHERE d.electronic_result),
    count(*) FILTER (WHERE d.financial_obligation), count(*) FILTER (WHERE d.online_payment IS NOT NULL),
    count(*) FILTER (WHERE d.feedback), coalesce(sum(d.late_working_days), 0),
    count(*) FILTER (WHERE d.feedback OR d.rating <= ${DISLIKE_MAX_RATING})
  FROM ${from}
  GROUP BY d.unit_id, d.procedure_code, d.received_day`;

/** Adds the counts of dossiers that are all new (none was counted before) to the daily rollups. */
async function addToRollups(trx: Kysely<DB>, from: ReturnType<typeof sql>): Promise<void> {
  await sql`
    INSERT INTO dossier_daily AS t (${ROLLUP_COLUMNS}) ${rollupSelect(from)}
    ORDER BY 1, 2, 3
    ON CONFLICT (unit_id, procedure_code, day) DO UPDATE SET
      received = t.received + excluded.received, finished = t.finished + excluded.finished,
      early = t.early + excluded.early, on_time = t.on_time + excluded.on_time, late = t.late + excluded.late,
      in_progress = t.in_progress + excluded.in_progress, online = t.online + excluded.online, post = t.post + excluded.post,
      digitised = t.digitised + excluded.digitised, electronic_result = t.electronic_result + excluded.electronic_result,
      financial_obligation = t.financial_obligation + excluded.financial_obligation,
      paid_online = t.paid_online + excluded.paid_online, feedback = t.feedback + excluded.feedback,
      late_working_days = t.late_working_days + excluded.late_working_days,
      feedback_or_dissatisfied = t.feedback_or_dissatisfied + excluded.feedback_or_dissatisfied`.execute(trx);
  await bumpDataVersion(trx);
}

/**
 * Takes the counts of dossiers about to be replaced out of the daily rollups; a day left with no dossier loses its row
 * (as a full rebuild would not make it).
 */
async function subtractFromRollups(trx: Kysely<DB>, from: ReturnType<typeof sql>): Promise<void> {
  await sql`
    UPDATE dossier_daily t SET
      received = t.received - o.received, finished = t.finished - o.finished, early = t.early - o.early,
      on_time = t.on_time - o.on_time, late = t.late - o.late, in_progress = t.in_progress - o.in_progress,
      online = t.online - o.online, post = t.post - o.post, digitised = t.digitised - o.digitised,
      electronic_result = t.electronic_result - o.electronic_result,
      financial_obligation = t.financial_obligation - o.financial_obligation, paid_online = t.paid_online - o.paid_online,
      feedback = t.feedback - o.feedback, late_working_days = t.late_working_days - o.late_working_days,
      feedback_or_dissatisfied = t.feedback_or_dissatisfied - o.feedback_or_dissatisfied
    FROM (${rollupSelect(from)}) o (${ROLLUP_COLUMNS})
    WHERE t.unit_id = o.unit_id AND t.procedure_code = o.procedure_code AND t.day = o.day`.execute(trx);
  await sql`
    DELETE FROM dossier_daily t USING (SELECT DISTINCT d.unit_id, d.procedure_code, d.received_day FROM ${from}) o
    WHERE t.unit_id = o.unit_id AND t.procedure_code = o.procedure_code AND t.day = o.received_day AND t.received = 0`.execute(trx);
}

/**
 * The full rebuild of the daily rollups from the dossiers, bumping the service index data version in the same
 * transaction: one INSERT … SELECT … GROUP BY into the emptied table, its indexes built after the rows (the table is
 * locked until the transaction commits). Imports keep the rollups up to date by difference; this gives the same numbers.
 */
export async function rebuildRollups(trx: Kysely<DB>): Promise<void> {
  await sql`TRUNCATE dossier_daily`.execute(trx);
  await fillWithoutIndexes(trx, 'dossier_daily', () => sql`INSERT INTO dossier_daily (${ROLLUP_COLUMNS}) ${rollupSelect(sql`dossiers d`)}`.execute(trx));
  await bumpDataVersion(trx);
}
