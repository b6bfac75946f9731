// Leaders' dashboard of the PAR Index (Chỉ số CCHC): the published results of a unit group over the years.

import { Anchor, Box, Center, Grid, Group, Loader, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Title, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChartBar } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fetchUnitGroups, queryKeys } from '../../../api/endpoints';
import { fetchCycles, fetchResults, fetchTrends, parKeys, type ResultItem } from '../../../api/par';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { groupName } from '../../../i18n';
import { foldText } from '../../../i18n/format';
import { fmt2, fmtInt, fmtPct, fmtSigned, parseDecimal } from '../shared';
import { classColorOf, distributionOption, heatmapHeight, heatmapOption, type Palette, rankingOption, trendOption } from './charts';
import { type ChartClick, EChart } from './EChart';

const DEFAULT_GROUPS = ['agencies', 'communes'];

function ChartCard({ title, hint, children, testId }: { title: string; hint?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper p="sm" h="100%" data-testid={testId}>
      <Stack gap={6} h="100%">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {children}
        {hint ? (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Kpi({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <Paper p="sm" h="100%">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="par-num" lh={1.3} data-testid={testId}>
        {value}
      </Text>
      {sub ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {sub}
        </Text>
      ) : null}
    </Paper>
  );
}

export default function ParDashboardPage() {
  const { t, i18n } = useTranslation();
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const theme = useMantineTheme();
  const navigate = useNavigate();
  const compact = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();

  const groups = useQuery({ queryKey: queryKeys.unitGroups, queryFn: fetchUnitGroups, staleTime: 10 * 60_000 });
  const cycles = useQuery({ queryKey: parKeys.cycles('parIndex'), queryFn: () => fetchCycles('parIndex'), staleTime: 60_000 });
  // the groups that have cycles the user takes part in (all of them for province-wide users)
  const groupCodes = useMemo(() => {
    const codes = [...new Set((cycles.data ?? []).map((c) => c.groupCode))];
    return codes.length ? codes.sort((a, b) => DEFAULT_GROUPS.indexOf(a) - DEFAULT_GROUPS.indexOf(b)) : DEFAULT_GROUPS;
  }, [cycles.data]);
  const ownGroup = (cycles.data ?? []).find((c) => c.myAssessmentId)?.groupCode;
  const groupParam = params.get('group');
  const group = groupParam && /^[a-z0-9_]{1,32}$/.test(groupParam) ? groupParam : (ownGroup ?? groupCodes[0]);

  const trends = useQuery({ queryKey: parKeys.trends(group), queryFn: () => fetchTrends(group), enabled: !cycles.isPending });
  const years = trends.data?.years ?? [];
  const latest = years.length ? years[years.length - 1] : null;
  const previous = years.length > 1 ? years[years.length - 2] : null;
  const results = useQuery({ queryKey: parKeys.results(latest?.cycleId ?? ''), queryFn: () => fetchResults(latest?.cycleId ?? ''), enabled: !!latest });

  const units = trends.data?.units ?? [];
  const unitParam = params.get('unit');
  const unit = units.find((u) => u.unitId === unitParam) ?? (units.length === 1 ? units[0] : null);

  const set = (key: 'group' | 'unit', value: string | null) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (value) n.set(key, value);
        else n.delete(key);
        if (key === 'group') n.delete('unit');
        return n;
      },
      { replace: true },
    );

  const palette: Palette = useMemo(
    () => ({
      fontFamily: theme.fontFamily ?? 'sans-serif',
      text: theme.colors.dark[7],
      dimmed: theme.colors.gray[6],
      grid: theme.colors.gray[3],
      color: (name: string, shade = 5) => theme.colors[name]?.[shade] ?? theme.colors.gray[shade],
    }),
    [theme],
  );

  const items = results.data?.items ?? [];
  // unit users see their own unit(s) only; up to 20 units fit in one chart instead of the top and bottom 10
  const partial = !!latest && items.length > 0 && items.length < latest.count;
  const top = items.length <= 20 ? items : items.slice(0, 10);
  const bottom = items.length > 20 ? items.slice(-10) : [];
  const lang = i18n.language;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are rebuilt when the language changes (formatters read it)
  const options = useMemo(
    () => ({
      top: top.length ? rankingOption(top, classColorOf(latest, palette), palette, tt, compact) : null,
      bottom: bottom.length ? rankingOption(bottom, classColorOf(latest, palette), palette, tt, compact) : null,
      distribution: years.length ? distributionOption(years, palette, tt, compact) : null,
      trend: years.length ? trendOption(years, unit, palette, tt, compact) : null,
      heat: results.data && items.length ? heatmapOption(results.data, palette, tt, compact) : null,
    }),
    [results.data, years, latest, unit, palette, compact, lang],
  );

  const openAssessment = (it: ResultItem | undefined) => {
    if (it?.assessmentId) navigate(`/par/assessments/${it.assessmentId}`);
  };
  const onBar = (list: readonly ResultItem[]) => (e: ChartClick) => openAssessment(list[e.dataIndex]);
  const onHeat = (e: ChartClick) => {
    const d = e.data as [number, number, unknown] | undefined;
    if (d) openAssessment(items[d[1]]);
  };

  const groupOptions = groupCodes.map((code) => {
    const g = groups.data?.find((x) => x.code === code);
    return { value: code, label: <span data-testid={`dashboard-group-${code}`}>{g ? groupName(g) : code}</span> };
  });
  const unitOptions = units.map((u) => ({ value: u.unitId, label: u.name }));

  const mean = parseDecimal(latest?.meanOfIndices ?? null);
  const prevMean = parseDecimal(previous?.meanOfIndices ?? null);
  const delta = mean !== null && prevMean !== null ? mean - prevMean : null;
  const best = items.length ? items[0] : undefined;
  const worst = items.length > 1 ? items[items.length - 1] : undefined;
  const unitHasLineage = !!unit?.series.some((s) => s.viaLineage);

  const topTitle = latest
    ? partial
      ? t('par.dashboard.scopeTitle', { year: latest.year })
      : bottom.length
        ? t('par.dashboard.topTitle', { year: latest.year })
        : t('par.dashboard.rankingAll', { year: latest.year, n: fmtInt(items.length) })
    : '';

  const loading = cycles.isPending || trends.isPending || (!!latest && results.isPending);

  return (
    <Stack gap="sm" data-testid="par-dashboard">
      <Group justify="space-between" gap="xs" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size={compact ? 'h3' : 'h2'}>
            {t('par.dashboard.title')}
          </Title>
          {latest && results.data ? (
            <Text size="sm" c="dimmed">
              {results.data.cycle.name}
            </Text>
          ) : null}
        </Stack>
        {groupCodes.length > 1 ? (
          <SegmentedControl
            value={group}
            onChange={(v) => set('group', v)}
            data={groupOptions}
            aria-label={t('par.dashboard.group')}
            data-testid="dashboard-group"
            fullWidth={compact}
            w={compact ? '100%' : undefined}
          />
        ) : null}
      </Group>

      {loading ? (
        <Center h={240}>
          <Loader size="sm" />
        </Center>
      ) : cycles.isError ? (
        <ErrorAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
      ) : trends.isError ? (
        <ErrorAlert error={trends.error} onRetry={() => void trends.refetch()} />
      ) : results.isError ? (
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
      ) : !latest ? (
        <Paper p="md">
          <Text size="sm" c="dimmed" data-testid="dashboard-empty">
            {t('par.dashboard.empty')}
          </Text>
        </Paper>
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Kpi
              label={t('par.dashboard.latest')}
              value={t('par.dashboard.year', { year: latest.year })}
              sub={
                <Anchor component={Link} to={`/par/cycles/${latest.cycleId}/results`} size="xs" data-testid="dashboard-open-results">
                  <IconChartBar size={12} style={{ verticalAlign: -1 }} /> {t('par.dashboard.openResults')} ·{' '}
                  {t('par.dashboard.unitCount', { n: fmtInt(latest.count) })}
                </Anchor>
              }
            />
            <Kpi
              label={t('par.dashboard.meanIndex')}
              value={fmtPct(mean)}
              testId="dashboard-mean"
              sub={
                previous && delta !== null ? (
                  <Text span size="xs" c={delta > 0 ? 'green.8' : delta < 0 ? 'red.8' : 'dimmed'}>
                    {t('par.dashboard.change', { year: previous.year, delta: fmtSigned(delta) })}
                  </Text>
                ) : null
              }
            />
            {partial && items.length === 1 && best ? (
              <>
                <Kpi
                  label={t('par.dashboard.unitRank')}
                  value={t('par.dashboard.rankOf', { rank: fmtInt(best.rank), total: fmtInt(latest.count) })}
                  sub={best.unitName}
                  testId="dashboard-unit-rank"
                />
                <Kpi label={t('par.dashboard.unitIndex')} value={fmtPct(best.index)} sub={best.class ?? t('par.noClass')} />
              </>
            ) : (
              <>
                <Kpi label={t('par.dashboard.highest')} value={best ? fmtPct(best.index) : '—'} sub={best?.unitName} />
                <Kpi label={t('par.dashboard.lowest')} value={worst ? fmtPct(worst.index) : '—'} sub={worst?.unitName} />
              </>
            )}
          </SimpleGrid>

          <Grid gap="sm">
            {options.top ? (
              <Grid.Col span={{ base: 12, md: options.bottom ? 6 : 12 }}>
                <ChartCard title={topTitle} hint={t('par.dashboard.barHint')} testId="dashboard-top">
                  <EChart
                    option={options.top}
                    height={top.length * (compact ? 28 : 30) + 40}
                    onClick={onBar(top)}
                    label={t('par.dashboard.chartLabel', { title: topTitle })}
                    testId="chart-ranking-top"
                  />
                </ChartCard>
              </Grid.Col>
            ) : null}
            {options.bottom ? (
              <Grid.Col span={{ base: 12, md: 6 }}>
                <ChartCard title={t('par.dashboard.bottomTitle', { year: latest.year })} hint={t('par.dashboard.barHint')} testId="dashboard-bottom">
                  <EChart
                    option={options.bottom}
                    height={bottom.length * (compact ? 28 : 30) + 40}
                    onClick={onBar(bottom)}
                    label={t('par.dashboard.chartLabel', { title: t('par.dashboard.bottomTitle', { year: latest.year }) })}
                    testId="chart-ranking-bottom"
                  />
                </ChartCard>
              </Grid.Col>
            ) : null}

            {options.trend ? (
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <ChartCard
                  title={t('par.dashboard.trendTitle')}
                  testId="dashboard-trend"
                  hint={years.length < 2 ? t('par.dashboard.oneYear') : unitHasLineage ? t('par.dashboard.lineageLegend') : undefined}
                >
                  {units.length > 1 ? (
                    <Select
                      size="xs"
                      label={t('par.dashboard.unitPick')}
                      placeholder={t('par.dashboard.unitPickPlaceholder')}
                      data={unitOptions}
                      value={unit?.unitId ?? null}
                      onChange={(v) => set('unit', v)}
                      searchable
                      clearable
                      limit={50}
                      filter={({ options: opts, search }) => {
                        const needle = foldText(search.trim());
                        return opts.filter((o) => 'label' in o && foldText(o.label).includes(needle));
                      }}
                      maw={compact ? undefined : 360}
                      data-testid="dashboard-unit-select"
                    />
                  ) : null}
                  <EChart
                    option={options.trend}
                    height={compact ? 260 : 300}
                    label={t('par.dashboard.chartLabel', { title: t('par.dashboard.trendTitle') })}
                    testId="chart-trend"
                  />
                  {unit ? (
                    <Group gap={6} data-testid="dashboard-unit-series">
                      {unit.series.map((s) => (
                        <Text
                          key={s.year}
                          size="xs"
                          c={s.viaLineage ? 'grape.8' : undefined}
                          className="par-num"
                          title={s.viaLineage ? t('par.dashboard.viaLineage') : undefined}
                        >
                          {s.year}: {s.index === null ? '—' : fmt2(s.index)}
                          {s.viaLineage ? '*' : ''}
                        </Text>
                      ))}
                    </Group>
                  ) : null}
                </ChartCard>
              </Grid.Col>
            ) : null}
            {options.distribution ? (
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <ChartCard title={t('par.dashboard.distributionTitle')} testId="dashboard-distribution">
                  <EChart
                    option={options.distribution}
                    height={compact ? 280 : 352}
                    label={t('par.dashboard.chartLabel', { title: t('par.dashboard.distributionTitle') })}
                    testId="chart-distribution"
                  />
                </ChartCard>
              </Grid.Col>
            ) : null}

            {options.heat && results.data ? (
              <Grid.Col span={12}>
                <ChartCard title={t('par.dashboard.heatTitle', { year: latest.year })} hint={t('par.dashboard.heatHint')} testId="dashboard-heatmap">
                  <Box>
                    <EChart
                      option={options.heat}
                      height={heatmapHeight(items.length, compact)}
                      onClick={onHeat}
                      label={t('par.dashboard.chartLabel', { title: t('par.dashboard.heatTitle', { year: latest.year }) })}
                      testId="chart-heatmap"
                    />
                  </Box>
                </ChartCard>
              </Grid.Col>
            ) : null}
          </Grid>
        </>
      )}
    </Stack>
  );
}
