/**
 * Exact decimal arithmetic on BigInt rationals, for points and indices.
 *
 * Why: official results (PAR Index, SIPAS, Decision 766) are published with 2 decimals and rounded half-up once, at
 * the step where the official method rounds (methodology §1.4 "Index in % with 2 decimals"; ARCHITECTURE.md
 * "Numbers"). Binary floating point cannot do that: 1.005 is stored as 1.00499999999999989…, so
 * `Math.round(1.005 * 100) / 100` gives 1.00, and 2 × 0.9775 = 1.955 becomes 1.95499… . Here every value is an exact
 * fraction num/den of BigInts (den > 0, lowest terms), so division is exact too (1/3 stays 1/3) and rounding happens
 * only when asked for.
 *
 * Inputs (`DecimalInput`): a Decimal, a bigint, a finite number or a string. Strings are decimals ("62.62",
 * "-0.25", "+3", ".5", "1e-3") or fractions ("3131/35", as produced by `toFractionString`). Surrounding spaces are
 * trimmed; a decimal comma ("62,62") is refused — converting Vietnamese-formatted text is the UI's job. By default at
 * most 6 decimals are accepted (option `maxDecimals`): this refuses float noise such as 0.1 + 0.2 =
 * 0.30000000000000004 instead of silently carrying it. Fractions are exact by construction and are not limited.
 * NaN, ±Infinity and anything else throw a `DecimalError` with a code and the offending input.
 */

export type DecimalErrorCode = 'invalid' | 'notFinite' | 'tooManyDecimals' | 'divisionByZero';

export class DecimalError extends Error {
  readonly code: DecimalErrorCode;
  readonly input: unknown;
  constructor(code: DecimalErrorCode, input: unknown, message: string) {
    super(message);
    this.name = 'DecimalError';
    this.code = code;
    this.input = input;
  }
}

/** An exact rational number num/den with den > 0 and gcd(|num|, den) = 1. Immutable. */
export class Decimal {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
    Object.freeze(this);
  }

  /** num/den in lowest terms; throws DecimalError('divisionByZero') when den is 0. */
  static fraction(num: bigint, den: bigint = 1n): Decimal {
    if (den === 0n) throw new DecimalError('divisionByZero', `${num}/${den}`, `Division by zero: ${num}/0`);
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Decimal(num, 1n);
    if (num === 0n) return new Decimal(0n, 1n);
    const g = gcd(num < 0n ? -num : num, den);
    return g === 1n ? new Decimal(num, den) : new Decimal(num / g, den / g);
  }

  /** Exact text: a terminating decimal in plain notation ("62.62", "-0.25", "90"), otherwise a fraction ("3131/35"). */
  toString(): string {
    return toExactString(this);
  }

  /** JSON carries the exact text, never a float. */
  toJSON(): string {
    return toExactString(this);
  }
}

export type DecimalInput = Decimal | bigint | number | string;

export interface ParseOptions {
  /** Most decimals accepted in a decimal literal (default 6). Fractions "a/b" are not limited. */
  maxDecimals?: number;
}

export const ZERO: Decimal = Decimal.fraction(0n);
export const ONE: Decimal = Decimal.fraction(1n);
export const HUNDRED: Decimal = Decimal.fraction(100n);

const DEFAULT_MAX_DECIMALS = 6;
const MAX_EXPONENT = 400;
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION_RE = /^([+-]?\d+)\s*\/\s*(\d+)$/;
const SIMPLE_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let p = pow10Cache[n];
    if (p === undefined) {
      p = 10n ** BigInt(n);
      pow10Cache[n] = p;
    }
    return p;
  }
  return 10n ** BigInt(n);
}

function describe(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

/** Parses a decimal literal; returns the exact value and the number of decimals it was written with. */
function parseLiteral(text: string, original: unknown, maxDecimals: number): Decimal {
  const fr = FRACTION_RE.exec(text);
  if (fr) {
    const den = BigInt(fr[2]);
    if (den === 0n) throw new DecimalError('divisionByZero', original, `Fraction with zero denominator: ${describe(original)}`);
    return Decimal.fraction(BigInt(fr[1]), den);
  }
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new DecimalError('invalid', original, `Not a decimal number: ${describe(original)}`);
  }
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] || '0';
  const fracPart = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) {
    throw new DecimalError('invalid', original, `Exponent out of range in ${describe(original)}`);
  }
  const digits = BigInt(intPart + fracPart);
  // value = digits × 10^(exp − fracPart.length)
  const shift = exp - fracPart.length;
  const value = shift >= 0 ? Decimal.fraction(sign * digits * pow10(shift)) : Decimal.fraction(sign * digits, pow10(-shift));
  const places = decimalPlaces(value) ?? 0;
  if (places > maxDecimals) {
    throw new DecimalError('tooManyDecimals', original, `${describe(original)} has ${places} decimals; at most ${maxDecimals} are accepted`);
  }
  return value;
}

