/**
 * The procedure catalogue (danh mục thủ tục hành chính, TTHC) use cases: list and search, export (.xlsx / CSV),
 * all-or-nothing import, and the illustrative demo catalogue. File formats: catalogue-sheet.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, ProceduresTable } from '../../db/schema.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { invalid } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import {
  canonicalAmount,
  LEGAL_TIME_UNITS,
  type LegalTimeUnit,
  ONLINE_SERVICES,
  type OnlineService,
  PROCEDURE_CODE_RE,
  PROCEDURE_LEVELS,
  type ProcedureLevel,
  type ProcedureRecord,
  parseCatalogueFile,
  writeCatalogueCsv,
  writeCatalogueWorkbook,
} from './catalogue-sheet.ts';
import { bumpDataVersion } from './score-cache.ts';

type ProcedureRow = Selectable<ProceduresTable>;

/** A catalogue entry as the API shows it. */
export interface ProcedureDto {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  onlineService: OnlineService;
  hasFee: boolean;
  legalMax: number | null;
  legalMaxUnit: LegalTimeUnit | null;
  publishedOn: string | null;
  illustrative: boolean;
  updatedAt: string;
}

function toRecord(r: ProcedureRow): ProcedureRecord {
  return {
    code: r.code,
    name: r.name,
    field: r.field,
    level: r.level,
    onlineService: r.online_service,
    hasFee: r.has_fee,
    legalMax: r.legal_max === null ? null : canonicalAmount(r.legal_max),
    legalMaxUnit: r.legal_max_unit,
    publishedOn: r.published_on,
    illustrative: r.illustrative,
  };
}

function toDto(r: ProcedureRow): ProcedureDto {
  const { legalMax, ...rest } = toRecord(r);
  return { ...rest, legalMax: legalMax === null ? null : Number(legalMax), updatedAt: new Date(r.updated_at).toISOString() };
}

function toColumns(r: ProcedureRecord, at: Date) {
  return {
    code: r.code,
    name: r.name,
    field: r.field,
    level: r.level,
    online_service: r.onlineService,
    has_fee: r.hasFee,
    legal_max: r.legalMax,
    legal_max_unit: r.legalMax === null ? null : r.legalMaxUnit,
    published_on: r.publishedOn,
    illustrative: r.illustrative,
    created_at: at,
    updated_at: at,
  };
}

const sameRecord = (a: ProcedureRecord, b: ProcedureRecord) =>
  a.name === b.name &&
  a.field === b.field &&
  a.level === b.level &&
  a.onlineService === b.onlineService &&
  a.hasFee === b.hasFee &&
  a.legalMax === b.legalMax &&
  a.legalMaxUnit === b.legalMaxUnit &&
  a.publishedOn === b.publishedOn &&
  a.illustrative === b.illustrative;

// ---------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------

export interface ProcedureFilter {
  /** Part of the name (without regard to case or diacritics) or of the code. */
  q?: string;
  /** The field (lĩnh vực), matched whole without regard to case or diacritics. */
  field?: string;
  level?: ProcedureLevel;
  onlineService?: OnlineService;
  limit: number;
  offset: number;
}

/** LIKE treats % and _ as wildcards; a search for them means the characters themselves. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** One page of the catalogue, ordered by code, and the number of entries matching the filter. */
export async function listProcedures(c: UseCaseContext, f: ProcedureFilter) {
  authorize(c, 'serviceIndex.read');
  let base = c.db.selectFrom('procedures');
  const needle = f.q?.trim();
  if (needle) {
    const like = escapeLike(needle.normalize('NFC'));
    base = base.where((eb) =>
      eb.or([
        eb(sql`f_unaccent(procedures.name)`, 'like', sql`'%' || f_unaccent(${like}) || '%'`),
        eb(sql`procedures.code`, 'like', sql`'%' || upper(${like}) || '%'`),
      ]),
    );
  }
  const field = f.field?.trim();
  if (field) base = base.where(sql<boolean>`f_unaccent(procedures.field) = f_unaccent(${field.normalize('NFC')})`);
  if (f.level) base = base.where('level', '=', f.level);
  if (f.onlineService) base = base.where('online_service', '=', f.onlineService);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('code').limit(f.limit).offset(f.offset).execute(),
  ]);
  return { items: rows.map(toDto), total: Number(count.n), limit: f.limit, offset: f.offset };
}

// ---------------------------------------------------------------------------
// Export and import
// ---------------------------------------------------------------------------

/** The whole catalogue, ordered by code, as the same file the import reads. */
export async function exportProcedures(c: UseCaseContext, format: 'xlsx' | 'csv'): Promise<Buffer> {
  authorize(c, 'serviceIndex.read');
  const rows = await c.db.selectFrom('procedures').selectAll().orderBy('code').execute();
  const records = rows.map(toRecord);
  return format === 'xlsx' ? writeCatalogueWorkbook(records) : writeCatalogueCsv(records);
}

/** Codes listed in the audit entry of an import, per kind; the counts are always complete. */
export const AUDIT_CODE_LIMIT = 100;

