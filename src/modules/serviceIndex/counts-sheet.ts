import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { COUNT_LABELS, combineCounts, countRatioProblems, type GroupId, groupCountFields, type RuleVersion } from '../../domain/serviceIndex/index.ts';
import { AppError, invalid, type RowError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadWorkbook, WorkbookError } from '../shared/xlsx.ts';
import { enteredCounts, upsertCounts, versionOf } from './entered-counts.ts';
import { bumpDataVersion } from './score-cache.ts';
import { periodCounts, periodOrFail } from './stored-scores.ts';

/**
 * The Excel round trip of entered Decision 766 counts for a period: one row per unit (agencies and communes that
 * exist in the period), one column per count of every group. Row 1 names the group and the count in Vietnamese, row 2
 * holds the technical key (group.count) that the import reads, so the columns may be reordered or hidden.
 */

function columns(version: RuleVersion) {
  return version.groups.flatMap((g) => groupCountFields(version, g.id).map((f) => ({ group: g.id, groupName: g.name, name: f.name, required: f.required })));
}

async function periodUnits(c: UseCaseContext, start: string, end: string) {
  const rows = await sql<{ id: string; code: string; name: string; kind: string }>`
    SELECT id, code, name, kind FROM units
    WHERE kind IN ('agency', 'commune') AND (valid_from IS NULL OR valid_from < ${end}) AND (valid_to IS NULL OR valid_to > ${start})`.execute(c.db);
  const collator = new Intl.Collator('vi');
  return rows.rows.sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'agency' ? -1 : 1));
}

