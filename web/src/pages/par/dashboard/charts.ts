// ECharts options of the leaders' dashboard. Numbers go through the UI-language formatters (decimal comma in vi).

import type { ResultItem, Results, TrendUnit, TrendYear } from '../../../api/par';
import { fmt2, fmtInt, fmtNum, parseDecimal } from '../shared';
import { type ChartOption, esc } from './EChart';

type T = (key: string, options?: Record<string, unknown>) => string;

export interface Palette {
  fontFamily: string;
  text: string;
  dimmed: string;
  grid: string;
  /** Colour of a Mantine palette name at shade 5 / 7. */
  color: (name: string, shade?: number) => string;
}

const CLASS_COLORS = ['green', 'teal', 'blue', 'yellow', 'orange', 'red', 'gray'];

/** Colours of the classes by position (best first), like the badges of the results page. */
export function classPaletteName(i: number, count: number): string {
  if (count <= 1) return CLASS_COLORS[0];
  return CLASS_COLORS[Math.round((i / (count - 1)) * 5)];
}

/** Red (low) → yellow → green (high) over 50–100 %, light enough for dark text, like the results heat map. */
export function heatStops(): string[] {
  return [0, 0.25, 0.5, 0.75, 1].map((t) => `hsl(${Math.round(t * 125)}, 70%, ${78 + Math.round(t * 6)}%)`);
}

const base = (p: Palette): Partial<ChartOption> => ({
  textStyle: { fontFamily: p.fontFamily, color: p.text },
  animationDuration: 400,
});

const tooltipBase = (p: Palette) => ({
  confine: true,
  backgroundColor: '#fff',
  borderColor: p.grid,
  textStyle: { color: p.text, fontFamily: p.fontFamily, fontSize: 12 },
  extraCssText: 'max-width: 300px; white-space: normal;',
});

/** Colour of a unit's bar: its class, in the colours of the distribution chart. */
export function classColorOf(year: TrendYear | null, p: Palette): (className: string | null) => string {
  const named = (year?.classes ?? []).map((c) => c.name).filter((n): n is string => n !== null);
  return (className) => {
    const i = className === null ? -1 : named.indexOf(className);
    return p.color(i < 0 ? 'gray' : classPaletteName(i, named.length), 5);
  };
}

/** Horizontal bars of the index of some ranked units (top or bottom 10), coloured by class. */
export function rankingOption(items: readonly ResultItem[], colorOf: (className: string | null) => string, p: Palette, t: T, compact: boolean): ChartOption {
  return {
    ...base(p),
    grid: { left: 8, right: 52, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'item',
      formatter: (params) => {
        const it = items[(params as { dataIndex: number }).dataIndex];
        if (!it) return '';
        return [
          `<b>${esc(`${it.rank}. ${it.unitName}`)}</b>`,
          `${esc(t('par.dashboard.index'))}: <b>${esc(fmt2(it.index))}%</b>`,
          it.class ? esc(it.class) : '',
          `${esc(fmt2(it.total))}/${esc(fmtNum(it.max))}`,
        ]
          .filter(Boolean)
          .join('<br/>');
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      splitNumber: compact ? 2 : 5,
      axisLabel: { formatter: (v: number) => fmtNum(v), color: p.dimmed },
      splitLine: { lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((it) => `${it.rank}. ${it.unitName}`),
      axisLabel: { width: compact ? 118 : 190, overflow: 'truncate', color: p.text, fontSize: compact ? 11 : 12 },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: p.grid } },
    },
    series: [
      {
        type: 'bar',
        data: items.map((it) => ({ value: parseDecimal(it.index) ?? 0, itemStyle: { color: colorOf(it.class) } })),
        barMaxWidth: 18,
        itemStyle: { borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', formatter: (l) => fmt2(l.value as number), color: p.text, fontSize: 11 },
        emphasis: { focus: 'self' },
        cursor: 'pointer',
      },
    ],
  };
}

/** 100 % stacked bars: the share of every class per year (unit counts differ from year to year after mergers). */
export function distributionOption(years: readonly TrendYear[], p: Palette, t: T, compact: boolean): ChartOption {
  const names: (string | null)[] = [];
  for (const y of years) for (const c of y.classes) if (!names.includes(c.name)) names.push(c.name);
  const named = names.filter((n): n is string => n !== null);
  const label = (n: string | null) => n ?? t('par.noClass');
  const share = (y: TrendYear, n: string | null) => {
    const count = y.classes.find((c) => c.name === n)?.count ?? 0;
    return { count, pct: y.count ? (count / y.count) * 100 : 0 };
  };
  return {
    ...base(p),
    legend: { bottom: 0, type: 'scroll', textStyle: { color: p.text, fontSize: compact ? 11 : 12 }, itemWidth: 14, itemHeight: 10 },
    grid: { left: 8, right: 8, top: 12, bottom: 40, containLabel: true },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const y = years[list[0]?.dataIndex ?? 0];
        if (!y) return '';
        const rows = names.map((n) => {
          const s = share(y, n);
          return `${esc(label(n))}: <b>${esc(t('par.dashboard.share', { n: fmtInt(s.count), pct: fmt2(s.pct) }))}</b>`;
        });
        return [`<b>${esc(t('par.dashboard.year', { year: y.year }))}</b> · ${esc(t('par.dashboard.unitCount', { n: fmtInt(y.count) }))}`, ...rows].join(
          '<br/>',
        );
      },
    },
    xAxis: {
      type: 'category',
      data: years.map((y) => String(y.year)),
      axisLabel: { color: p.text },
      axisLine: { lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      axisLabel: { formatter: (v: number) => `${fmtNum(v)}%`, color: p.dimmed },
      splitLine: { lineStyle: { color: p.grid } },
    },
    series: names.map((n) => {
      const i = n === null ? -1 : named.indexOf(n);
      return {
        type: 'bar' as const,
        name: label(n),
        stack: 'classes',
        barMaxWidth: 64,
        itemStyle: { color: p.color(i < 0 ? 'gray' : classPaletteName(i, named.length), 5) },
        label: {
          show: !compact,
          formatter: (l: { value: unknown }) => (Number(l.value) >= 7 ? `${fmtNum(Math.round(Number(l.value)))}%` : ''),
          color: '#fff',
          fontSize: 11,
        },
        data: years.map((y) => share(y, n).pct),
      };
    }),
  };
}

