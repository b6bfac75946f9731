/**
 * Decision 766 rates of a unit over a period, from the counts the rollups give (periodCounts): numerator and
 * denominator, so that callers divide exactly and decide what a zero denominator means. Campaign targets and the
 * data-derived leaves of PAR frameworks read them here.
 */
import type { periodCounts } from './stored-scores.ts';

export const SERVICE_RATES = ['onTimeRate', 'onlineRate', 'digitisationRate', 'onlinePaymentRate'] as const;
export type ServiceRate = (typeof SERVICE_RATES)[number];

export type PeriodCounts = Awaited<ReturnType<typeof periodCounts>>[number];

/**
 * - onTimeRate: dossiers on time / received (progress group, methodology §3.3);
 * - onlineRate: dossiers of full-online procedures submitted online / all dossiers of those procedures;
 * - digitisationRate: dossiers digitised / received;
 * - onlinePaymentRate: dossiers paid online / dossiers with a financial obligation.
 */
export function rateParts(rate: ServiceRate, c: PeriodCounts): { numerator: number; denominator: number } {
  switch (rate) {
    case 'onTimeRate':
      return { numerator: c.counts.progress.onTime, denominator: c.counts.progress.received };
    case 'onlineRate':
      return { numerator: c.counts.onlineService.fullOnlineDossiers, denominator: c.counts.onlineService.fullOnlineEligibleDossiers };
    case 'digitisationRate':
      return { numerator: c.digitisation.digitised, denominator: c.digitisation.received };
    case 'onlinePaymentRate':
      return { numerator: c.counts.payment.onlinePaidDossiers, denominator: c.counts.payment.financialObligationDossiers };
  }
}
