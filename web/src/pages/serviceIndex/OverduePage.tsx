import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Modal, NumberInput, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { fetchUnit } from '../../api/endpoints';
import { fetchOverdue, recordApology, siKeys, type WatchedDossier } from '../../api/serviceIndex';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { formatDate, formatDateTime } from '../../i18n/format';
import { fmtInt } from '../par/shared';

/**
 * The overdue watch of one unit: open dossiers past their due date (how many working days late) and those due within
 * the next N working days, with the apology letter (form 04 of TT 03/2025/TT-VPCP) recorded per late dossier.
 */
export default function OverduePage() {
  const { unitId = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const days = Math.min(60, Math.max(0, Number(params.get('days') ?? 3) || 0));
  const unit = useQuery({ queryKey: ['units', 'detail', unitId], queryFn: ({ signal }) => fetchUnit(unitId, signal) });
  const watch = useQuery({ queryKey: siKeys.overdue(unitId, days), queryFn: () => fetchOverdue(unitId, days) });
  const [apologyFor, setApologyFor] = useState<WatchedDossier | null>(null);
  const unitName = unit.data?.unit.name ?? '';

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/service-index" size="sm">
          {t('serviceIndex.detail.back')}
        </Anchor>
        <Anchor component={Link} to={`/service-index/units/${unitId}`} size="sm">
          {unitName || t('serviceIndex.drill.back')}
        </Anchor>
        <Text size="sm">{t('serviceIndex.overdue.crumb')}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('serviceIndex.overdue.title', { unit: unitName })}</Title>
          {watch.data ? (
            <Text c="dimmed" size="sm">
              {t('serviceIndex.overdue.asOf', { today: formatDate(watch.data.today), horizon: formatDate(watch.data.horizonDay) })}
            </Text>
          ) : null}
        </div>
        <NumberInput
          label={t('serviceIndex.overdue.within')}
          value={days}
          min={0}
          max={60}
          clampBehavior="strict"
          allowDecimal={false}
          w={{ base: '100%', xs: 220 }}
          onChange={(v) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                next.set('days', String(Number(v) || 0));
                return next;
              },
              { replace: true },
            )
          }
          data-testid="overdue-days"
        />
      </Group>
      {watch.isPending ? <PageLoader /> : null}
      {watch.isError ? <ErrorAlert error={watch.error} onRetry={() => void watch.refetch()} /> : null}
      {watch.data ? (
        <>
          <WatchTable
            title={t('serviceIndex.overdue.overdueTitle', { n: fmtInt(watch.data.overdue.length) })}
            items={watch.data.overdue}
            overdue
            canApologise={can('serviceIndex.apology')}
            onApologise={setApologyFor}
          />
          <WatchTable title={t('serviceIndex.overdue.dueSoonTitle', { n: fmtInt(watch.data.dueSoon.length) })} items={watch.data.dueSoon} overdue={false} />
        </>
      ) : null}
      <ApologyModal unitId={unitId} dossier={apologyFor} onClose={() => setApologyFor(null)} />
    </Stack>
  );
}

function WatchTable({
  title,
  items,
  overdue,
  canApologise = false,
  onApologise,
}: {
  title: string;
  items: WatchedDossier[];
  overdue: boolean;
  canApologise?: boolean;
  onApologise?: (d: WatchedDossier) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const apologyCell = (d: WatchedDossier) =>
    d.apologyAt ? (
      <Stack gap={0}>
        <Badge color="teal" variant="light" size="sm">
          {t('serviceIndex.overdue.apologySent', { date: formatDate(d.apologyAt.slice(0, 10)) })}
        </Badge>
        <Text size="xs" c="dimmed" maw={260}>
          {d.apologyNote}
        </Text>
      </Stack>
    ) : canApologise ? (
      <Button size="compact-sm" variant="light" leftSection={<IconMailForward size={14} />} onClick={() => onApologise?.(d)} data-testid={`apology-${d.code}`}>
        {t('serviceIndex.overdue.record')}
      </Button>
    ) : (
      <Text size="xs" c="dimmed">
        {t('serviceIndex.overdue.none')}
      </Text>
    );
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Title order={4} mb="xs" c={overdue ? 'red.8' : undefined}>
        {title}
      </Title>
      {items.length > 0 && isMobile ? (
        <Stack gap="xs">
          {items.map((d) => (
            <Paper key={`${d.source}|${d.code}`} withBorder p="xs" data-testid={`watch-row-${d.code}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm" style={{ wordBreak: 'break-all' }}>
                  {d.code}
                </Text>
                <Badge color={overdue ? 'red' : 'orange'} variant="light" style={{ flexShrink: 0 }}>
                  {overdue ? t('serviceIndex.overdue.lateShort', { n: d.workingDays }) : t('serviceIndex.overdue.leftShort', { n: d.workingDays })}
                </Badge>
              </Group>
              <Text size="sm">{d.procedureName ?? d.procedureCode}</Text>
              <Text size="xs" c="dimmed">
                {t('serviceIndex.drill.received')}: {formatDateTime(d.receivedAt)} · {t('serviceIndex.drill.due')}: {formatDateTime(d.dueAt)}
              </Text>
              {overdue ? <div style={{ marginTop: 6 }}>{apologyCell(d)}</div> : null}
            </Paper>
          ))}
        </Stack>
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('serviceIndex.drill.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid={overdue ? 'overdue-table' : 'due-soon-table'}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('serviceIndex.drill.code')}</Table.Th>
                <Table.Th>{t('serviceIndex.drill.procedure')}</Table.Th>
                <Table.Th>{t('serviceIndex.drill.received')}</Table.Th>
                <Table.Th>{t('serviceIndex.drill.due')}</Table.Th>
                <Table.Th ta="right">{overdue ? t('serviceIndex.overdue.lateDays') : t('serviceIndex.overdue.daysLeft')}</Table.Th>
                {overdue ? <Table.Th>{t('serviceIndex.overdue.apology')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={`${d.source}|${d.code}`} data-testid={`watch-row-${d.code}`}>
                  <Table.Td fw={600}>{d.code}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.procedureName ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {d.procedureCode}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.receivedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.dueAt)}</Table.Td>
                  <Table.Td ta="right" fw={700} c={overdue ? 'red.8' : 'orange.8'}>
                    {fmtInt(d.workingDays)}
                  </Table.Td>
                  {overdue ? <Table.Td>{apologyCell(d)}</Table.Td> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function ApologyModal({ unitId, dossier, onClose }: { unitId: string; dossier: WatchedDossier | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () =>
      recordApology({ unitId, source: dossier?.source ?? '', code: dossier?.code ?? '', receivedDay: dossier?.receivedDay ?? '', note: note.trim() }),
    onSuccess: async () => {
      setNote('');
      onClose();
      await qc.invalidateQueries({ queryKey: ['serviceIndex', 'overdue', unitId] });
    },
  });
  return (
    <Modal opened={dossier !== null} onClose={onClose} title={t('serviceIndex.overdue.modalTitle', { code: dossier?.code ?? '' })} size="lg">
      <Stack>
        <Alert variant="light" color="blue">
          {t('serviceIndex.overdue.modalHint')}
        </Alert>
        <Textarea
          label={t('serviceIndex.overdue.note')}
          placeholder={t('serviceIndex.overdue.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          minRows={3}
          autosize
          maxLength={2000}
          required
          data-testid="apology-note"
        />
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={note.trim() === ''} data-testid="apology-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
