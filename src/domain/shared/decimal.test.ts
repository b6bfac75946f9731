import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  clamp,
  compare,
  Decimal,
  DecimalError,
  dec,
  decimalPlaces,
  div,
  equals,
  formatScaledInteger,
  fromScaledInteger,
  gt,
  gte,
  isInteger,
  isZero,
  lt,
  lte,
  max,
  min,
  mul,
  neg,
  roundHalfUp,
  sign,
  sub,
  sum,
  toExactString,
  toFixed,
  toFractionString,
  toNumber,
  toScaledInteger,
  tryDec,
} from './decimal.ts';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DecimalError ? e.code : `not a DecimalError: ${e}`;
  }
  return undefined;
}

describe('parsing', () => {
  it('reads strings, numbers and bigints exactly', () => {
    expect(toExactString(dec('62.62'))).toBe('62.62');
    expect(toExactString(dec('3.5'))).toBe('3.5');
    expect(toExactString(dec(4))).toBe('4');
    expect(toExactString(dec('-0.25'))).toBe('-0.25');
    expect(toExactString(dec('+3'))).toBe('3');
    expect(toExactString(dec('.5'))).toBe('0.5');
    expect(toExactString(dec(' 7.10 '))).toBe('7.1');
    expect(toExactString(dec('1e-3'))).toBe('0.001');
    expect(toExactString(dec('2.5E2'))).toBe('250');
    expect(toExactString(dec(0.1))).toBe('0.1');
    expect(toExactString(dec(-0))).toBe('0');
    expect(toExactString(dec(12n))).toBe('12');
    expect(toExactString(dec('123456.123456'))).toBe('123456.123456');
  });

  it('stores lowest terms', () => {
    const x = dec('62.62');
    expect(x.num).toBe(3131n);
    expect(x.den).toBe(50n);
    expect(dec('0.000').den).toBe(1n);
  });

  it('reads fractions, exactly and without a decimals limit', () => {
    const x = dec('3131/35');
    expect(x.num).toBe(3131n);
    expect(x.den).toBe(35n);
    expect(toFractionString(dec('-6/4'))).toBe('-3/2');
    expect(equals(dec(toFractionString(div(1, 3))), div(1, 3))).toBe(true);
  });

  it('rejects NaN, Infinity and garbage with coded errors', () => {
    expect(errorCode(() => dec(Number.NaN))).toBe('notFinite');
    expect(errorCode(() => dec(Number.POSITIVE_INFINITY))).toBe('notFinite');
    expect(errorCode(() => dec(Number.NEGATIVE_INFINITY))).toBe('notFinite');
    for (const bad of ['', ' ', 'abc', '1.2.3', '1,5', '62,62', '--1', '.', 'e5', '1e', '0x10', 'NaN', 'Infinity', '1 2']) {
      expect(
        errorCode(() => dec(bad)),
        bad,
      ).toBe('invalid');
    }
    expect(errorCode(() => dec(null as never))).toBe('invalid');
    expect(errorCode(() => dec({} as never))).toBe('invalid');
    expect(errorCode(() => dec('1e99999'))).toBe('invalid');
    expect(errorCode(() => dec('1/0'))).toBe('divisionByZero');
    expect(() => dec('abc')).toThrow(/Not a decimal number: "abc"/);
  });

  it('refuses more than 6 decimals by default (float noise), configurable', () => {
    expect(errorCode(() => dec(0.1 + 0.2))).toBe('tooManyDecimals');
    expect(errorCode(() => dec('1.0000001'))).toBe('tooManyDecimals');
    expect(errorCode(() => dec('1.23', { maxDecimals: 1 }))).toBe('tooManyDecimals');
    expect(toExactString(dec('1.0000001', { maxDecimals: 7 }))).toBe('1.0000001');
    // trailing zeros do not count: the value has 2 decimals
    expect(toExactString(dec('1.2300000000'))).toBe('1.23');
  });

  it('tryDec returns null instead of throwing', () => {
    expect(tryDec('x')).toBeNull();
    expect(tryDec(Number.NaN)).toBeNull();
    expect(toExactString(tryDec('2.5') as Decimal)).toBe('2.5');
  });
});