export interface ImportProceduresResult {
  format: 'xlsx' | 'csv';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports a catalogue file (.xlsx or CSV, told apart by content) all-or-nothing: every row is checked first and any
 * error stops the import before anything is written (422 import_failed with the row/column list). Rows are matched
 * by code: a new code is created, a known code whose data differs is updated, an identical one is left alone; codes
 * missing from the file are kept. A file without the 'Dữ liệu minh họa' column imports its rows as real data. One
 * audit entry per import, with the counts and the created and updated codes (the first AUDIT_CODE_LIMIT of each).
 */
export async function importProcedures(c: UseCaseContext, file: Buffer, fileName: string | null = null): Promise<ImportProceduresResult> {
  authorize(c, 'serviceIndex.manage');
  const parsed = await parseCatalogueFile(file);
  if (parsed.errors.length > 0) throw invalid('import_failed', parsed.errors, { count: parsed.errors.length });

  return c.db.transaction().execute(async (trx) => {
    // Two imports at once would otherwise both see a code as new.
    await sql`LOCK TABLE procedures IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const existing = new Map((await trx.selectFrom('procedures').selectAll().execute()).map((r) => [r.code, toRecord(r)]));
    const created: string[] = [];
    const updated: string[] = [];
    const toWrite: ProcedureRecord[] = [];
    for (const r of parsed.rows) {
      const before = existing.get(r.code);
      if (before && sameRecord(before, r)) continue;
      (before ? updated : created).push(r.code);
      toWrite.push(r);
    }
    const at = c.clock.now();
    for (let i = 0; i < toWrite.length; i += 500) {
      await trx
        .insertInto('procedures')
        .values(toWrite.slice(i, i + 500).map((r) => toColumns(r, at)))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            field: eb.ref('excluded.field'),
            level: eb.ref('excluded.level'),
            online_service: eb.ref('excluded.online_service'),
            has_fee: eb.ref('excluded.has_fee'),
            legal_max: eb.ref('excluded.legal_max'),
            legal_max_unit: eb.ref('excluded.legal_max_unit'),
            published_on: eb.ref('excluded.published_on'),
            illustrative: eb.ref('excluded.illustrative'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    // online service level and fee decide which dossiers count for indicators 3 and 4
    if (toWrite.length > 0) await bumpDataVersion(trx);
    const result: ImportProceduresResult = {
      format: parsed.format,
      rows: parsed.rows.length,
      created: created.length,
      updated: updated.length,
      unchanged: parsed.rows.length - created.length - updated.length,
    };
    await writeAudit(trx, {
      at,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'serviceIndex.procedures.import',
      entityType: 'procedureCatalogue',
      entityId: null,
      after: {
        ...result,
        fileName: fileName === null ? null : fileName.slice(0, 200),
        illustrativeColumn: parsed.hasIllustrativeColumn,
        createdCodes: created.slice(0, AUDIT_CODE_LIMIT),
        updatedCodes: updated.slice(0, AUDIT_CODE_LIMIT),
        codesTruncated: created.length > AUDIT_CODE_LIMIT || updated.length > AUDIT_CODE_LIMIT,
      },
      ip: c.ip,
    });
    return result;
  });
}

// ---------------------------------------------------------------------------
// Demo catalogue
// ---------------------------------------------------------------------------

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/766/demo-procedures.json');

interface DemoProcedure {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  onlineService: OnlineService;
  hasFee: boolean;
  legalMax: number | null;
  legalMaxUnit: LegalTimeUnit | null;
  publishedOn: string | null;
  illustrative: boolean;
}

/** data/766/demo-procedures.json, checked; every entry is illustrative (the file says so, and so does each row). */
export function loadDemoProcedures(): ProcedureRecord[] {
  const doc = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as { _status?: string; procedures: DemoProcedure[] };
  if (doc._status !== 'illustrative') throw new Error(`${demoFile}: expected "_status": "illustrative"`);
  return doc.procedures.map((p) => {
    const legalMax = p.legalMax === null ? null : canonicalAmount(p.legalMax);
    const ok =
      PROCEDURE_CODE_RE.test(p.code) &&
      p.name.trim() !== '' &&
      p.field.trim() !== '' &&
      (PROCEDURE_LEVELS as readonly string[]).includes(p.level) &&
      (ONLINE_SERVICES as readonly string[]).includes(p.onlineService) &&
      (p.legalMax === null
        ? p.legalMaxUnit === null
        : legalMax !== null && p.legalMaxUnit !== null && (LEGAL_TIME_UNITS as readonly string[]).includes(p.legalMaxUnit)) &&
      p.illustrative === true;
    if (!ok) throw new Error(`${demoFile}: invalid demo procedure ${JSON.stringify(p)}`);
    return { ...p, legalMax, illustrative: true };
  });
}

/**
 * Loads the illustrative demo catalogue into an empty catalogue; a catalogue that already has entries (imported or
 * seeded before) is left alone, so running it again changes nothing. With a clock, the seed is audited.
 */
export async function seedDemoProcedures(db: Kysely<DB>, clock?: Clock): Promise<{ seeded: boolean; procedures: number }> {
  const records = loadDemoProcedures();
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE procedures IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const any = await trx.selectFrom('procedures').select('code').limit(1).executeTakeFirst();
    if (any) return { seeded: false, procedures: 0 };
    const at = clock?.now() ?? new Date();
    await trx
      .insertInto('procedures')
      .values(records.map((r) => toColumns(r, at)))
      .execute();
    await bumpDataVersion(trx);
    if (clock) {
      await writeAudit(trx, {
        at,
        actorId: null,
        actorName: 'system',
        action: 'seed.demoProcedures',
        entityType: 'procedureCatalogue',
        entityId: null,
        after: { procedures: records.length, illustrative: true, source: 'data/766/demo-procedures.json' },
        ip: null,
      });
    }
    return { seeded: true, procedures: records.length };
  });
}