/**
 * Converts an input to an exact Decimal (see the module comment for the accepted forms). Throws DecimalError:
 * 'notFinite' (NaN, ±Infinity), 'invalid' (garbage, empty, wrong type), 'tooManyDecimals', 'divisionByZero' ("1/0").
 */
export function dec(input: DecimalInput, options?: ParseOptions): Decimal {
  if (input instanceof Decimal) return input;
  const maxDecimals = options?.maxDecimals ?? DEFAULT_MAX_DECIMALS;
  switch (typeof input) {
    case 'bigint':
      return Decimal.fraction(input);
    case 'number':
      if (!Number.isFinite(input)) throw new DecimalError('notFinite', input, `Not a finite number: ${input}`);
      if (Number.isSafeInteger(input)) return Decimal.fraction(BigInt(input));
      // String(n) is the shortest text that reads back as the same double: 0.1 → "0.1", 1e-7 → "1e-7".
      return parseLiteral(String(input), input, maxDecimals);
    case 'string':
      return parseLiteral(input.trim(), input, maxDecimals);
    default:
      throw new DecimalError('invalid', input, `Not a decimal number: ${describe(input)}`);
  }
}

/** Like `dec` but returns null instead of throwing. */
export function tryDec(input: unknown, options?: ParseOptions): Decimal | null {
  try {
    return dec(input as DecimalInput, options);
  } catch (e) {
    if (e instanceof DecimalError) return null;
    throw e;
  }
}

export function isDecimal(x: unknown): x is Decimal {
  return x instanceof Decimal;
}

export function add(a: DecimalInput, b: DecimalInput): Decimal {
  const x = dec(a);
  const y = dec(b);
  if (x.den === y.den) return Decimal.fraction(x.num + y.num, x.den);
  return Decimal.fraction(x.num * y.den + y.num * x.den, x.den * y.den);
}

export function sub(a: DecimalInput, b: DecimalInput): Decimal {
  const x = dec(a);
  const y = dec(b);
  if (x.den === y.den) return Decimal.fraction(x.num - y.num, x.den);
  return Decimal.fraction(x.num * y.den - y.num * x.den, x.den * y.den);
}

export function mul(a: DecimalInput, b: DecimalInput): Decimal {
  const x = dec(a);
  const y = dec(b);
  return Decimal.fraction(x.num * y.num, x.den * y.den);
}

/** Exact quotient (a rational). Throws DecimalError('divisionByZero') when b is 0. */
export function div(a: DecimalInput, b: DecimalInput): Decimal {
  const x = dec(a);
  const y = dec(b);
  if (y.num === 0n) throw new DecimalError('divisionByZero', b, `Division by zero: ${x} / 0`);
  return Decimal.fraction(x.num * y.den, x.den * y.num);
}

export function neg(a: DecimalInput): Decimal {
  const x = dec(a);
  return Decimal.fraction(-x.num, x.den);
}

export function abs(a: DecimalInput): Decimal {
  const x = dec(a);
  return x.num < 0n ? Decimal.fraction(-x.num, x.den) : x;
}

/** Exact sum of a list (0 for an empty list). */
export function sum(values: Iterable<DecimalInput>): Decimal {
  let acc = ZERO;
  for (const v of values) acc = add(acc, v);
  return acc;
}