describe('arithmetic', () => {
  it('is exact where floats are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the reason this module exists
    expect(equals(add('0.1', '0.2'), '0.3')).toBe(true);
    expect(toExactString(sub('62.62', '70'))).toBe('-7.38');
    expect(toExactString(mul('1.1', '1.1'))).toBe('1.21');
    expect(toExactString(sum(['0.1', '0.1', '0.1', 0.7]))).toBe('1');
    expect(toExactString(sum([]))).toBe('0');
  });

  it('divides into exact rationals', () => {
    const third = div(1, 3);
    expect(toFractionString(third)).toBe('1/3');
    expect(toExactString(third)).toBe('1/3');
    expect(equals(mul(third, 3), 1)).toBe(true);
    expect(toExactString(div('62.62', 70))).toBe('3131/3500');
    expect(errorCode(() => div(1, 0))).toBe('divisionByZero');
    expect(errorCode(() => Decimal.fraction(1n, 0n))).toBe('divisionByZero');
    expect(toFractionString(Decimal.fraction(4n, -6n))).toBe('-2/3');
  });

  it('compares, finds min/max and clamps', () => {
    expect(compare('1.10', '1.1')).toBe(0);
    expect(compare(div(1, 3), '0.333333')).toBe(1);
    expect(compare('-2', '-1')).toBe(-1);
    expect(lt(1, 2) && lte(2, 2) && gt(3, 2) && gte(2, 2)).toBe(true);
    expect(lt(2, 2) || gt(2, 2)).toBe(false);
    expect(toExactString(min('3', '1.5', '2'))).toBe('1.5');
    expect(toExactString(max('3', '1.5', '7/2'))).toBe('3.5');
    expect(toExactString(clamp('105', 0, 100))).toBe('100');
    expect(toExactString(clamp('-1', 0, 100))).toBe('0');
    expect(toExactString(clamp('42.5', 0, 100))).toBe('42.5');
    expect(() => clamp(1, 2, 1)).toThrow(RangeError);
  });

  it('sign helpers', () => {
    expect(sign('-0.01')).toBe(-1);
    expect(sign(0)).toBe(0);
    expect(sign('1/9')).toBe(1);
    expect(toExactString(neg('2.5'))).toBe('-2.5');
    expect(toExactString(abs('-2.5'))).toBe('2.5');
    expect(isZero('0.00')).toBe(true);
    expect(isInteger('4.0')).toBe(true);
    expect(isInteger('4.5')).toBe(false);
  });
});

