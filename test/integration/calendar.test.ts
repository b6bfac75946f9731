import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, countRows, lastAuditId } from '../support/data.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

type Holiday = { day: string; name: string; kind: string };

describe.each(backends())('working calendar on %s', (kind) => {
  let s: TestServer;
  let par: Client; // sonoivu: the PAR office manages the calendar
  let canbo: Client; // a focal officer only reads it

  const addDays = (from: string, days: number) =>
    canbo.get<{ date: string }>(`/api/calendar/add-working-days?from=${from}&days=${days}`).then((r) => r.body.date);
  const between = (from: string, to: string) =>
    canbo.get<{ workingDays: number }>(`/api/calendar/working-days-between?from=${from}&to=${to}`).then((r) => r.body.workingDays);
  const calendarState = async () => ({
    holidays: await s.database.db.selectFrom('holidays').selectAll().orderBy('day').execute(),
    audit: await countRows(s.database.db, 'audit_log'),
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    par = await loginAs(s.url, 'sonoivu');
    canbo = await loginAs(s.url, 'quynhon.canbo');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('generates the 2025 public holidays once: Tết 28/1–1/2 (29 Tết and mùng 1–4) and Giỗ Tổ 7/4', async () => {
    const mark = await lastAuditId(s.database.db);
    const r = await canbo.get<{ items: Holiday[] }>('/api/calendar/holidays?year=2025');
    expect(r.status).toBe(200);
    expect(r.body.items.map((h) => h.day)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
    ]);
    const byDay = new Map(r.body.items.map((h) => [h.day, h]));
    expect(byDay.get('2025-01-28')).toEqual({ day: '2025-01-28', name: 'Tết Nguyên đán', kind: 'lunar' });
    expect(byDay.get('2025-02-01')).toEqual({ day: '2025-02-01', name: 'Tết Nguyên đán', kind: 'lunar' });
    expect(byDay.get('2025-04-07')).toEqual({ day: '2025-04-07', name: 'Giỗ Tổ Hùng Vương', kind: 'lunar' });
    expect(byDay.get('2025-01-01')).toEqual({ day: '2025-01-01', name: 'Tết Dương lịch', kind: 'fixed' });

    // asking again does not regenerate the year
    await canbo.get('/api/calendar/holidays?year=2025');
    const audit = await auditSince(s.database.db, mark);
    expect(audit.map((a) => [a.action, a.entity_id, a.actor_name])).toEqual([['calendar.initYear', '2025', 'system']]);
    expect(audit[0].after.holidays).toHaveLength(11);
    // 2026: Tết Bính Ngọ is 16–20/2/2026
    const y2026 = await canbo.get<{ items: Holiday[] }>('/api/calendar/holidays?year=2026');
    expect(y2026.body.items.filter((h) => h.name === 'Tết Nguyên đán').map((h) => h.day)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    expect((await canbo.get('/api/calendar/holidays?year=abc')).status).toBe(400);
  });

  it('counts working days around Tết 2025 with the default holidays', async () => {
    // Friday 24/1 + 1: Monday 27/1 is still a working day by default (Tết starts on Tuesday 28/1)
    expect(await addDays('2025-01-24', 1)).toBe('2025-01-27');
    // Monday 27/1 + 1: 28/1–1/2 is Tết, then the weekend: Monday 3/2
    expect(await addDays('2025-01-27', 1)).toBe('2025-02-03');
    expect(await addDays('2025-02-03', -1)).toBe('2025-01-27');
    expect(await addDays('2025-01-29', 0)).toBe('2025-02-03');
    // (24/1, 7/2]: 27/1 and 3/2–7/2
    expect(await between('2025-01-24', '2025-02-07')).toBe(6);
    expect(await between('2025-02-07', '2025-01-24')).toBe(-6);
    // across a year boundary: Wednesday 31/12/2025 + 1 skips New Year's Day 2026
    expect(await addDays('2025-12-31', 1)).toBe('2026-01-02');
  });

  it('follows the days the PAR office adds: a swapped day off, a custom holiday, a make-up Saturday', async () => {
    const mark = await lastAuditId(s.database.db);
    // the government's 2025 decision: Monday 27/1 off, made up on Saturday 15/2
    const swap = await par.post('/api/calendar/holidays', { day: '2025-01-27', name: 'Nghỉ hoán đổi dịp Tết' });
    expect(swap.status).toBe(201);
    expect(swap.body).toEqual({ day: '2025-01-27', name: 'Nghỉ hoán đổi dịp Tết', kind: 'custom' });
    expect(await addDays('2025-01-24', 1)).toBe('2025-02-03');

    const extra = await par.post('/api/calendar/holidays', { day: '2025-02-03', name: 'Ngày nghỉ bổ sung' });
    expect(extra.status).toBe(201);
    expect(await addDays('2025-01-24', 1)).toBe('2025-02-04');
    expect(await between('2025-01-24', '2025-02-07')).toBe(4);

    // a make-up Saturday counts as a working day
    expect(await addDays('2025-02-14', 1)).toBe('2025-02-17');
    const saturday = await par.post('/api/calendar/holidays', { day: '2025-02-15', name: 'Làm bù cho ngày 27/1', kind: 'workingWeekend' });
    expect(saturday.status).toBe(201);
    expect(await addDays('2025-02-14', 1)).toBe('2025-02-15');
    expect(await between('2025-02-14', '2025-02-17')).toBe(2);

    const list = await canbo.get<{ items: Holiday[] }>('/api/calendar/holidays?year=2025');
    expect(list.body.items.filter((h) => h.kind === 'custom' || h.kind === 'workingWeekend')).toEqual([
      { day: '2025-01-27', name: 'Nghỉ hoán đổi dịp Tết', kind: 'custom' },
      { day: '2025-02-03', name: 'Ngày nghỉ bổ sung', kind: 'custom' },
      { day: '2025-02-15', name: 'Làm bù cho ngày 27/1', kind: 'workingWeekend' },
    ]);
    const audit = await auditSince(s.database.db, mark);
    expect(audit.map((a) => [a.action, a.entity_id, a.actor_name])).toEqual([
      ['calendar.addDay', '2025-01-27', 'sonoivu'],
      ['calendar.addDay', '2025-02-03', 'sonoivu'],
      ['calendar.addDay', '2025-02-15', 'sonoivu'],
    ]);
    expect(audit[2].after).toEqual({ day: '2025-02-15', name: 'Làm bù cho ngày 27/1', kind: 'workingWeekend' });
  });

  it('refuses a focal officer, a duplicate day and a make-up weekday, and changes nothing', async () => {
    const before = await calendarState();
    const focal = await canbo.post('/api/calendar/holidays', { day: '2025-03-10', name: 'Ngày nghỉ tự đặt' });
    expect(focal.status).toBe(403);
    expect(focal.body.code).toBe('forbidden');
    expect((await canbo.delete('/api/calendar/holidays/2025-02-03')).status).toBe(403);

    const dup = await par.post('/api/calendar/holidays', { day: '2025-02-03', name: 'Lần hai' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('holiday_exists');
    expect(dup.body.detail).toBe('Ngày 03/02/2025 đã có trong danh sách.');
    // a default holiday is a day in the list too
    expect((await par.post('/api/calendar/holidays', { day: '2025-01-28', name: 'Trùng Tết' })).status).toBe(409);

    // a make-up working day must be a Saturday or Sunday
    const weekday = await par.post('/api/calendar/holidays', { day: '2025-02-12', name: 'Làm bù', kind: 'workingWeekend' });
    expect(weekday.status).toBe(422);
    expect(weekday.body.errors).toEqual([{ path: 'body.day', message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.' }]);
    expect((await par.post('/api/calendar/holidays', { day: '2025-02-30', name: 'Ngày không có' })).status).toBe(400);
    expect((await par.post('/api/calendar/holidays', { day: '2025-03-10', name: 'Sai loại', kind: 'lunar' })).status).toBe(400);

    expect(await calendarState()).toEqual(before);
    expect(await addDays('2025-01-24', 1)).toBe('2025-02-04');
  });

  it('deletes a day, and the count goes back', async () => {
    const mark = await lastAuditId(s.database.db);
    const r = await par.delete('/api/calendar/holidays/2025-02-03');
    expect(r.status).toBe(204);
    expect(await s.database.db.selectFrom('holidays').select('day').where('day', '=', '2025-02-03').execute()).toEqual([]);
    expect(await addDays('2025-01-24', 1)).toBe('2025-02-03');
    const audit = await auditSince(s.database.db, mark);
    expect(audit.map((a) => [a.action, a.entity_id, a.actor_name])).toEqual([['calendar.removeDay', '2025-02-03', 'sonoivu']]);
    expect(audit[0].before).toEqual({ day: '2025-02-03', name: 'Ngày nghỉ bổ sung', kind: 'custom' });

    // a default holiday can be removed too (e.g. when the government moves it)
    expect((await par.delete('/api/calendar/holidays/2025-09-01')).status).toBe(204);
    expect(await addDays('2025-08-29', 1)).toBe('2025-09-01');

    const before = await calendarState();
    const missing = await par.delete('/api/calendar/holidays/2025-03-10');
    expect(missing.status).toBe(404);
    expect(await calendarState()).toEqual(before);
  });
});
