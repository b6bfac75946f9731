/**
 * The Decision 766 counts that one-stop dossiers give, from the tallies of a unit's dossiers received in a period
 * (reading of "hồ sơ tiếp nhận, xử lý trong kỳ", provisional; methodology §3.3), and the rates read from them.
 * The other counts (publication, feedback handling, reuse of data…) come from the portal and are entered.
 */

/**
 * The highest rating (on the portal's 1–5 scale) that counts as "đánh giá dislike" in 5.4 (qd766_indicators.json 5.4:
 * "tỷ lệ hồ sơ có PAKN hoặc đánh giá dislike"). The reference names no threshold; the reading used here [I] is the two
 * dissatisfied levels of the 5-level scale, "Rất không hài lòng" and "Không hài lòng" (methodology §2.4, answers).
 */
export const DISLIKE_MAX_RATING = 2;

/** 5.4: a dossier with feedback (PAKN) or a dislike rating. */
export function feedbackOrDislike(d: { feedback: boolean; rating: number | null }): boolean {
  return d.feedback || (d.rating !== null && d.rating <= DISLIKE_MAX_RATING);
}

/** A unit's dossiers received in a period, as the daily rollups add them up. */
export interface DossierTallies {
  received: number;
  /** finished early or on time, plus those still open and not yet due at the period's end (2.1) */
  onTime: number;
  finished: number;
  /** dossiers of full-online procedures, and of those the ones submitted online */
  fullOnlineEligible: number;
  fullOnline: number;
  financialObligation: number;
  paidOnline: number;
  /** fee procedures with dossiers, and of those the ones with a dossier paid online */
  feeProcedures: number;
  feeProceduresPaid: number;
  electronicResult: number;
  digitised: number;
  /** with feedback (PAKN) or a dislike rating (feedbackOrDislike) */
  feedbackOrDissatisfied: number;
}

export function countsFromDossiers(t: DossierTallies) {
  return {
    progress: { received: t.received, onTime: t.onTime },
    onlineService: { fullOnlineEligibleDossiers: t.fullOnlineEligible, fullOnlineDossiers: t.fullOnline },
    payment: {
      financialObligationDossiers: t.financialObligation,
      onlinePaidDossiers: t.paidOnline,
      feeProcedures: t.feeProcedures,
      feeProceduresWithOnlinePayment: t.feeProceduresPaid,
      feeProceduresWithFeeSync: 0,
    },
    // 5.4 "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc đánh giá dislike)" (qd766_indicators.json 5.4):
    // overdue is what the progress group does not count as on time (finished late, or open past its due date); the
    // feedback counts of 5.2 and 5.3 come from the feedback system (entered)
    satisfaction: {
      dossiersHandled: t.received,
      dossiersOverdue: t.received - t.onTime,
      dossiersWithFeedbackOrDislike: t.feedbackOrDissatisfied,
    },
    // 4.1 and 4.2 over the dossiers received in the period (their denominators are a provisional reading)
    digitisation: {
      dossiersReceived: t.received,
      dossiersResolved: t.finished,
      dossiersWithElectronicResult: t.electronicResult,
      dossiersDigitised: t.digitised,
    },
  };
}

export type DossierCounts = ReturnType<typeof countsFromDossiers>;

export const SERVICE_RATES = ['onTimeRate', 'onlineRate', 'digitisationRate', 'onlinePaymentRate'] as const;
export type ServiceRate = (typeof SERVICE_RATES)[number];

/**
 * A rate's numerator and denominator, so that callers divide exactly and decide what a zero denominator means:
 * on time / received (2.1), full-online dossiers submitted online / all of them (m0-row7), digitised / received
 * (4.2), paid online / with a financial obligation (3.6).
 */
export function rateParts(rate: ServiceRate, c: DossierCounts): { numerator: number; denominator: number } {
  switch (rate) {
    case 'onTimeRate':
      return { numerator: c.progress.onTime, denominator: c.progress.received };
    case 'onlineRate':
      return { numerator: c.onlineService.fullOnlineDossiers, denominator: c.onlineService.fullOnlineEligibleDossiers };
    case 'digitisationRate':
      return { numerator: c.digitisation.dossiersDigitised, denominator: c.digitisation.dossiersReceived };
    case 'onlinePaymentRate':
      return { numerator: c.payment.onlinePaidDossiers, denominator: c.payment.financialObligationDossiers };
  }
}