describe('roundHalfUp and toFixed', () => {
  it('1.005 → 1.01 exactly (floats give 1.00)', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // the float trap
    expect(toFixed('1.005', 2)).toBe('1.01');
    expect(toExactString(roundHalfUp('1.005', 2))).toBe('1.01');
  });

  it('2.675 → 2.68 (float toFixed gives 2.67)', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(toFixed('2.675', 2)).toBe('2.68');
  });

  it('87/89 × 2 = 1.9550… → 1.96 (766 portal, methodology §3.3)', () => {
    const points = mul(div(87, 89), 2);
    expect(toFractionString(points)).toBe('174/89');
    expect(toFixed(points, 2)).toBe('1.96');
  });

  it('2 × 97.75% = 1.955 → 1.96', () => {
    expect(toFixed(mul(2, '0.9775'), 2)).toBe('1.96');
    expect((1.005).toFixed(2)).toBe('1.00'); // another float trap the exact type avoids
    expect(toFixed(mul(1, '1.005'), 2)).toBe('1.01');
  });

  it('halves of negatives go away from zero', () => {
    expect(toFixed('-1.005', 2)).toBe('-1.01');
    expect(toFixed('-0.125', 2)).toBe('-0.13');
    expect(toFixed('-0.124', 2)).toBe('-0.12');
    expect(toFixed('-2.5', 0)).toBe('-3');
    expect(Math.round(-2.5)).toBe(-2); // Math.round goes toward +∞ on ties; we do not
    expect(toFixed('2.5', 0)).toBe('3');
  });

  it('rounds only the digit asked for', () => {
    expect(toFixed('1.004999', 2)).toBe('1.00');
    expect(toFixed(div(6262, 70), 2)).toBe('89.46'); // 89.457142…
    expect(toFixed(div(63, 70 / 100), 2)).toBe('90.00');
    expect(toFixed('89.995', 2)).toBe('90.00');
    expect(toFixed('89.9949', 2)).toBe('89.99');
    expect(toFixed(div(2, 3), 2)).toBe('0.67');
    expect(toFixed(div(1, 3), 4)).toBe('0.3333');
  });

  it('always prints exactly the requested decimals, no negative zero', () => {
    expect(toFixed(90, 2)).toBe('90.00');
    expect(toFixed('0.5', 2)).toBe('0.50');
    expect(toFixed('0', 2)).toBe('0.00');
    expect(toFixed('-0.001', 2)).toBe('0.00');
    expect(toFixed('-0.005', 2)).toBe('-0.01');
    expect(toFixed('12.3456', 0)).toBe('12');
    expect(toFixed('0.07', 2)).toBe('0.07');
    expect(() => toFixed(1, -1)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 1.5)).toThrow(RangeError);
  });

  it('keeps values that already fit untouched', () => {
    const x = dec('62.62');
    expect(roundHalfUp(x, 2)).toBe(x);
  });
});

describe('scaled integers and text forms', () => {
  it('toScaledInteger is exact or null', () => {
    expect(toScaledInteger('62.62', 2)).toBe(6262n);
    expect(toScaledInteger('62.6', 2)).toBe(6260n);
    expect(toScaledInteger(5, 2)).toBe(500n);
    expect(toScaledInteger(0.25, 2)).toBe(25n);
    expect(toScaledInteger('-0.25', 2)).toBe(-25n);
    expect(toScaledInteger('+1.5', 2)).toBe(150n);
    expect(toScaledInteger('1.005', 2)).toBeNull();
    expect(toScaledInteger('1.000', 2)).toBe(100n);
    expect(toScaledInteger(div(1, 3), 2)).toBeNull();
    expect(toScaledInteger(dec('7/4'), 2)).toBe(175n);
    expect(() => toScaledInteger('x', 2)).toThrow(DecimalError);
  });

  it('formats and reads back scaled integers', () => {
    expect(formatScaledInteger(6262n, 2)).toBe('62.62');
    expect(formatScaledInteger(5n, 2)).toBe('0.05');
    expect(formatScaledInteger(-5n, 2)).toBe('-0.05');
    expect(formatScaledInteger(7n, 0)).toBe('7');
    expect(toExactString(fromScaledInteger(8946n, 2))).toBe('89.46');
  });

  it('exact strings and fractions', () => {
    expect(toExactString(div(6262, 70))).toBe('3131/35');
    expect(toFractionString(dec('89.45'))).toBe('1789/20');
    expect(toFractionString(90)).toBe('90');
    expect(decimalPlaces('62.62')).toBe(2);
    expect(decimalPlaces(90)).toBe(0);
    expect(decimalPlaces('1/8')).toBe(3);
    expect(decimalPlaces('1/3')).toBeNull();
    expect(String(dec('1.50'))).toBe('1.5');
    expect(JSON.stringify({ x: dec('2/3') })).toBe('{"x":"2/3"}');
  });

  it('toNumber is for display only', () => {
    expect(toNumber('89.46')).toBe(89.46);
    expect(toNumber(div(1, 3))).toBeCloseTo(1 / 3, 15);
    expect(toNumber(-7)).toBe(-7);
  });
});
