/**
 * The survey sample: a reproducible, seeded, stratified random draw from the sampling frame (the dossiers of the
 * survey's units finished in the period — methodology §2.2: respondents are people who "received results during the
 * survey period").
 *
 * - Strata are unit × field (lĩnh vực) × channel. A unit's target is allocated to its strata in proportion to their
 *   size in the frame, by the largest-remainder method (ties broken by stratum key), never above a stratum's size;
 *   a unit whose frame is not larger than its target is taken whole.
 * - Inside a stratum, items are ordered by their key and shuffled by a partial Fisher–Yates with a PRNG seeded from
 *   (seed, stratum key): the same seed and the same frame give the same sample, whatever order the frame came in,
 *   and a change in one stratum does not move the others.
 *
 * - Quotas on field or channel (a share of the unit's target for one value, e.g. 60 % "Hộ tịch") steer the
 *   allocation: a value with a quota gets that share, split over its strata by size; values without a quota share
 *   the rest by size. Strata are capped at their size and what they cannot take goes to the others, by the same
 *   weights. Quotas on sex and age group cannot steer a draw from dossiers (dossiers carry neither); they are
 *   followed on the quota board from the answers.
 *
 * Pure: no IO, no clock, no Math.random.
 */

import { add, compare, type Decimal, dec, div, mul, sub, ZERO } from '../shared/decimal.ts';

export interface FrameItem {
  /** Unique, stable key of the dossier (e.g. source:code:receivedDay). */
  key: string;
  unitId: string;
  field: string;
  channel: string;
}

export interface StratumAllocation {
  unitId: string;
  field: string;
  channel: string;
  frame: number;
  target: number;
}

export interface DrawResult<T extends FrameItem> {
  sample: T[];
  strata: StratumAllocation[];
  perUnit: { unitId: string; frame: number; target: number; drawn: number }[];
}

