import { Alert, Anchor, Badge, Button, FileButton, Group, Pagination, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheck, IconFileSpreadsheet, IconFileTypeCsv, IconSearch, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type DossierImportResult,
  defaultPeriod,
  fetchProcedures,
  importProcedures,
  PROCEDURE_PAGE_SIZE,
  type Procedure,
  siKeys,
  uploadDossiers,
} from '../../api/serviceIndex';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileImport } from '../../components/FileImport';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { fmtInt } from '../par/shared';

function DossierUpload() {
  const { t } = useTranslation();
  const qc = useQueryClient();

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Title order={4}>{t('serviceIndex.import.dossiersTitle')}</Title>
        <FileImport<DossierImportResult>
          accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
          upload={uploadDossiers}
          onDone={() => qc.invalidateQueries({ queryKey: siKeys.all })}
          hint={t('serviceIndex.import.dossiersHint')}
          fileLabel={t('serviceIndex.import.file')}
          submitLabel={t('serviceIndex.import.upload')}
          errorTitle={t('serviceIndex.import.failed')}
          progressText={(pct) => (pct < 100 ? t('serviceIndex.import.uploading', { pct }) : t('serviceIndex.import.processing'))}
          testId="dossier"
          renderResult={(r) => (
            <Alert
              color="green"
              variant="light"
              icon={<IconCircleCheck size={18} />}
              title={t('serviceIndex.import.result', { rows: fmtInt(r.rows) })}
              data-testid="dossier-result"
            >
              <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
                {(
                  [
                    ['rows', fmtInt(r.rows)],
                    ['inserted', fmtInt(r.inserted)],
                    ['updated', fmtInt(r.updated)],
                    ['unchanged', fmtInt(r.unchanged)],
                    ['encoding', r.encoding],
                  ] as const
                ).map(([k, v]) => (
                  <div key={k}>
                    <Text size="xs" c="dimmed">
                      {t(`serviceIndex.import.${k}`)}
                    </Text>
                    <Text fw={700} data-testid={`dossier-result-${k}`}>
                      {v}
                    </Text>
                  </div>
                ))}
              </SimpleGrid>
              <Anchor component={Link} to={`/service-index?period=${defaultPeriod()}`} size="sm" mt="xs" display="inline-block">
                {t('serviceIndex.import.viewScores')}
              </Anchor>
            </Alert>
          )}
        />
      </Stack>
    </Paper>
  );
}

function useLegalMax(): (p: Procedure) => string {
  const { t } = useTranslation();
  return (p) => {
    if (p.legalMax === null) return '—';
    return `${fmtInt(p.legalMax)} ${p.legalMaxUnit ? t(`serviceIndex.import.timeUnit.${p.legalMaxUnit}`) : ''}`.trim();
  };
}

function Catalogue() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const legalMax = useLegalMax();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [page, setPage] = useState(1);
  const offset = (page - 1) * PROCEDURE_PAGE_SIZE;
  const list = useQuery({
    queryKey: siKeys.procedures(debounced, offset),
    queryFn: () => fetchProcedures(debounced, offset),
    placeholderData: keepPreviousData,
  });
  const imp = useMutation({
    mutationFn: importProcedures,
    onSuccess: (r) => {
      notifySuccess(
        t('serviceIndex.import.catalogueImported', {
          rows: fmtInt(r.rows),
          created: fmtInt(r.created),
          updated: fmtInt(r.updated),
          unchanged: fmtInt(r.unchanged),
        }),
      );
      void qc.invalidateQueries({ queryKey: siKeys.all });
    },
    onError: (e) => notifyError(e),
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PROCEDURE_PAGE_SIZE)) : 1;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>{t('serviceIndex.import.catalogueTitle')}</Title>
          <Group gap="xs" wrap="wrap">
            <FileButton onChange={(f) => f && imp.mutate(f)} accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
              {(props) => (
                <Button {...props} size="xs" leftSection={<IconUpload size={14} />} loading={imp.isPending} data-testid="procedure-import">
                  {t('serviceIndex.import.importCatalogue')}
                </Button>
              )}
            </FileButton>
            <Button
              component="a"
              href="/api/service-index/procedures/export.xlsx"
              download
              size="xs"
              variant="light"
              leftSection={<IconFileSpreadsheet size={14} />}
            >
              {t('serviceIndex.import.exportXlsx')}
            </Button>
            <Button
              component="a"
              href="/api/service-index/procedures/export.csv"
              download
              size="xs"
              variant="light"
              leftSection={<IconFileTypeCsv size={14} />}
            >
              {t('serviceIndex.import.exportCsv')}
            </Button>
          </Group>
        </Group>
        {imp.isError ? <ErrorAlert error={imp.error} testId="procedure-errors" /> : null}
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('serviceIndex.import.search')}
          aria-label={t('serviceIndex.import.search')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          data-testid="procedure-search"
        />
        {list.isPending ? <PageLoader /> : null}
        {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data ? (
          list.data.items.length === 0 ? (
            <Text c="dimmed">{t('serviceIndex.import.empty')}</Text>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('common.total', { count: fmtInt(list.data.total) })}
              </Text>
              <Table.ScrollContainer minWidth={820}>
                <Table striped verticalSpacing={6} data-testid="procedure-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('serviceIndex.import.code')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.name')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.field')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.level')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.onlineService')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.hasFee')}</Table.Th>
                      <Table.Th>{t('serviceIndex.import.legalMax')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.items.map((p) => (
                      <Table.Tr key={p.code} data-testid={`procedure-row-${p.code}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.code}</Table.Td>
                        <Table.Td>
                          {p.name}{' '}
                          {p.illustrative ? (
                            <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                              {t('serviceIndex.import.illustrative')}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        <Table.Td>{p.field}</Table.Td>
                        <Table.Td>{t(`serviceIndex.import.levels.${p.level}`, { defaultValue: p.level })}</Table.Td>
                        <Table.Td>{t(`serviceIndex.import.online.${p.onlineService}`, { defaultValue: p.onlineService })}</Table.Td>
                        <Table.Td>{p.hasFee ? t('common.yes') : t('common.no')}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{legalMax(p)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {pages > 1 ? <Pagination value={page} total={pages} onChange={setPage} size="sm" /> : null}
            </>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Title order={2}>{t('serviceIndex.import.title')}</Title>
      <DossierUpload />
      <Catalogue />
    </Stack>
  );
}