export async function countsWorkbook(c: UseCaseContext, periodText: string) {
  authorize(c, 'serviceIndex.manage');
  const p = periodOrFail(periodText);
  const version = versionOf(p.text);
  const cols = columns(version);
  const [units, entered] = await Promise.all([periodUnits(c, p.start, p.end), enteredCounts(c.db, p.text)]);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Số liệu', { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  ws.addRow(['Mã đơn vị', 'Tên đơn vị', ...cols.map((x) => `${x.groupName} — ${COUNT_LABELS[x.name]?.vi ?? x.name}${x.required ? '' : ' (không bắt buộc)'}`)]);
  ws.addRow(['code', 'name', ...cols.map((x) => `${x.group}.${x.name}`)]);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(1).height = 60;
  ws.getRow(2).font = { color: { argb: 'FF808080' }, size: 8 };
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 36;
  cols.forEach((_, i) => {
    ws.getColumn(i + 3).width = 16;
  });
  for (const u of units) {
    const e = entered.get(u.id) ?? {};
    ws.addRow([u.code, u.name, ...cols.map((x) => e[x.group]?.[x.name] ?? null)]);
  }
  const help = wb.addWorksheet('Hướng dẫn');
  for (const line of [
    `Số liệu bổ sung Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) — kỳ ${p.text}`,
    'Nhập các số liệu không có trong dữ liệu hồ sơ (ví dụ lấy từ Cổng Dịch vụ công quốc gia), mỗi đơn vị một dòng.',
    'Ô để trống: dùng số liệu tính từ hồ sơ (nếu có). Xóa hết các ô của một nhóm: xóa số liệu đã nhập của nhóm đó.',
    'Không sửa dòng 2 (mã kỹ thuật của cột). Nhập tất cả hoặc không nhập gì: tệp có lỗi được trả lại kèm danh sách lỗi theo dòng, cột.',
  ])
    help.addRow([line]);
  help.getColumn(1).width = 120;
  return { name: `so-lieu-766-${p.text}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

function cellNumber(v: ExcelJS.CellValue): number | null | 'bad' {
  if (v === null || v === undefined || v === '') return null;
  const raw = typeof v === 'object' && v !== null && 'result' in v ? (v.result as unknown) : v;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : 'bad';
  if (typeof raw === 'string') {
    const t = raw.trim().replace(/\./g, '');
    if (t === '') return null;
    return /^\d{1,10}$/.test(t) ? Number(t) : 'bad';
  }
  return 'bad';
}

/** Imports the template back, all or nothing: each row's groups are checked by the scorer like a single entry. */
export async function importCounts(c: UseCaseContext, periodText: string, buf: Buffer) {
  authorize(c, 'serviceIndex.manage');
  const p = periodOrFail(periodText);
  const version = versionOf(p.text);
  let wb: ExcelJS.Workbook;
  try {
    wb = await loadWorkbook(buf);
  } catch (e) {
    if (e instanceof WorkbookError) throw new AppError('procedure_file_unreadable', { status: 422, params: { vi: e.messageVi, en: e.messageEn } });
    throw e;
  }
  const ws = wb.worksheets[0];
  const errors: RowError[] = [];
  const bad = (row: number, column: string, vi: string, en: string) => errors.push({ row, column, message: vi, messageEn: en });
  const known = new Set(columns(version).map((x) => `${x.group}.${x.name}`));
  const keyRow = ws.getRow(2);
  const keyCols: { col: number; letter: string; group: GroupId; name: string }[] = [];
  let codeCol = 0;
  keyRow.eachCell((cell, col) => {
    const key = String(cell.value ?? '').trim();
    if (key === 'code') codeCol = col;
    else if (key === 'name' || key === '') return;
    else if (known.has(key)) {
      const [group, name] = key.split('.') as [GroupId, string];
      keyCols.push({ col, letter: ws.getColumn(col).letter, group, name });
    } else bad(2, ws.getColumn(col).letter, `Cột "${key}" không phải số liệu của Chỉ số 766`, `Column "${key}" is not a Decision 766 count`);
  });
  if (codeCol === 0) bad(2, 'A', 'Thiếu cột mã đơn vị (dòng 2 phải có "code")', 'The unit code column is missing (row 2 must hold "code")');
  if (errors.length) throw invalid('import_failed', errors, { count: errors.length });

  const units = new Map((await periodUnits(c, p.start, p.end)).map((u) => [u.code, u]));
  const derived = new Map((await periodCounts(c.db, p.start, p.end)).map((d) => [d.unitId, d.counts]));
  const writes: { unitId: string; group: GroupId; counts: Record<string, number> }[] = [];
  const seen = new Map<string, number>();
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = String(row.getCell(codeCol).value ?? '').trim();
    const values = keyCols.map((k) => ({ ...k, v: cellNumber(row.getCell(k.col).value) }));
    if (!code && values.every((x) => x.v === null)) continue;
    const unit = units.get(code);
    if (!unit) {
      bad(r, ws.getColumn(codeCol).letter, `Không có đơn vị mã "${code}" trong kỳ ${p.text}`, `No unit with code "${code}" in ${p.text}`);
      continue;
    }
    if (seen.has(code)) {
      bad(r, ws.getColumn(codeCol).letter, `Đơn vị "${code}" đã có ở dòng ${seen.get(code)}`, `Unit "${code}" already appears on row ${seen.get(code)}`);
      continue;
    }
    seen.set(code, r);
    const byGroup: Partial<Record<GroupId, Record<string, number>>> = {};
    for (const x of values) {
      if (x.v === 'bad') bad(r, x.letter, 'Phải là số nguyên không âm', 'Must be a non-negative whole number');
      else if (x.v !== null) byGroup[x.group] = { ...(byGroup[x.group] ?? {}), [x.name]: x.v };
    }
    const combined = combineCounts(version, (derived.get(unit.id) ?? {}) as never, byGroup);
    for (const pr of countRatioProblems(version, combined.merged)) {
      const [, , , group, name] = pr.path.split('.');
      const letter = keyCols.find((k) => k.group === group && k.name === name)?.letter ?? '';
      const params = pr.params as Record<string, string>;
      bad(
        r,
        letter,
        `Chỉ tiêu ${params.indicator ?? ''}: ${COUNT_LABELS[params.numerator]?.vi ?? name} lớn hơn ${COUNT_LABELS[params.denominator]?.vi ?? ''}`,
        `Indicator ${params.indicator ?? ''}: ${COUNT_LABELS[params.numerator]?.en ?? name} is greater than ${COUNT_LABELS[params.denominator]?.en ?? ''}`,
      );
    }
    const groupsInSheet = new Set(keyCols.map((k) => k.group));
    for (const g of groupsInSheet) writes.push({ unitId: unit.id, group: g, counts: byGroup[g] ?? {} });
  }
  if (errors.length) throw invalid('import_failed', errors, { count: errors.length });

  const before = await enteredCounts(c.db, p.text);
  let set = 0;
  let cleared = 0;
  await c.db.transaction().execute(async (trx) => {
    const now = c.clock.now();
    for (const w of writes) {
      const had = before.get(w.unitId)?.[w.group];
      if (Object.keys(w.counts).length === 0) {
        if (had) {
          await trx.deleteFrom('service_index_counts').where('unit_id', '=', w.unitId).where('period', '=', p.text).where('group_id', '=', w.group).execute();
          cleared++;
        }
        continue;
      }
      if (had && JSON.stringify(Object.entries(had).sort()) === JSON.stringify(Object.entries(w.counts).sort())) continue;
      await upsertCounts(trx, { ...w, period: p.text, by: actorIdOrNull(c.actor), at: now });
      set++;
    }
    if (set + cleared > 0) await bumpDataVersion(trx);
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'serviceIndex.counts.import',
      entityType: 'serviceIndexCounts',
      entityId: p.text,
      unitId: null,
      before: null,
      after: { period: p.text, rows: seen.size, set, cleared },
      ip: c.ip,
    });
  });
  return { period: p.text, rows: seen.size, set, cleared, unchanged: writes.length - set - cleared };
}
