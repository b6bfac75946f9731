/**
 * Dashboard data of the plans module: completion by unit, the overdue trend month by month, campaign progress; and
 * the same as an Excel workbook.
 */
import ExcelJS from 'exceljs';
import { addDays, isoDate } from '../../domain/calendar/isoDate.ts';
import { vietnamDay, vietnamDayEnd } from '../../domain/shared/clock.ts';
import { div, mul, toFixed } from '../../domain/shared/decimal.ts';
import { authorize, reachFor } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { descendantsOf } from '../units/repo.ts';
import { campaignView } from './campaigns.ts';
import { completionByUnit, occurrenceLedger } from './completion.ts';
import { unitsById } from './repo.ts';

export async function dashboard(c: UseCaseContext, q: { year?: number; on?: string }) {
  authorize(c, 'plans.monitor');
  const on = q.on ?? vietnamDay(c.clock.now());
  const year = q.year ?? Number(on.slice(0, 4));
  const reach = reachFor(c.actor, 'plans.monitor');
  const units = reach === 'all' ? null : await descendantsOf(c.db, reach);
  const from = isoDate(year, 1, 1);
  const to = isoDate(year, 12, 31);
  const ledger = await occurrenceLedger(c.db, { from, to, unitIds: units });
  const occ = ledger.occurrences;
  const statusAt = ledger.statusAt;
  const perUnit = completionByUnit(ledger, on);
  const refs = await unitsById(c.db, [...perUnit.keys()]);
  const completion = [...perUnit.entries()]
    .map(([id, v]) => ({ unit: refs.get(id)!, ...v, rate: toFixed(mul(div(v.done, v.due), 100), 2) }))
    .sort((a, b) => Number(a.rate) - Number(b.rate) || b.late - a.late || a.unit.code.localeCompare(b.unit.code));

  const overdueTrend: { month: string; overdue: number }[] = [];
  for (let m = 1; m <= 12; m++) {
    const monthEnd = addDays(m === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, m + 1, 1), -1);
    const cut = monthEnd > on ? on : monthEnd;
    if (isoDate(year, m, 1) > on) break;
    const at = vietnamDayEnd(cut).getTime();
    overdueTrend.push({ month: `${year}-${String(m).padStart(2, '0')}`, overdue: occ.filter((o) => o.due_date < cut && statusAt(o.id, at) !== 'done').length });
  }

  const camps = await c.db
    .selectFrom('campaigns')
    .select('id')
    .where('start_date', '<=', on)
    .where('end_date', '>=', addDays(on, -30))
    .orderBy('start_date')
    .execute();
  const campaigns = [];
  for (const k of camps) {
    const v = await campaignView(c.db, k.id, on);
    const mine = units ? v.targets.filter((t) => units.includes(t.unit.id)) : v.targets;
    campaigns.push({ id: v.id, name: v.name, dayNumber: v.dayNumber, targets: mine.length, warnings: mine.filter((t) => t.warning).length });
  }
  return { on, year, completion, overdueTrend, campaigns };
}

export async function dashboardWorkbook(c: UseCaseContext, q: { year?: number; on?: string }) {
  const d = await dashboard(c, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const fmt = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const a = wb.addWorksheet('Hoàn thành theo đơn vị');
  a.addRow([`Tình hình thực hiện nhiệm vụ năm ${d.year}, đến ngày ${fmt(d.on)}`]).font = { bold: true, size: 13 };
  a.addRow([]);
  const h = a.addRow(['Mã đơn vị', 'Đơn vị', 'Số nhiệm vụ đến hạn', 'Đã hoàn thành', 'Quá hạn', 'Tỷ lệ hoàn thành (%)']);
  h.font = { bold: true };
  for (const r of d.completion) {
    const row = a.addRow([r.unit.code, r.unit.name, r.due, r.done, r.late, Number(r.rate)]);
    row.getCell(6).numFmt = '0.00';
  }
  [12, 40, 14, 14, 10, 16].forEach((w, i) => {
    a.getColumn(i + 1).width = w;
  });
  const b = wb.addWorksheet('Quá hạn theo tháng');
  b.addRow(['Tháng', 'Số nhiệm vụ quá hạn (cuối tháng)']).font = { bold: true };
  for (const t of d.overdueTrend) b.addRow([`${t.month.slice(5)}/${t.month.slice(0, 4)}`, t.overdue]);
  b.getColumn(1).width = 12;
  b.getColumn(2).width = 30;
  const cs = wb.addWorksheet('Chiến dịch');
  cs.addRow(['Chiến dịch', 'Ngày thứ', 'Số chỉ tiêu', 'Chỉ tiêu có cảnh báo']).font = { bold: true };
  for (const k of d.campaigns) cs.addRow([k.name, k.dayNumber, k.targets, k.warnings]);
  cs.getColumn(1).width = 60;
  return { name: `tinh-hinh-thuc-hien-${d.year}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
