import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The demo seed (run with the clock at TEST_NOW, 02/03/2026) holds an illustrative plan and a 100-day campaign.
describe.each(backends())('plans demo data on %s', (kind) => {
  let s: TestServer;
  let office: Client;

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('has a plan modelled on 2126/KH-UBND, marked illustrative, with work for Phường Quy Nhơn', async () => {
    const plans = (await office.get('/api/plans')).body.items;
    expect(plans.map((p: { number: string }) => p.number)).toEqual(['2126/KH-UBND (minh họa)']);
    const plan = (await office.get(`/api/plans/${plans[0].id}`)).body.plan;
    expect(plan.purpose).toContain('Dữ liệu minh họa');
    expect(plan.tasks.map((t: { ref: string }) => t.ref)).toEqual(['1', '2', '2.1', '3', '4', '5']);
    const officer = await loginAs(s.url, 'quynhon.canbo');
    const unitId = plan.tasks[0].leadUnit.id;
    const inbox = (await officer.get(`/api/plans/inbox?unitId=${unitId}`)).body;
    // task 1 is late (reported in progress), task 2 is due in two days
    expect(inbox.items.filter((i: { state: string }) => i.state !== 'upcoming').map((i: { ref: string; state: string }) => `${i.ref} ${i.state}`)).toEqual([
      '1 late',
      '2 dueSoon',
    ]);
  });

  it('has a 100-day campaign on day 40 with a warning for the unit that is behind', async () => {
    const list = (await office.get('/api/plans/campaigns')).body.items;
    expect(list).toHaveLength(1);
    const c = (await office.get(`/api/plans/campaigns/${list[0].id}`)).body.campaign;
    expect(c.dayNumber).toBe(40);
    const reported = c.targets.filter((t: { indicator: string | null; current: string | null }) => t.indicator === null && t.current !== null);
    // Quy Nhơn: 8 by day 35 → 8 × 50/35 = 11.43 ≥ 10; the other commune: 3 → 4.29 < 10
    expect(
      reported.map((t: { current: string; projection: { projected: string }; warning: boolean }) => [t.current, t.projection.projected, t.warning]).sort(),
    ).toEqual([
      ['3.00', '4.29', true],
      ['8.00', '11.43', false],
    ]);
  });

  it('has an inspection plan that covers at least 30 % of the assessed units', async () => {
    const list = (await office.get('/api/plans/inspection-plans?year=2026')).body.items;
    expect(list.map((p: { name: string }) => p.name)).toEqual(['Kiểm tra công tác CCHC năm 2026 (minh họa)']);
    expect(list[0].coverage.meetsMinimum).toBe(true);
    expect(Number(list[0].coverage.percent)).toBeGreaterThanOrEqual(30);
  });
});
