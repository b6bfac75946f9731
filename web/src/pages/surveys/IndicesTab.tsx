// Indices per SIPAS element and overall, for the province, each group and each unit, with the number of valid
// answers and the 95 % margin of error beside each value, last year's index and the change, a league table, a
// chart (ECharts, loaded only when this tab opens) and the Excel / PDF exports.

import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { fmt2, fmtInt, fmtSigned } from '../par/shared';
import { fetchIndices, type IndexCell, type IndexRow, indicesExportUrl, type Survey, surveyKeys } from './api';

const IndicesChart = lazy(() => import('./IndicesChart'));

function Cell({ cell, testId }: { cell: IndexCell | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!cell || cell.value === null)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        —
      </Text>
    );
  return (
    <Tooltip
      label={t('surveys.indices.cellTitle', { value: fmt2(cell.value), n: fmtInt(cell.n), moe: cell.marginOfError === null ? '—' : fmt2(cell.marginOfError) })}
    >
      <div data-testid={testId} data-value={cell.value} data-n={cell.n}>
        <Text size="sm" fw={600} lh={1.2}>
          {fmt2(cell.value)}
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          n={fmtInt(cell.n)}
          {cell.marginOfError !== null ? ` ±${fmt2(cell.marginOfError)}` : ''}
        </Text>
      </div>
    </Tooltip>
  );
}

function RowsTable({ rows, elements, showRank, testId }: { rows: IndexRow[]; elements: string[]; showRank?: boolean; testId: string }) {
  const { t } = useTranslation();
  const elementLabel = (e: string) => (t as unknown as (k: string) => string)(`surveys.elements.${e}`);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={6} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {showRank ? <Table.Th w={60}>{t('surveys.indices.rank')}</Table.Th> : null}
            <Table.Th>{t('surveys.indices.name')}</Table.Th>
            <Table.Th ta="right">{t('surveys.indices.respondents')}</Table.Th>
            {elements.map((e) => (
              <Table.Th key={e} maw={120}>
                {elementLabel(e)}
              </Table.Th>
            ))}
            <Table.Th>{t('surveys.indices.overall')}</Table.Th>
            <Table.Th>{t('surveys.indices.previous')}</Table.Th>
            <Table.Th>{t('surveys.indices.change')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-testid={`${testId}-row`} data-key={r.key}>
              {showRank ? <Table.Td>{r.rank ?? '—'}</Table.Td> : null}
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{fmtInt(r.respondents)}</Table.Td>
              {elements.map((e) => (
                <Table.Td key={e}>
                  <Cell cell={r.elements[e]} />
                </Table.Td>
              ))}
              <Table.Td>
                <Cell cell={r.overall} testId={`${testId}-overall`} />
              </Table.Td>
              <Table.Td>{r.previous === null ? '—' : fmt2(r.previous)}</Table.Td>
              <Table.Td>
                {r.change === null ? (
                  '—'
                ) : (
                  <Text size="sm" c={Number(r.change) > 0 ? 'green.8' : Number(r.change) < 0 ? 'red.8' : undefined}>
                    {fmtSigned(r.change)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function IndicesTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: surveyKeys.indices(survey.id), queryFn: () => fetchIndices(survey.id) });
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loader size="sm" />;
  const d = q.data;
  const league = [...d.units].filter((u) => u.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const lang = currentLanguage();
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Text size="sm">{t('surveys.indices.formula', { f: t(`surveys.formula.${d.formula}`) })}</Text>
          {d.provisional ? (
            <Tooltip label={t('surveys.indices.provisionalNote')} multiline w={320}>
              <Badge color="orange" variant="light" data-testid="indices-provisional">
                {t('surveys.indices.provisional')}
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
        <Group gap="xs">
          <Button
            component="a"
            href={indicesExportUrl(survey.id, 'xlsx', lang)}
            download
            variant="light"
            leftSection={<IconFileSpreadsheet size={16} />}
            data-testid="indices-excel"
          >
            {t('surveys.indices.excel')}
          </Button>
          <Button
            component="a"
            href={indicesExportUrl(survey.id, 'pdf', lang)}
            download
            variant="light"
            leftSection={<IconFileTypePdf size={16} />}
            data-testid="indices-pdf"
          >
            {t('surveys.indices.pdf')}
          </Button>
        </Group>
      </Group>
      {d.provisional ? (
        <Alert color="orange" variant="light">
          {t('surveys.indices.provisionalNote')}
        </Alert>
      ) : null}
      <Card withBorder radius="md" padding="md">
        <Title order={4} mb="xs">
          {t('surveys.indices.province')}
        </Title>
        <RowsTable rows={[d.province]} elements={d.elements} testId="indices-province" />
      </Card>
      {d.groups.length > 0 ? (
        <Card withBorder radius="md" padding="md">
          <Title order={4} mb="xs">
            {t('surveys.indices.groups')}
          </Title>
          <RowsTable rows={d.groups} elements={d.elements} testId="indices-groups" />
        </Card>
      ) : null}
      <Card withBorder radius="md" padding="md">
        <Title order={4} mb="xs">
          {t('surveys.indices.league')}
        </Title>
        {league.length === 0 && d.units.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('surveys.indices.empty')}
          </Text>
        ) : (
          <RowsTable rows={league.length > 0 ? league : d.units} elements={d.elements} showRank testId="indices-units" />
        )}
      </Card>
      {d.units.some((u) => u.overall.value !== null) ? (
        <Card withBorder radius="md" padding="md">
          <Title order={4} mb="xs">
            {t('surveys.indices.chart')}
          </Title>
          <Suspense fallback={<Loader size="sm" />}>
            <IndicesChart rows={d.units} label={t('surveys.indices.chart')} />
          </Suspense>
        </Card>
      ) : null}
    </Stack>
  );
}
