import { describe, expect, it } from 'vitest';
import { checkMilestones, progress, requiredAt, requiredSeries, show } from './campaign.ts';

// An online-payment target of a commune: 20 % before the campaign, 50 % by day 50, 80 % by day 100.
const pay = {
  baseline: '20',
  milestones: [
    { day: 50, value: '50' },
    { day: 100, value: '80' },
  ],
};

describe('required pace', () => {
  it('is the straight line through the baseline and each milestone', () => {
    // day 10: 20 + (50 − 20) × 10/50 = 26
    expect(show(requiredAt(pay, 10))).toBe('26.00');
    expect(show(requiredAt(pay, 50))).toBe('50.00');
    // day 75: 50 + (80 − 50) × 25/50 = 65
    expect(show(requiredAt(pay, 75))).toBe('65.00');
    // after the last milestone it stays
    expect(show(requiredAt(pay, 120))).toBe('80.00');
    // day 7 on a 0 → 100 target by day 30: 100 × 7/30 = 23.333… → 23.33
    expect(show(requiredAt({ baseline: '0', milestones: [{ day: 30, value: '100' }] }, 7))).toBe('23.33');
  });
  it('gives chart points at day 0, the milestones and the last day', () => {
    expect(requiredSeries(pay, 100).map((p) => [p.day, show(p.value)])).toEqual([
      [0, '20.00'],
      [50, '50.00'],
      [100, '80.00'],
    ]);
    expect(requiredSeries(pay, 60).map((p) => [p.day, show(p.value)])).toEqual([
      [0, '20.00'],
      [50, '50.00'],
      [60, '56.00'],
    ]);
  });
});

describe('projection and early warning', () => {
  it('warns when the pace so far misses the next milestone', () => {
    // day 20 at 30 %: pace (30 − 20)/20 = 0.5 a day → day 50: 20 + 0.5 × 50 = 45 < 50 → warning
    const p = progress(pay, 20, '30');
    expect(show(p.required)).toBe('32.00');
    expect(p.next).toEqual({ day: 50, value: '50' });
    expect(show(p.projected!)).toBe('45.00');
    expect(p.warning).toBe(true);
  });
  it('does not warn when the pace reaches it exactly or better', () => {
    // day 20 at 32 %: 20 + 12/20 × 50 = 50 → on track
    expect(progress(pay, 20, '32').warning).toBe(false);
    // day 60 at 60 %: pace 40/60 → day 100: 20 + 40 × 100/60 = 86.666… → 86.67 ≥ 80
    const p = progress(pay, 60, '60');
    expect(show(p.projected!)).toBe('86.67');
    expect(p.warning).toBe(false);
  });
  it('reverses for a falling target, and says nothing without a value or after the last milestone', () => {
    // late dossiers 10 % → 4 % by day 50; day 25 at 8 %: 10 − 2 × 50/25 = 6 > 4 → warning
    const late = { baseline: '10', milestones: [{ day: 50, value: '4' }] };
    expect(show(progress(late, 25, '8').projected!)).toBe('6.00');
    expect(progress(late, 25, '8').warning).toBe(true);
    expect(progress(late, 25, '7').warning).toBe(false);
    expect(progress(pay, 20, null).warning).toBe(false);
    expect(progress(pay, 101, '10')).toMatchObject({ next: null, warning: false });
    expect(progress(pay, 0, '20').projected).toBeNull();
  });
  it('checks milestone order and the campaign length', () => {
    expect(checkMilestones(pay.milestones, 100)).toBeNull();
    expect(checkMilestones(pay.milestones, 99)).toBe('campaign_milestone_after_end');
    expect(
      checkMilestones(
        [
          { day: 50, value: '1' },
          { day: 50, value: '2' },
        ],
        100,
      ),
    ).toBe('campaign_milestone_order');
  });
});
