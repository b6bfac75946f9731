// Overall index per unit as horizontal bars with the 95 % margin of error in the tooltip. Loaded lazily with ECharts.

import { useMemo } from 'react';
import { type ChartOption, EChart, esc } from '../par/dashboard/EChart';
import { fmt2, fmtInt } from '../par/shared';
import type { IndexRow } from './api';

export default function IndicesChart({ rows, label }: { rows: IndexRow[]; label: string }) {
  const data = useMemo(
    () =>
      rows
        .filter((r) => r.overall.value !== null)
        .sort((a, b) => Number(a.overall.value) - Number(b.overall.value))
        .map((r) => ({ name: r.name, value: Number(r.overall.value), n: r.overall.n, moe: r.overall.marginOfError })),
    [rows],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const d = data[(p as { dataIndex: number }).dataIndex];
          return d ? `${esc(d.name)}<br/>${fmt2(d.value)} % · n = ${fmtInt(d.n)}${d.moe !== null ? ` · ±${fmt2(d.moe)}` : ''}` : '';
        },
      },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: data.map((d) => d.value),
          itemStyle: { color: '#1c7ed6' },
          label: { show: true, position: 'right', formatter: (p: unknown) => fmt2((p as { value: number }).value) },
        },
      ],
    }),
    [data],
  );
  return <EChart option={option} height={Math.max(160, data.length * 32 + 40)} label={label} testId="indices-chart" />;
}
