import { describe, expect, it } from 'vitest';
import { DRILL_FILTERS, drillFilterFor } from './drill.ts';
import { QD766_VERSIONS } from './indicators.ts';

describe('drill-down of lost points', () => {
  const codes = QD766_VERSIONS.flatMap((v) => v.groups.flatMap((g) => g.indicators.map((i) => i.code)));

  it('maps the indicators measured over dossiers to a known filter', () => {
    const mapped = codes.filter((c) => drillFilterFor(c) !== null);
    expect(mapped.sort()).toEqual(['2.1', '3.3', '3.6', '4.1', '4.2', '5.4', 'm0-row7'].sort());
    for (const c of mapped) expect(DRILL_FILTERS).toContain(drillFilterFor(c));
  });

  it('has none for indicators counted outside the one-stop system', () => {
    for (const c of ['1.1', '1.4', '3.1', '5.2', '5.3', '4.3', 'toString']) expect(drillFilterFor(c)).toBeNull();
  });
});
