import { describe, expect, it } from 'vitest';
import { countsFromDossiers, type DossierTallies, feedbackOrDislike, rateParts } from './dossierCounts.ts';
import { scoreUnits } from './score.ts';

const none: DossierTallies = {
  received: 0,
  onTime: 0,
  finished: 0,
  fullOnlineEligible: 0,
  fullOnline: 0,
  financialObligation: 0,
  paidOnline: 0,
  feeProcedures: 0,
  feeProceduresPaid: 0,
  electronicResult: 0,
  digitised: 0,
  feedbackOrDissatisfied: 0,
};

/** One indicator scored from one group's counts (the other groups are left out, so not scored). */
const indicator = (counts: Record<string, Record<string, number>>, group: 'progress' | 'satisfaction', code: string) => {
  const r = scoreUnits({ units: [{ unitId: 'u', counts: { [group]: counts[group] } }] }, { period: '2025-Q4' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.units[0].groups[group].indicators.find((i) => i.code === code);
};

describe('Decision 766 counts from dossiers', () => {
  it('gives the progress counts of the reference breakdown and its rate (methodology §3.3: 1652/2270 → 14.56 of 20)', () => {
    const c = countsFromDossiers({ ...none, received: 2270, onTime: 1652, finished: 2200 });
    expect(c.progress).toEqual({ received: 2270, onTime: 1652 });
    expect(rateParts('onTimeRate', c)).toEqual({ numerator: 1652, denominator: 2270 });
    expect(indicator(c, 'progress', '2.1')).toMatchObject({ numerator: '1652', denominator: '2270', points: '14.56' });
  });

  it('derives 5.4 from overdue and dissatisfied dossiers: 100 % − (overdue + with feedback or dislike)', () => {
    // 5 dossiers, 3 on time → 2 overdue; 2 with feedback or a rating of 1–2 → (5 − 2 − 2) / 5 = 20 %, target 90 %
    const c = countsFromDossiers({ ...none, received: 5, onTime: 3, finished: 3, electronicResult: 2, digitised: 2, feedbackOrDissatisfied: 2 });
    expect(c.satisfaction).toEqual({ dossiersHandled: 5, dossiersOverdue: 2, dossiersWithFeedbackOrDislike: 2 });
    expect(c.digitisation).toEqual({ dossiersReceived: 5, dossiersResolved: 3, dossiersWithElectronicResult: 2, dossiersDigitised: 2 });
    const counts = {
      ...c,
      satisfaction: { ...c.satisfaction, feedbackTotal: 0, feedbackOnTime: 0, feedbackDisliked: 0, feedbackRepeated: 0, feedbackOverdue: 0 },
    };
    expect(indicator(counts, 'satisfaction', '5.4')).toMatchObject({ numerator: '1', denominator: '5', points: '1.33' });
  });

  it('reads each rate over its own denominator', () => {
    const c = countsFromDossiers({ ...none, received: 10, fullOnlineEligible: 4, fullOnline: 3, financialObligation: 6, paidOnline: 5, digitised: 7 });
    expect(rateParts('onlineRate', c)).toEqual({ numerator: 3, denominator: 4 });
    expect(rateParts('onlinePaymentRate', c)).toEqual({ numerator: 5, denominator: 6 });
    expect(rateParts('digitisationRate', c)).toEqual({ numerator: 7, denominator: 10 });
  });

  it('counts a dossier as 5.4 "PAKN hoặc dislike" when it has feedback or a rating of 1–2 of 5', () => {
    const cases: [boolean, number | null, boolean][] = [
      [false, 1, true],
      [false, 2, true],
      [false, 3, false],
      [false, 5, false],
      [false, null, false],
      [true, 5, true],
      [true, null, true],
    ];
    for (const [feedback, rating, expected] of cases) expect(feedbackOrDislike({ feedback, rating })).toBe(expected);
  });
});