/**
 * The group's mean index per year, and optionally one unit's series. A segment that touches a year whose value comes
 * from predecessor units (viaLineage) is drawn dashed; such points are hollow and the tooltip says so.
 */
export function trendOption(years: readonly TrendYear[], unit: TrendUnit | null, p: Palette, t: T, compact: boolean): ChartOption {
  const mean = years.map((y) => parseDecimal(y.meanOfIndices));
  const pts = years.map((y) => unit?.series.find((s) => s.year === y.year) ?? null);
  const vals = pts.map((s) => parseDecimal(s?.index ?? null));
  const lineage = pts.map((s) => !!s?.viaLineage);
  const all = [...mean, ...vals].filter((v): v is number => v !== null);
  const lo = all.length ? Math.max(0, Math.floor((Math.min(...all) - 5) / 10) * 10) : 0;
  const unitColor = p.color('orange', 7);
  const meanColor = p.color('blue', 7);
  const series: ChartOption['series'] = [
    {
      type: 'line',
      name: t('par.dashboard.meanSeries'),
      data: mean,
      symbol: 'circle',
      symbolSize: 8,
      lineStyle: { width: 3, color: meanColor },
      itemStyle: { color: meanColor },
      label: { show: !compact, position: 'top', formatter: (l) => fmt2(l.value as number), color: meanColor, fontSize: 11 },
    },
  ];
  if (unit) {
    const name = unit.name;
    // solid: points of the unit itself; segments between two of them are solid
    series.push({
      type: 'line',
      name,
      data: vals.map((v, i) => (lineage[i] ? null : v)),
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 8,
      lineStyle: { width: 2.5, color: unitColor },
      itemStyle: { color: unitColor },
      label: { show: !compact, position: 'bottom', formatter: (l) => fmt2(l.value as number), color: unitColor, fontSize: 11 },
    });
    // dashed: one small series per segment that touches a lineage point
    for (let i = 0; i < years.length - 1; i++) {
      if (!(lineage[i] || lineage[i + 1]) || vals[i] === null || vals[i + 1] === null) continue;
      series.push({
        type: 'line',
        name,
        data: vals.map((v, j) => (j === i || j === i + 1 ? v : null)),
        symbol: 'none',
        lineStyle: { width: 2.5, type: 'dashed', color: unitColor },
        itemStyle: { color: unitColor },
        tooltip: { show: false },
        silent: true,
      });
    }
    // hollow markers on the lineage points
    series.push({
      type: 'line',
      name,
      data: vals.map((v, i) => (lineage[i] ? v : null)),
      lineStyle: { opacity: 0 },
      symbol: 'emptyCircle',
      symbolSize: 9,
      itemStyle: { color: unitColor, borderColor: unitColor, borderWidth: 2 },
      label: { show: !compact, position: 'bottom', formatter: (l) => fmt2(l.value as number), color: unitColor, fontSize: 11 },
    });
  }
  return {
    ...base(p),
    legend: {
      bottom: 0,
      type: 'scroll',
      data: unit ? [t('par.dashboard.meanSeries'), unit.name] : [t('par.dashboard.meanSeries')],
      textStyle: { color: p.text },
    },
    grid: { left: 8, right: 24, top: 24, bottom: 36, containLabel: true },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'axis',
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const i = list[0]?.dataIndex ?? 0;
        const y = years[i];
        if (!y) return '';
        const lines = [`<b>${esc(String(y.year))}</b>`, `${esc(t('par.dashboard.meanSeries'))}: <b>${esc(fmt2(mean[i]))}%</b>`];
        if (unit) {
          const s = pts[i];
          lines.push(
            `${esc(unit.name)}: <b>${esc(vals[i] === null ? '—' : `${fmt2(vals[i])}%`)}</b>${s?.rank ? ` · ${esc(t('par.dashboard.rank', { rank: s.rank }))}` : ''}`,
          );
          if (lineage[i]) lines.push(`<i>${esc(t('par.dashboard.viaLineage'))}</i>`);
        }
        return lines.join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: years.map((y) => String(y.year)),
      boundaryGap: years.length < 3,
      axisLabel: { color: p.text },
      axisLine: { lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: 'value',
      min: lo,
      max: 100,
      axisLabel: { formatter: (v: number) => fmtNum(v), color: p.dimmed },
      splitLine: { lineStyle: { color: p.grid } },
    },
    series,
  };
}