/** −1, 0 or 1. */
export function compare(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  const x = dec(a);
  const y = dec(b);
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function equals(a: DecimalInput, b: DecimalInput): boolean {
  return compare(a, b) === 0;
}

export function lt(a: DecimalInput, b: DecimalInput): boolean {
  return compare(a, b) < 0;
}

export function lte(a: DecimalInput, b: DecimalInput): boolean {
  return compare(a, b) <= 0;
}

export function gt(a: DecimalInput, b: DecimalInput): boolean {
  return compare(a, b) > 0;
}

export function gte(a: DecimalInput, b: DecimalInput): boolean {
  return compare(a, b) >= 0;
}

export function sign(a: DecimalInput): -1 | 0 | 1 {
  const x = dec(a);
  return x.num < 0n ? -1 : x.num > 0n ? 1 : 0;
}

export function isZero(a: DecimalInput): boolean {
  return dec(a).num === 0n;
}

export function isInteger(a: DecimalInput): boolean {
  return dec(a).den === 1n;
}

export function min(first: DecimalInput, ...rest: DecimalInput[]): Decimal {
  let m = dec(first);
  for (const v of rest) if (compare(v, m) < 0) m = dec(v);
  return m;
}

export function max(first: DecimalInput, ...rest: DecimalInput[]): Decimal {
  let m = dec(first);
  for (const v of rest) if (compare(v, m) > 0) m = dec(v);
  return m;
}

/** x limited to [lo, hi]. Throws RangeError when lo > hi. */
export function clamp(x: DecimalInput, lo: DecimalInput, hi: DecimalInput): Decimal {
  if (compare(lo, hi) > 0) throw new RangeError(`clamp: lower bound ${dec(lo)} is above upper bound ${dec(hi)}`);
  if (compare(x, lo) < 0) return dec(lo);
  if (compare(x, hi) > 0) return dec(hi);
  return dec(x);
}

function checkPlaces(places: number): void {
  if (!Number.isSafeInteger(places) || places < 0 || places > 60) throw new RangeError(`Decimal places must be an integer 0..60, got ${places}`);
}

/**
 * Rounds to `places` decimals, half-up. A tie (exactly …5 after the last kept decimal) goes away from zero, for
 * negatives too: 1.005 → 1.01, 2.675 → 2.68, −1.005 → −1.01, −0.125 → −0.13. This is the symmetric "làm tròn"
 * used in published results; it is equivalent to rounding the magnitude half-up and keeping the sign. Published PAR
 * values are never negative, but penalty points are, so the behaviour is fixed and tested.
 */
export function roundHalfUp(x: DecimalInput, places: number): Decimal {
  checkPlaces(places);
  const v = dec(x);
  const scale = pow10(places);
  if (scale % v.den === 0n) return v; // already has at most `places` decimals
  const a = (v.num < 0n ? -v.num : v.num) * scale;
  const q = (2n * a + v.den) / (2n * v.den); // floor(a/den + 1/2)
  return Decimal.fraction(v.num < 0n ? -q : q, scale);
}

/**
 * The value as an integer count of 10^-places (e.g. places = 2: hundredths, "62.62" → 6262n), or null when it has
 * more decimals than that. Exact; no rounding.
 */
export function toScaledInteger(x: DecimalInput, places: number): bigint | null {
  checkPlaces(places);
  // Fast path for plain literals ("62.62", "-3", 4): no gcd, no intermediate Decimal.
  if (typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x) && !Number.isSafeInteger(x))) {
    const m = SIMPLE_RE.exec(typeof x === 'string' ? x : String(x));
    if (m) {
      const frac = m[3] ?? '';
      if (frac.length <= places) {
        const v = BigInt(m[2] + frac.padEnd(places, '0'));
        return m[1] === '-' ? -v : v;
      }
    }
  } else if (typeof x === 'number' && Number.isSafeInteger(x)) {
    return BigInt(x) * pow10(places);
  }
  const v = dec(x);
  const scaled = v.num * pow10(places);
  return scaled % v.den === 0n ? scaled / v.den : null;
}

/** The Decimal n × 10^-places (the inverse of toScaledInteger). */
export function fromScaledInteger(n: bigint, places: number): Decimal {
  checkPlaces(places);
  return Decimal.fraction(n, pow10(places));
}

/** Formats an integer count of 10^-places as text with exactly `places` decimals: (6262n, 2) → "62.62". */
export function formatScaledInteger(n: bigint, places: number): string {
  checkPlaces(places);
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${body}` : body;
}

/**
 * Rounds half-up (see roundHalfUp) and prints exactly `places` decimals: toFixed("89.457142…", 2) → "89.46",
 * toFixed(90, 2) → "90.00". A value that rounds to zero prints without a sign ("-0.001" → "0.00").
 * This is the form for official output.
 */
export function toFixed(x: DecimalInput, places: number): string {
  const r = roundHalfUp(x, places);
  const scale = pow10(places);
  return formatScaledInteger(r.num * (scale / r.den), places);
}

/**
 * Number of decimals needed to write the value exactly, or null when its decimal expansion does not terminate
 * (e.g. 1/3). "62.62" → 2, "90" → 0, "1/8" → 3.
 */
export function decimalPlaces(x: DecimalInput): number | null {
  let d = dec(x).den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return d === 1n ? Math.max(twos, fives) : null;
}

/** Exact text: plain decimal when it terminates ("62.62", "-0.25", "90"), otherwise "num/den" ("3131/35"). */
export function toExactString(x: DecimalInput): string {
  const v = dec(x);
  const places = decimalPlaces(v);
  if (places === null) return `${v.num}/${v.den}`;
  return formatScaledInteger(v.num * (pow10(places) / v.den), places);
}

/** Always "num/den" in lowest terms, or just "num" for integers: "3131/35", "90". Reads back with `dec`. */
export function toFractionString(x: DecimalInput): string {
  const v = dec(x);
  return v.den === 1n ? v.num.toString() : `${v.num}/${v.den}`;
}

/** A float approximation, for display and charts only. Never feed it back into arithmetic. */
export function toNumber(x: DecimalInput): number {
  const v = dec(x);
  if (v.den === 1n) return Number(v.num);
  // Scale first so that huge numerators and denominators do not both overflow to Infinity.
  const places = 20n;
  const scaled = (v.num * 10n ** places) / v.den;
  return Number(scaled) / 1e20;
}
