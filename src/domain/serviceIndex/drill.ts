/**
 * Which dossiers cost a unit the points of an indicator: the drill-down filter of each indicator that is measured
 * over dossiers. Indicators counted outside the one-stop system (publication, feedback handling, reuse of data…)
 * have none.
 */

export const DRILL_FILTERS = [
  // 2.1: finished after the due date, or still open past it at the end of the period
  'notOnTime',
  // finished after the due date
  'late',
  // still being handled
  'open',
  // m0-row7: dossiers of full-online procedures not submitted online
  'notOnlineFull',
  // 3.3: dossiers not submitted online
  'notOnline',
  // 3.6: a financial obligation not paid online
  'feeNotPaidOnline',
  // 5.4: with feedback (PAKN) or a rating of 1–2
  'dissatisfied',
  // 4.1: resolved without an electronic result
  'noElectronicResult',
  // 4.2: not digitised
  'notDigitised',
] as const;
export type DrillFilter = (typeof DRILL_FILTERS)[number];

const FOR_INDICATOR: Readonly<Record<string, DrillFilter>> = {
  '2.1': 'notOnTime',
  'm0-row7': 'notOnlineFull',
  '3.3': 'notOnline',
  '3.6': 'feeNotPaidOnline',
  '5.4': 'dissatisfied',
  '4.1': 'noElectronicResult',
  '4.2': 'notDigitised',
};

/** The drill-down of an indicator's lost points, or null when its counts do not come from dossiers. */
export function drillFilterFor(indicatorCode: string): DrillFilter | null {
  return Object.hasOwn(FOR_INDICATOR, indicatorCode) ? FOR_INDICATOR[indicatorCode] : null;
}