export const HEAT_ROWS = 25;

/** Units (rows, by rank) × areas (columns) and the overall index; a slider scrolls the rows when there are many. */
export function heatmapOption(results: Results, p: Palette, t: T, compact: boolean): ChartOption {
  const areas = results.areas.filter((a) => Number(a.maxPoints) > 0);
  const items = results.items;
  const cols = [...areas.map((a) => t('par.results.areaShort', { code: a.code })), t('par.dashboard.overall')];
  const data: [number, number, number | string][] = [];
  items.forEach((it, y) => {
    areas.forEach((a, x) => {
      const v = parseDecimal(it.areas[a.code]?.index ?? null);
      data.push([x, y, v === null ? '-' : v]);
    });
    data.push([areas.length, y, parseDecimal(it.index) ?? '-']);
  });
  const scroll = items.length > HEAT_ROWS;
  return {
    ...base(p),
    grid: { left: 8, right: scroll ? 28 : 8, top: compact ? 76 : 56, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'item',
      formatter: (params) => {
        const d = (params as unknown as { data: [number, number, number | string] }).data;
        const it = items[d[1]];
        if (!it) return '';
        const a = areas[d[0]];
        const comp = a ? it.areas[a.code] : null;
        const head = `<b>${esc(`${it.rank}. ${it.unitName}`)}</b>`;
        if (!a) return `${head}<br/>${esc(t('par.dashboard.index'))}: <b>${esc(fmt2(it.index))}%</b>`;
        return [
          head,
          `${esc(`${a.code}. ${a.title}`)}`,
          `${esc(t('par.dashboard.index'))}: <b>${esc(comp?.index == null ? '—' : `${fmt2(comp.index)}%`)}</b>${
            comp?.rank ? ` · ${esc(t('par.dashboard.rank', { rank: comp.rank }))}` : ''
          }`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      position: 'top',
      data: cols,
      splitArea: { show: false },
      // narrow screens: vertical labels, so that nine columns fit in 375 px
      axisLabel: { color: p.text, fontSize: compact ? 10 : 12, interval: 0, fontWeight: 600, rotate: compact ? 90 : 0 },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((it) => `${it.rank}. ${it.unitName}`),
      axisLabel: { width: compact ? 96 : 200, overflow: 'truncate', color: p.text, fontSize: compact ? 10 : 12 },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    visualMap: {
      type: 'continuous',
      min: 50,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      top: 0,
      itemHeight: compact ? 120 : 180,
      itemWidth: 10,
      text: [fmtNum(100), fmtNum(50)],
      textStyle: { color: p.dimmed, fontSize: 11 },
      inRange: { color: heatStops() },
      dimension: 2,
    },
    dataZoom: scroll
      ? [
          {
            type: 'slider',
            yAxisIndex: 0,
            right: 4,
            top: compact ? 76 : 56,
            bottom: 8,
            width: compact ? 14 : 12,
            startValue: 0,
            endValue: HEAT_ROWS - 1,
            zoomLock: true,
            showDetail: false,
            brushSelect: false,
            showDataShadow: false,
            handleSize: 0,
            moveHandleSize: 0,
            filterMode: 'empty',
          },
        ]
      : [],
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: !compact,
          fontSize: 11,
          color: p.text,
          formatter: (l) => {
            const v = (l.data as [number, number, number | string])[2];
            return typeof v === 'number' ? fmt2(v) : '—';
          },
        },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } },
        cursor: 'pointer',
      },
    ],
  };
}

/** Height of the heat map for the rows it shows. */
export function heatmapHeight(rows: number, compact: boolean): number {
  return Math.min(rows, HEAT_ROWS) * (compact ? 20 : 24) + (compact ? 92 : 72);
}
