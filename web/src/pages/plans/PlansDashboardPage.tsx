// Monitoring of the plans for the PAR office and the leaders: completion rate of due tasks by unit, the overdue trend
// by month, and the campaigns running; the same figures as an Excel workbook, and the quarterly report as a PDF. This route loads ECharts (lazily, like the PAR dashboard).

import { Anchor, Badge, Button, Grid, Group, Paper, Select, Stack, Table, Text, useMantineTheme } from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { collator, formatDate } from '../../i18n/format';
import { type ChartOption, EChart, esc } from '../par/dashboard/EChart';
import { fmtInt, fmtPct, parseDecimal } from '../par/shared';
import { type Dashboard, dashboardXlsxUrl, fetchDashboard, planKeys, quarterlyPdfUrl } from './api';
import { PlansHeader } from './shared';

type T = (key: string, options?: Record<string, unknown>) => string;

function completionOption(d: Dashboard, color: (name: string) => string, t: T): ChartOption {
  const rows = [...d.completion].sort((a, b) => (parseDecimal(a.rate) ?? 0) - (parseDecimal(b.rate) ?? 0));
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        if (!r) return '';
        return `<b>${esc(r.unit.name)}</b><br/>${esc(t('plans.dashboard.rate'))}: <b>${esc(fmtPct(r.rate))}</b><br/>${esc(t('plans.dashboard.done'))}: ${esc(fmtInt(r.done))}/${esc(fmtInt(r.due))}<br/>${esc(t('plans.dashboard.late'))}: ${esc(fmtInt(r.late))}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${fmtInt(v)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.unit.name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => {
          const v = parseDecimal(r.rate) ?? 0;
          return { value: v, itemStyle: { color: r.late > 0 ? color('orange') : color('green') } };
        }),
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => fmtPct(p.value as number) },
        barMaxWidth: 18,
      },
    ],
  };
}

function trendOption(d: Dashboard, color: (name: string) => string, t: T): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: d.overdueTrend.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmtInt(v) } },
    series: [
      {
        name: t('plans.dashboard.late'),
        type: 'line',
        data: d.overdueTrend.map((m) => m.overdue),
        itemStyle: { color: color('red') },
        areaStyle: { opacity: 0.12 },
        smooth: false,
      },
    ],
  };
}

export default function PlansDashboardPage() {
  const { t } = useTranslation();
  const tt = t as unknown as T;
  const theme = useMantineTheme();
  // the year and quarter follow the server's day (its clock and calendar) until the user picks others
  const [yearPicked, setYear] = useState<number | null>(null);
  const [quarterPicked, setQuarter] = useState<number | null>(null);
  const q = useQuery({ queryKey: planKeys.dashboard(yearPicked ?? undefined), queryFn: () => fetchDashboard(yearPicked ?? undefined) });
  const d = q.data;
  const serverYear = d ? Number(d.on.slice(0, 4)) : new Date().getFullYear();
  const year = yearPicked ?? d?.year ?? serverYear;
  const quarter = quarterPicked ?? (d ? Math.floor((Number(d.on.slice(5, 7)) - 1) / 3) + 1 : 1);
  const color = useCallback((name: string) => theme.colors[name]?.[6] ?? name, [theme]);
  const completion = useMemo(() => (d ? completionOption(d, color, tt) : null), [d, tt, color]);
  const trend = useMemo(() => (d ? trendOption(d, color, tt) : null), [d, tt, color]);
  const rows = d ? [...d.completion].sort((a, b) => collator.compare(a.unit.name, b.unit.name)) : [];

  return (
    <Stack gap="md">
      <PlansHeader
        title={t('plans.dashboard.title')}
        actions={
          <>
            <Button
              component="a"
              href={dashboardXlsxUrl(year)}
              download
              variant="light"
              leftSection={<IconFileSpreadsheet size={16} />}
              data-testid="dash-xlsx"
            >
              {t('plans.dashboard.exportXlsx')}
            </Button>
            <Group gap={4} wrap="nowrap">
              <Select
                aria-label={t('plans.dashboard.quarter')}
                data={[1, 2, 3, 4].map((q) => ({ value: String(q), label: t('plans.dashboard.quarterLabel', { q }) }))}
                value={String(quarter)}
                onChange={(v) => v && setQuarter(Number(v))}
                allowDeselect={false}
                w={100}
              />
              <Button
                component="a"
                href={quarterlyPdfUrl(year, quarter)}
                download
                variant="light"
                color="red"
                leftSection={<IconFileTypePdf size={16} />}
                data-testid="dash-pdf"
              >
                {t('plans.dashboard.quarterlyPdf')}
              </Button>
            </Group>
            <Select
              aria-label={t('plans.dashboard.year')}
              data={[serverYear + 1, serverYear, serverYear - 1, serverYear - 2].map((y) => ({ value: String(y), label: String(y) }))}
              value={String(year)}
              onChange={(v) => v && setYear(Number(v))}
              allowDeselect={false}
              w={110}
            />
          </>
        }
      />
      {q.isPending ? <PageLoader /> : null}
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {d ? (
        <>
          <Text size="sm" c="dimmed">
            {formatDate(d.on)}
          </Text>
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="sm" h="100%" data-testid="dash-completion">
                <Text fw={600} size="sm">
                  {t('plans.dashboard.completion')}
                </Text>
                <Text size="xs" c="dimmed" mb={4}>
                  {t('plans.dashboard.completionHint')}
                </Text>
                {d.completion.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('plans.dashboard.empty')}
                  </Text>
                ) : completion ? (
                  <EChart option={completion} height={Math.max(160, d.completion.length * 26 + 40)} label={t('plans.dashboard.completion')} />
                ) : null}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="sm" h="100%" data-testid="dash-trend">
                <Text fw={600} size="sm" mb={4}>
                  {t('plans.dashboard.trend')}
                </Text>
                {trend ? <EChart option={trend} height={240} label={t('plans.dashboard.trend')} /> : null}
              </Paper>
            </Grid.Col>
          </Grid>
          {rows.length > 0 ? (
            <Paper withBorder p={0}>
              <Table.ScrollContainer minWidth={520}>
                <Table striped verticalSpacing={4} data-testid="dash-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('plans.col.unit')}</Table.Th>
                      <Table.Th ta="right">{t('plans.dashboard.due')}</Table.Th>
                      <Table.Th ta="right">{t('plans.dashboard.done')}</Table.Th>
                      <Table.Th ta="right">{t('plans.dashboard.late')}</Table.Th>
                      <Table.Th ta="right">{t('plans.dashboard.rate')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.unit.id}>
                        <Table.Td>{r.unit.name}</Table.Td>
                        <Table.Td ta="right">{fmtInt(r.due)}</Table.Td>
                        <Table.Td ta="right">{fmtInt(r.done)}</Table.Td>
                        <Table.Td ta="right" c={r.late > 0 ? 'red.8' : undefined}>
                          {fmtInt(r.late)}
                        </Table.Td>
                        <Table.Td ta="right" className="par-num">
                          {fmtPct(r.rate)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          ) : null}
        </>
      ) : null}
      {d ? (
        <Paper withBorder p="sm" data-testid="dash-campaigns">
          <Text fw={600} size="sm" mb={4}>
            {t('plans.dashboard.campaigns')}
          </Text>
          {d.campaigns.length ? (
            <Stack gap={6}>
              {d.campaigns.map((c) => (
                <Group key={c.id} justify="space-between" gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/plans/campaigns/${c.id}`} size="sm" style={{ flex: '1 1 260px' }}>
                    {c.name}
                  </Anchor>
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {t('plans.campaigns.day', { n: fmtInt(c.dayNumber) })} · {t('plans.campaigns.targetCount', { n: fmtInt(c.targets) })}
                    </Text>
                    {c.warnings > 0 ? (
                      <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />} style={{ textTransform: 'none' }}>
                        {t('plans.campaigns.warnings', { n: fmtInt(c.warnings) })}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light" style={{ textTransform: 'none' }}>
                        {t('plans.campaigns.onTrack')}
                      </Badge>
                    )}
                  </Group>
                </Group>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('plans.campaigns.empty')}
            </Text>
          )}
        </Paper>
      ) : null}
    </Stack>
  );
}