/** cyrb128: a 128-bit string hash, to seed the PRNG from text. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32, a small fast PRNG with a 128-bit state; returns uniform integers in [0, n). */
export function seededRandom(seed: string): (n: number) => number {
  let [a, b, c, d] = hash128(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  // Rejection sampling: no modulo bias.
  return (n: number) => {
    if (n <= 1) return 0;
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = next();
    while (x >= limit) x = next();
    return x % n;
  };
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Largest-remainder (Hamilton) allocation of `total` over `sizes`, proportional and capped by each size. Exact
 * integer arithmetic: quota_i = total × size_i / Σsize.
 */
export function allocateProportional(total: number, sizes: readonly number[]): number[] {
  const sum = sizes.reduce((s, x) => s + x, 0);
  if (sum === 0) return sizes.map(() => 0);
  if (total >= sum) return [...sizes];
  const floors = sizes.map((s) => Math.floor((total * s) / sum));
  const remainders = sizes.map((s, i) => ({ i, r: (total * s) % sum }));
  let left = total - floors.reduce((s, x) => s + x, 0);
  remainders.sort((x, y) => y.r - x.r || x.i - y.i);
  for (const { i } of remainders) {
    if (left === 0) break;
    if (floors[i] < sizes[i]) {
      floors[i]++;
      left--;
    }
  }
  return floors;
}

export interface SamplingQuota {
  dimension: 'field' | 'channel';
  value: string;
  /** share of the unit's target, "0.6" */
  share: string;
}

/**
 * Largest-remainder allocation of `total` by exact weights, each part capped by `caps`; what a capped part cannot
 * take is allocated again over the others by their weights. Ties go to the first.
 */
export function allocateWeighted(total: number, weights: readonly Decimal[], caps: readonly number[]): number[] {
  const out = weights.map(() => 0);
  let left = Math.min(
    total,
    caps.reduce((t, c) => t + c, 0),
  );
  const open = new Set(weights.map((_, i) => i).filter((i) => caps[i] > 0 && compare(weights[i], ZERO) > 0));
  while (left > 0 && open.size > 0) {
    const idx = [...open];
    const sumW = idx.reduce((t, i) => add(t, weights[i]), ZERO);
    const exact = idx.map((i) => div(mul(left, weights[i]), sumW));
    const floors = exact.map((e) => Number(e.num / e.den));
    const give = idx.map((i, k) => Math.min(floors[k], caps[i] - out[i]));
    let given = give.reduce((t, g) => t + g, 0);
    // remainders, largest first, to the parts that still have room
    const order = idx.map((i, k) => ({ i, k, r: sub(exact[k], floors[k]) })).sort((a, b) => compare(b.r, a.r) || a.i - b.i);
    for (const o of order) {
      if (given >= left) break;
      if (give[o.k] < caps[o.i] - out[o.i] && compare(o.r, ZERO) > 0) {
        give[o.k]++;
        given++;
      }
    }
    idx.forEach((i, k) => {
      out[i] += give[k];
    });
    left -= given;
    for (const i of idx) if (out[i] >= caps[i]) open.delete(i);
    if (given === 0) {
      // nothing moved (all remainders zero with room left): hand out one by one in order
      for (const i of idx) {
        if (left === 0) break;
        if (out[i] < caps[i]) {
          out[i]++;
          left--;
        }
      }
    }
  }
  return out;
}

/** Weights of a unit's strata under quotas on one dimension (field takes precedence over channel). */
function quotaWeights(strata: { field: string; channel: string; size: number }[], quotas: readonly SamplingQuota[]): Decimal[] | null {
  const dim = quotas.some((q) => q.dimension === 'field') ? 'field' : quotas.some((q) => q.dimension === 'channel') ? 'channel' : null;
  if (!dim) return null;
  const shareOf = new Map(quotas.filter((q) => q.dimension === dim).map((q) => [q.value, dec(q.share)]));
  const sizeOfValue = new Map<string, number>();
  let restSize = 0;
  for (const s of strata) {
    const v = s[dim];
    if (shareOf.has(v)) sizeOfValue.set(v, (sizeOfValue.get(v) ?? 0) + s.size);
    else restSize += s.size;
  }
  let quoted = ZERO;
  for (const [v, share] of shareOf) if ((sizeOfValue.get(v) ?? 0) > 0) quoted = add(quoted, share);
  const rest = compare(quoted, 1) >= 0 ? ZERO : sub(1, quoted);
  return strata.map((s) => {
    const v = s[dim];
    const share = shareOf.get(v);
    if (share !== undefined) return div(mul(share, s.size), sizeOfValue.get(v) as number);
    return restSize === 0 ? ZERO : div(mul(rest, s.size), restSize);
  });
}

/** Draws the sample; `targets` maps unit id → target sample size. */
export function drawStratifiedSample<T extends FrameItem>(
  frame: readonly T[],
  targets: ReadonlyMap<string, number>,
  seed: string,
  quotas: readonly SamplingQuota[] = [],
): DrawResult<T> {
  const strata = new Map<string, T[]>();
  const keyOf = (x: FrameItem) => JSON.stringify([x.unitId, x.field, x.channel]);
  for (const item of frame) {
    if (!targets.has(item.unitId)) continue;
    const k = keyOf(item);
    let list = strata.get(k);
    if (!list) {
      list = [];
      strata.set(k, list);
    }
    list.push(item);
  }
  const stratumKeys = [...strata.keys()].sort(byKey);
  const sample: T[] = [];
  const allocations: StratumAllocation[] = [];
  const perUnit: DrawResult<T>['perUnit'] = [];
  for (const unitId of [...targets.keys()].sort(byKey)) {
    const keys = stratumKeys.filter((k) => (JSON.parse(k) as string[])[0] === unitId);
    const sizes = keys.map((k) => strata.get(k)?.length ?? 0);
    const target = targets.get(unitId) ?? 0;
    const weights = quotaWeights(
      keys.map((k, i) => {
        const [, field, channel] = JSON.parse(k) as string[];
        return { field, channel, size: sizes[i] };
      }),
      quotas,
    );
    const alloc = weights ? allocateWeighted(target, weights, sizes) : allocateProportional(target, sizes);
    let drawn = 0;
    keys.forEach((k, idx) => {
      const items = [...(strata.get(k) ?? [])].sort((a, b) => byKey(a.key, b.key));
      const n = alloc[idx];
      const rnd = seededRandom(`${seed}\u0000${k}`);
      for (let i = 0; i < n; i++) {
        const j = i + rnd(items.length - i);
        [items[i], items[j]] = [items[j], items[i]];
      }
      const picked = items.slice(0, n).sort((a, b) => byKey(a.key, b.key));
      sample.push(...picked);
      drawn += n;
      const [, field, channel] = JSON.parse(k) as string[];
      allocations.push({ unitId, field, channel, frame: items.length, target: n });
    });
    perUnit.push({ unitId, frame: sizes.reduce((s, x) => s + x, 0), target, drawn });
  }
  return { sample, strata: allocations, perUnit };
}
