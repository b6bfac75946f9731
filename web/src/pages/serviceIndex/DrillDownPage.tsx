import { Anchor, Badge, Breadcrumbs, Button, Group, Pagination, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { DRILL_FILTERS, DRILL_PAGE_SIZE, type DrillFilter, drillExportUrl, fetchDrill, fetchScores, siKeys } from '../../api/serviceIndex';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { formatDateTime } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { usePeriod, usePeriodLabel } from './shared';

function isFilter(v: string | null): v is DrillFilter {
  return !!v && (DRILL_FILTERS as readonly string[]).includes(v);
}

export default function DrillDownPage() {
  const { unitId = '' } = useParams();
  const { t } = useTranslation();
  const [period] = usePeriod();
  const periodLabel = usePeriodLabel();
  const [params, setParams] = useSearchParams();
  const filterParam = params.get('filter');
  const filter: DrillFilter = isFilter(filterParam) ? filterParam : 'notOnTime';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        if (key !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );

  const scores = useQuery({ queryKey: siKeys.scores(period), queryFn: () => fetchScores(period), staleTime: 60_000 });
  const unitName = scores.data?.names[unitId]?.name ?? '';
  const drill = useQuery({
    queryKey: siKeys.drill(unitId, period, filter, page),
    queryFn: () => fetchDrill(unitId, period, filter, page),
    placeholderData: keepPreviousData,
  });
  const pages = drill.data ? Math.max(1, Math.ceil(drill.data.total / DRILL_PAGE_SIZE)) : 1;
  const detail = `/service-index/units/${unitId}?period=${encodeURIComponent(period)}`;

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/service-index?period=${encodeURIComponent(period)}`} size="sm">
          {t('serviceIndex.detail.back')}
        </Anchor>
        <Anchor component={Link} to={detail} size="sm">
          {unitName || t('serviceIndex.drill.back')}
        </Anchor>
        <Text size="sm">{t(`serviceIndex.drill.filters.${filter}`)}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={2}>{t('serviceIndex.drill.title', { unit: unitName, period: periodLabel(period) })}</Title>
        <Button
          component="a"
          href={drillExportUrl(unitId, period, filter)}
          download
          variant="light"
          leftSection={<IconFileSpreadsheet size={16} />}
          data-testid="drill-export"
        >
          {t('serviceIndex.drill.export')}
        </Button>
      </Group>
      <Select
        label={t('serviceIndex.drill.filter')}
        value={filter}
        onChange={(v) => {
          if (v) setParam('filter', v);
        }}
        allowDeselect={false}
        data={DRILL_FILTERS.map((f) => ({ value: f, label: t(`serviceIndex.drill.filters.${f}`) }))}
        w={{ base: '100%', sm: 420 }}
        data-testid="drill-filter"
      />
      {drill.isPending ? <PageLoader /> : null}
      {drill.isError ? <ErrorAlert error={drill.error} onRetry={() => void drill.refetch()} /> : null}
      {drill.data ? (
        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          <Stack gap="xs">
            <Text size="sm" c="dimmed" data-testid="drill-total">
              {t('common.total', { count: fmtInt(drill.data.total) })}
            </Text>
            {drill.data.items.length === 0 ? (
              <Text c="dimmed">{t('serviceIndex.drill.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={980}>
                <Table striped verticalSpacing={6} data-testid="drill-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('serviceIndex.drill.code')}</Table.Th>
                      <Table.Th>{t('serviceIndex.drill.procedure')}</Table.Th>
                      <Table.Th>{t('serviceIndex.drill.received')}</Table.Th>
                      <Table.Th>{t('serviceIndex.drill.due')}</Table.Th>
                      <Table.Th>{t('serviceIndex.drill.finished')}</Table.Th>
                      <Table.Th>{t('serviceIndex.drill.facts')}</Table.Th>
                      <Table.Th ta="right">{t('serviceIndex.drill.lateDays')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {drill.data.items.map((d) => (
                      <Table.Tr key={`${d.source}|${d.code}`} data-testid={`drill-row-${d.code}`}>
                        <Table.Td fw={600}>{d.code}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{d.procedureName ?? '—'}</Text>
                          <Text size="xs" c="dimmed">
                            {d.procedureCode}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.receivedAt)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.dueAt) || '—'}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.finishedAt) || '—'}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            <Badge size="xs" variant="light" color={Number(d.channel) === 2 ? 'blue' : 'gray'} style={{ textTransform: 'none' }}>
                              {t(`serviceIndex.drill.channel.${Number(d.channel) === 2 ? 'online' : Number(d.channel) === 3 ? 'post' : 'counter'}`)}
                            </Badge>
                            {d.digitised ? (
                              <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                                {t('serviceIndex.drill.digitised')}
                              </Badge>
                            ) : null}
                            {d.electronicResult ? (
                              <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                                {t('serviceIndex.drill.electronicResult')}
                              </Badge>
                            ) : null}
                            {d.rating !== null ? (
                              <Badge size="xs" variant="light" color={d.rating <= 2 ? 'red' : 'green'} style={{ textTransform: 'none' }}>
                                {t('serviceIndex.drill.rating', { n: d.rating })}
                              </Badge>
                            ) : null}
                            {d.feedback ? (
                              <Badge size="xs" variant="light" color="orange" style={{ textTransform: 'none' }}>
                                {t('serviceIndex.drill.feedback')}
                              </Badge>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td ta="right" fw={d.lateWorkingDays ? 700 : undefined} c={d.lateWorkingDays ? 'red.8' : undefined}>
                          {d.lateWorkingDays === null ? '—' : fmtInt(d.lateWorkingDays)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {pages > 1 ? <Pagination value={page} total={pages} onChange={(p) => setParam('page', String(p))} size="sm" data-testid="drill-pages" /> : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
