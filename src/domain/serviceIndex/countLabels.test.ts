import { describe, expect, it } from 'vitest';
import { COUNT_LABELS } from './countLabels.ts';
import { groupCountNames, QD766_VERSIONS } from './indicators.ts';

describe('count labels', () => {
  it('name every count of every rule version, in Vietnamese and English', () => {
    const names = new Set(QD766_VERSIONS.flatMap((v) => v.groups.flatMap((g) => groupCountNames(g))));
    const unlabelled = [...names].filter((n) => !COUNT_LABELS[n]?.vi || !COUNT_LABELS[n]?.en);
    expect(unlabelled).toEqual([]);
    // and no label for a count that does not exist
    expect(Object.keys(COUNT_LABELS).filter((n) => !names.has(n))).toEqual([]);
  });
});
