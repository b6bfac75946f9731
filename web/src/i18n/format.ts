// Locale-aware formatting helpers. Dates are shown as dd/MM/yyyy, timestamps as
// dd/MM/yyyy HH:mm in the Asia/Ho_Chi_Minh time zone, numbers in vi-VN style.

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Used for every sort of (Vietnamese) names. */
export const collator = new Intl.Collator('vi');

/** Sort a copy of `items` by the name returned from `getName`, using the Vietnamese collator. */
export function sortByName<T>(items: readonly T[], getName: (item: T) => string): T[] {
  return [...items].sort((a, b) => collator.compare(getName(a), getName(b)));
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 1234.5 → "1.234,5" */
export function formatNumber(value: number | null | undefined, options?: Intl.NumberFormatOptions): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return options ? new Intl.NumberFormat('vi-VN', options).format(value) : numberFormat.format(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → 'dd/MM/yyyy'. Calendar dates carry no time zone, so no conversion. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = ISO_DATE.exec(value.slice(0, 10));
  if (!m) return value;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

const timestampFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function zonedParts(date: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of timestampFormat.formatToParts(date)) parts[p.type] = p.value;
  return parts;
}

/** ISO UTC timestamp → 'dd/MM/yyyy HH:mm' in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = zonedParts(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's date in Asia/Ho_Chi_Minh as 'YYYY-MM-DD'. */
export function todayIso(): string {
  const p = zonedParts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

function parseIso(value: string): Date | null {
  const m = ISO_DATE.exec(value.slice(0, 10));
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Add (or subtract) calendar days to a 'YYYY-MM-DD' date. */
export function addDays(value: string, days: number): string {
  const d = parseIso(value);
  if (!d) return value;
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** Day of week (0 = Sunday … 6 = Saturday) of a 'YYYY-MM-DD' date, or null. */
export function weekdayIndex(value: string): number | null {
  const d = parseIso(value);
  return d ? d.getUTCDay() : null;
}

/** Whether the half-open validity period [validFrom, validTo) contains `date`. */
export function isValidOn(period: { validFrom: string | null; validTo: string | null }, date: string): boolean {
  if (period.validFrom && period.validFrom > date) return false;
  if (period.validTo && period.validTo <= date) return false;
  return true;
}

/**
 * Strip Vietnamese diacritics and lowercase ("Đà Nẵng" → "da nang") for
 * accent-insensitive matching on the client side.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
