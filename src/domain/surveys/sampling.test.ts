import { describe, expect, it } from 'vitest';
import { dec } from '../shared/decimal.ts';
import { allocateProportional, allocateWeighted, drawStratifiedSample, type FrameItem, seededRandom } from './sampling.ts';

function frame(): FrameItem[] {
  const out: FrameItem[] = [];
  const add = (unitId: string, field: string, channel: string, n: number) => {
    for (let i = 0; i < n; i++) out.push({ key: `${unitId}:${field}:${channel}:${String(i).padStart(3, '0')}`, unitId, field, channel });
  };
  add('U1', 'Đất đai', 'direct', 50);
  add('U1', 'Hộ tịch', 'direct', 30);
  add('U1', 'Hộ tịch', 'online', 20);
  add('U2', 'Xây dựng', 'post', 4);
  add('U3', 'Đất đai', 'direct', 9);
  return out;
}
const targets = new Map([
  ['U1', 10],
  ['U2', 10],
  ['U3', 3],
]);

/** A deterministic permutation of a list (reversal plus interleave), to show the draw does not depend on frame order. */
const scrambled = <T>(xs: T[]) => {
  const r = [...xs].reverse();
  return [...r.filter((_, i) => i % 2 === 0), ...r.filter((_, i) => i % 2 === 1)];
};

describe('allocateProportional (largest remainder)', () => {
  it('is proportional when the quotas are whole', () => {
    expect(allocateProportional(10, [50, 30, 20])).toEqual([5, 3, 2]);
  });
  it('gives the remaining units to the largest remainders, ties to the first', () => {
    // 5 × 7/10 = 3.5, 5 × 2/10 = 1, 5 × 1/10 = 0.5 → 3, 1, 0 and one left for the tie 0.5/0.5 → first
    expect(allocateProportional(5, [7, 2, 1])).toEqual([4, 1, 0]);
    expect(allocateProportional(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });
  it('takes everything when the target reaches the frame, and nothing from an empty frame', () => {
    expect(allocateProportional(12, [4, 3])).toEqual([4, 3]);
    expect(allocateProportional(3, [0, 0])).toEqual([0, 0]);
  });
});

describe('drawStratifiedSample', () => {
  it('is reproducible: same seed and frame → same sample, whatever the frame order', () => {
    const a = drawStratifiedSample(frame(), targets, 'SIPAS-2025');
    const b = drawStratifiedSample(scrambled(frame()), targets, 'SIPAS-2025');
    expect(b.sample.map((x) => x.key)).toEqual(a.sample.map((x) => x.key));
    const c = drawStratifiedSample(frame(), targets, 'another seed');
    expect(c.sample.map((x) => x.key)).not.toEqual(a.sample.map((x) => x.key));
  });
  it('allocates each unit target proportionally over its strata and takes small frames whole', () => {
    const r = drawStratifiedSample(frame(), targets, 's');
    expect(r.strata).toEqual([
      { unitId: 'U1', field: 'Hộ tịch', channel: 'direct', frame: 30, target: 3 },
      { unitId: 'U1', field: 'Hộ tịch', channel: 'online', frame: 20, target: 2 },
      { unitId: 'U1', field: 'Đất đai', channel: 'direct', frame: 50, target: 5 },
      { unitId: 'U2', field: 'Xây dựng', channel: 'post', frame: 4, target: 4 },
      { unitId: 'U3', field: 'Đất đai', channel: 'direct', frame: 9, target: 3 },
    ]);
    expect(r.perUnit).toEqual([
      { unitId: 'U1', frame: 100, target: 10, drawn: 10 },
      { unitId: 'U2', frame: 4, target: 10, drawn: 4 },
      { unitId: 'U3', frame: 9, target: 3, drawn: 3 },
    ]);
    expect(r.sample).toHaveLength(17);
    expect(new Set(r.sample.map((x) => x.key)).size).toBe(17);
    expect(r.sample.filter((x) => x.unitId === 'U1' && x.field === 'Đất đai')).toHaveLength(5);
  });
  it('ignores frame items of units outside the plan', () => {
    const r = drawStratifiedSample(frame(), new Map([['U3', 2]]), 's');
    expect(r.sample.every((x) => x.unitId === 'U3')).toBe(true);
    expect(r.sample).toHaveLength(2);
  });
  it('draws every item of a stratum with about equal chance over many seeds', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, unitId: 'U', field: 'f', channel: 'c' }));
    const counts = new Map<string, number>();
    for (let s = 0; s < 2000; s++) {
      for (const x of drawStratifiedSample(items, new Map([['U', 3]]), `seed-${s}`).sample) counts.set(x.key, (counts.get(x.key) ?? 0) + 1);
    }
    // expected 600 each (2000 × 3/10); ± 90 is more than 4 standard deviations (√(2000·0.3·0.7) ≈ 20.5)
    for (const k of items.map((x) => x.key)) expect(Math.abs((counts.get(k) ?? 0) - 600)).toBeLessThan(90);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in range', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const xs = Array.from({ length: 50 }, () => a(7));
    expect(Array.from({ length: 50 }, () => b(7))).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 7)).toBe(true);
  });
});

describe('allocateWeighted and quotas', () => {
  it('allocates by exact weights with largest remainders', () => {
    expect(allocateWeighted(10, [dec(6), dec(3), dec(1)], [100, 100, 100])).toEqual([6, 3, 1]);
    expect(allocateWeighted(10, [dec('0.42'), dec('0.28'), dec('0.3')], [100, 100, 100])).toEqual([4, 3, 3]);
  });
  it('caps a part at its size and gives the rest to the others', () => {
    expect(allocateWeighted(10, [dec('0.6'), dec('0.4')], [3, 100])).toEqual([3, 7]);
    expect(allocateWeighted(10, [dec(1), dec(1)], [2, 3])).toEqual([2, 3]);
    expect(allocateWeighted(4, [dec(0), dec(1)], [5, 5])).toEqual([0, 4]);
  });
  it('a field quota steers the draw: 70 % Hộ tịch split over its strata by size, the rest to the other fields', () => {
    // U1: Hộ tịch direct 30, Hộ tịch online 20, Đất đai direct 50; target 10.
    // Without quota: 3, 2, 5. With "Hộ tịch 0.7": 7 × 30/50 = 4.2, 7 × 20/50 = 2.8, Đất đai 3 → 4, 3, 3.
    const r = drawStratifiedSample(frame(), new Map([['U1', 10]]), 's', [{ dimension: 'field', value: 'Hộ tịch', share: '0.7' }]);
    expect(r.strata.map((x) => [x.field, x.channel, x.target])).toEqual([
      ['Hộ tịch', 'direct', 4],
      ['Hộ tịch', 'online', 3],
      ['Đất đai', 'direct', 3],
    ]);
    expect(r.sample).toHaveLength(10);
  });
  it('a quota on a value absent from the frame gives its share to the others', () => {
    const r = drawStratifiedSample(frame(), new Map([['U3', 3]]), 's', [{ dimension: 'channel', value: 'online', share: '0.5' }]);
    expect(r.perUnit).toEqual([{ unitId: 'U3', frame: 9, target: 3, drawn: 3 }]);
  });
});
