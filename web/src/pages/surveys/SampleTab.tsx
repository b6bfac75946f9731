// Sampling: a seeded, reproducible stratified draw from the completed dossiers of the period. The single-use links
// exist only in the reply of the draw (the server keeps hashes), so they are shown at once with QR codes, to print
// or download. Below, the sampled dossiers with contacts masked for everyone but the survey team.

import { Alert, Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDice5, IconDownload, IconPrinter } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fmtInt } from '../par/shared';
import { drawSample, fetchBoard, fetchSample, type SampleResult, type Survey, surveyKeys } from './api';
import { QrCode } from './QrCode';
import { csvCell, downloadText } from './shared';

function LinksPanel({ survey, result }: { survey: Survey; result: SampleResult }) {
  const { t } = useTranslation();
  const unitName = (id: string) => survey.units.find((u) => u.unitId === id)?.unitName ?? id;
  const csv = () =>
    downloadText(
      `links-${survey.id}.csv`,
      [
        [t('surveys.board.unit'), t('surveys.sample.dossier'), t('surveys.sample.link')].map(csvCell).join(','),
        ...result.links.map((l) => [unitName(l.unitId), l.dossierCode, l.url].map(csvCell).join(',')),
      ].join('\r\n'),
    );
  return (
    <Card withBorder radius="md" padding="md" data-testid="sample-result">
      <Stack gap="sm">
        <Text fw={600}>{t('surveys.sample.drawn', { drawn: fmtInt(result.drawn), frame: fmtInt(result.frameSize) })}</Text>
        <Text size="sm" c="dimmed">
          {t('surveys.sample.seedUsed', { seed: result.seed })}
        </Text>
        <Alert color="orange" variant="light">
          {t('surveys.sample.linksOnce')}
        </Alert>
        <Group gap="xs" className="no-print">
          <Button variant="light" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            {t('surveys.sample.print')}
          </Button>
          <Button variant="light" leftSection={<IconDownload size={16} />} onClick={csv} data-testid="sample-csv">
            {t('surveys.sample.downloadCsv')}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
          {result.links.map((l) => (
            <Card key={l.sampleId} withBorder padding="xs" radius="sm" data-testid="sample-link" data-dossier={l.dossierCode ?? ''}>
              <Group wrap="nowrap" align="flex-start" gap="xs">
                <QrCode value={l.url} size={96} label={`${t('surveys.sample.qr')} ${l.dossierCode ?? ''}`} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed">
                    {unitName(l.unitId)}
                  </Text>
                  <Text size="sm" fw={600}>
                    {l.dossierCode ?? '—'}
                  </Text>
                  <Anchor href={l.url} size="xs" target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }} data-testid="sample-link-url">
                    {l.url}
                  </Anchor>
                </Stack>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

export function SampleTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const [seed, setSeed] = useState(survey.sampleSeed ?? `${survey.year}-${survey.id.slice(0, 8)}`);
  const list = useQuery({ queryKey: surveyKeys.sample(survey.id), queryFn: () => fetchSample(survey.id) });
  const draw = useMutation({
    mutationFn: () => drawSample(survey.id, seed.trim()),
    onSuccess: () => void qc.invalidateQueries({ queryKey: surveyKeys.all }),
  });
  const unitName = (id: string) => survey.units.find((u) => u.unitId === id)?.unitName ?? id;
  return (
    <Stack gap="md">
      {can('survey.manage') ? (
        <Card withBorder radius="md" padding="md">
          <Group align="flex-end" gap="xs">
            <TextInput
              style={{ flex: 1, maxWidth: 360 }}
              label={t('surveys.sample.seed')}
              description={t('surveys.sample.seedHelp')}
              value={seed}
              onChange={(e) => setSeed(e.currentTarget.value)}
              data-testid="sample-seed"
            />
            <Button
              leftSection={<IconDice5 size={16} />}
              onClick={() => draw.mutate()}
              loading={draw.isPending}
              disabled={!seed.trim()}
              data-testid="sample-draw"
            >
              {t('surveys.sample.draw')}
            </Button>
          </Group>
          {draw.error ? <ErrorAlert error={draw.error} /> : null}
        </Card>
      ) : null}
      {draw.data ? <LinksPanel survey={survey} result={draw.data} /> : null}
      <Card withBorder radius="md" padding="md">
        <Stack gap="xs">
          <Title order={4}>{t('surveys.sample.list')}</Title>
          {list.error ? <ErrorAlert error={list.error} /> : null}
          {list.data?.contactsMasked ? (
            <Text size="xs" c="dimmed">
              {t('surveys.sample.masked')}
            </Text>
          ) : null}
          {list.data && list.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('surveys.sample.empty')}
            </Text>
          ) : null}
          {list.data && list.data.items.length > 0 ? (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="sample-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.board.unit')}</Table.Th>
                    <Table.Th>{t('surveys.sample.dossier')}</Table.Th>
                    <Table.Th>{t('surveys.sample.field')}</Table.Th>
                    <Table.Th>{t('surveys.sample.channel')}</Table.Th>
                    <Table.Th>{t('surveys.sample.contact')}</Table.Th>
                    <Table.Th>{t('surveys.sample.used')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((i) => (
                    <Table.Tr key={i.sampleId}>
                      <Table.Td>{unitName(i.unitId)}</Table.Td>
                      <Table.Td>{i.dossierCode ?? '—'}</Table.Td>
                      <Table.Td>{i.field ?? '—'}</Table.Td>
                      <Table.Td>{i.channel ?? '—'}</Table.Td>
                      <Table.Td ff="monospace">{i.contact ?? '—'}</Table.Td>
                      <Table.Td>
                        {i.used ? (
                          <Badge color="green" variant="light">
                            {t('common.yes')}
                          </Badge>
                        ) : (
                          t('common.no')
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Stack>
      </Card>
    </Stack>
  );
}

export function BoardTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: surveyKeys.board(survey.id), queryFn: () => fetchBoard(survey.id) });
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  if (q.data.units.length === 0) return <Text c="dimmed">{t('surveys.board.empty')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="quota-board">
      {q.data.units.map((u) => {
        const pct = u.target > 0 ? Math.min(100, (u.responded / u.target) * 100) : 0;
        return (
          <Card key={u.unitId} withBorder radius="md" padding="sm" data-testid={`board-unit-${u.unitCode}`}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} size="sm">
                  {u.unitName}
                </Text>
                <Text size="sm" data-testid="board-responded">
                  {fmtInt(u.responded)} / {fmtInt(u.target)}
                </Text>
              </Group>
              <Progress value={pct} color={pct >= 100 ? 'green' : 'blue'} aria-label={t('surveys.board.fill')} />
              <Text size="xs" c="dimmed">
                {t('surveys.board.drawn')}: {fmtInt(u.drawn)}
              </Text>
              {u.strata.length > 0 ? (
                <Table withRowBorders={false} verticalSpacing={2} fz="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('surveys.board.strata')}</Table.Th>
                      <Table.Th ta="right">{t('surveys.board.target')}</Table.Th>
                      <Table.Th ta="right">{t('surveys.board.drawn')}</Table.Th>
                      <Table.Th ta="right">{t('surveys.board.responded')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {u.strata.map((s) => (
                      <Table.Tr key={`${s.dimension}-${s.value}`}>
                        <Table.Td>
                          {t(`surveys.dimension.${s.dimension}`)}: {s.value}
                        </Table.Td>
                        <Table.Td ta="right">{s.target === null ? '—' : fmtInt(s.target)}</Table.Td>
                        <Table.Td ta="right">{s.drawn === null ? '—' : fmtInt(s.drawn)}</Table.Td>
                        <Table.Td ta="right">{fmtInt(s.responded)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : null}
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
