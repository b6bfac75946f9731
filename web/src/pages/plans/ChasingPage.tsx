// Chasing board (đôn đốc) for the PAR office and the leaders: overdue tasks grouped by unit with how many working
// days late each is, and the reminders and escalations sent (in-app and by email), with failed deliveries.

import { Accordion, Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { formatDate, formatDateTime } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { fetchOverdue, fetchReminders, planKeys, type ReminderStatus, runReminders } from './api';
import { PlansHeader, ReportStatusBadge } from './shared';

const JOB_COLOR: Record<ReminderStatus, string> = { pending: 'gray', sending: 'blue', sent: 'green', failed: 'red' };

function lateColor(days: number): string {
  return days >= 10 ? 'red.9' : days >= 5 ? 'red.7' : 'orange.8';
}

function Reminders() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<ReminderStatus | null>(null);
  const q = useQuery({ queryKey: planKeys.reminders(status ?? undefined), queryFn: () => fetchReminders(status ?? undefined) });
  const run = useMutation({
    mutationFn: runReminders,
    onSuccess: async (r) => {
      notifySuccess(t('plans.chasing.runDone', { scheduled: fmtInt(r.scheduled), sent: fmtInt(r.sent), failed: fmtInt(r.failed) }));
      await qc.invalidateQueries({ queryKey: planKeys.all });
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4">
            {t('plans.chasing.reminders')}
          </Title>
          <Group gap="xs" wrap="wrap">
            <Select
              size="xs"
              aria-label={t('plans.chasing.filter')}
              placeholder={t('plans.chasing.filter')}
              clearable
              data={(['pending', 'sending', 'sent', 'failed'] as const).map((s) => ({ value: s, label: t(`plans.chasing.jobStatus.${s}`) }))}
              value={status}
              onChange={(v) => setStatus(v as ReminderStatus | null)}
              w={170}
            />
            <Button size="xs" leftSection={<IconSend size={14} />} loading={run.isPending} onClick={() => run.mutate()} data-testid="reminders-run">
              {t('plans.chasing.run')}
            </Button>
          </Group>
        </Group>
        {q.isPending ? <PageLoader /> : null}
        {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
        {q.data && q.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('plans.chasing.remindersEmpty')}
          </Text>
        ) : null}
        {q.data && q.data.length > 0 ? (
          <Table.ScrollContainer minWidth={1040}>
            <Table verticalSpacing={6} striped data-testid="reminder-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={110}>{t('plans.chasing.kindCol')}</Table.Th>
                  <Table.Th miw={260}>{t('plans.chasing.taskCol')}</Table.Th>
                  <Table.Th>{t('plans.chasing.recipient')}</Table.Th>
                  <Table.Th>{t('plans.chasing.email')}</Table.Th>
                  <Table.Th miw={120}>{t('plans.chasing.statusCol')}</Table.Th>
                  <Table.Th ta="right">{t('plans.chasing.attempts')}</Table.Th>
                  <Table.Th>{t('plans.chasing.createdAt')}</Table.Th>
                  <Table.Th>{t('plans.chasing.sentAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((j) => (
                  <Table.Tr key={j.id} data-testid="reminder-row" data-status={j.status}>
                    <Table.Td>{t(`plans.chasing.jobKind.${j.kind}`)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/plans/${j.task.planId}`} size="sm" lineClamp={2} title={j.task.work}>
                        {j.task.ref}. {j.task.work}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {t('plans.chasing.taskMeta', { plan: j.task.planNumber, unit: j.task.unitName, date: formatDate(j.task.dueDate) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{j.recipient}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{j.email ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={JOB_COLOR[j.status]}
                        variant="light"
                        style={{ textTransform: 'none', overflow: 'visible' }}
                        styles={{ label: { overflow: 'visible' } }}
                      >
                        {t(`plans.chasing.jobStatus.${j.status}`)}
                      </Badge>
                      {j.lastError ? (
                        <Text size="xs" c="red.8" title={j.lastError} lineClamp={2}>
                          {t('plans.chasing.error')}: {j.lastError}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{fmtInt(j.attempts)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(j.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{j.sentAt ? formatDateTime(j.sentAt) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Paper>
  );
}

export default function ChasingPage() {
  const { t } = useTranslation();
  const can = useCan();
  const q = useQuery({ queryKey: planKeys.overdue, queryFn: fetchOverdue });
  const units = q.data ? [...q.data.units].sort((a, b) => b.maxWorkingDaysLate - a.maxWorkingDaysLate || b.overdue - a.overdue) : [];

  return (
    <Stack gap="md">
      <PlansHeader
        title={t('plans.chasing.title')}
        subtitle={q.data ? `${t('plans.chasing.subtitle')} — ${t('plans.chasing.on', { date: formatDate(q.data.on) })}` : t('plans.chasing.subtitle')}
      />
      {q.isPending ? <PageLoader /> : null}
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {t('plans.chasing.units')}
              </Title>
              <Badge color={units.length ? 'red' : 'green'} variant="light" size="lg" data-testid="overdue-units">
                {fmtInt(units.length)}
              </Badge>
            </Group>
            {units.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('plans.chasing.empty')}
              </Text>
            ) : (
              <Accordion multiple variant="separated" data-testid="overdue-board">
                {units.map((u) => (
                  <Accordion.Item key={u.unit.id} value={u.unit.id} data-testid={`overdue-unit-${u.unit.code}`}>
                    <Accordion.Control>
                      <Group justify="space-between" wrap="wrap" gap="xs" pr="xs">
                        <Text fw={600} size="sm">
                          {u.unit.name}
                        </Text>
                        <Group gap="xs">
                          <Badge color="red" variant="light" style={{ textTransform: 'none' }}>
                            {t('plans.chasing.overdue')}: {fmtInt(u.overdue)}
                          </Badge>
                          <Text size="sm" c={lateColor(u.maxWorkingDaysLate)} fw={700} data-testid="overdue-max">
                            {t('plans.chasing.maxLate')}: {t('plans.chasing.daysLate', { n: fmtInt(u.maxWorkingDaysLate) })}
                          </Text>
                        </Group>
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Table.ScrollContainer minWidth={640}>
                        <Table verticalSpacing={4}>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>{t('plans.col.plan')}</Table.Th>
                              <Table.Th>{t('plans.col.work')}</Table.Th>
                              <Table.Th>{t('plans.col.dueDate')}</Table.Th>
                              <Table.Th ta="right">{t('plans.col.lateBy')}</Table.Th>
                              <Table.Th>{t('plans.col.status')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {[...u.items]
                              .sort((a, b) => b.workingDaysLate - a.workingDaysLate)
                              .map((i) => (
                                <Table.Tr key={i.occurrenceId} data-testid={`overdue-item-${i.planNumber}-${i.ref}`}>
                                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                                    <Anchor component={Link} to={`/plans/${i.planId}`} size="sm">
                                      {i.planNumber}
                                    </Anchor>
                                  </Table.Td>
                                  <Table.Td>
                                    <Text size="sm">
                                      {i.ref}. {i.work}
                                    </Text>
                                    {i.period !== 'once' ? (
                                      <Text size="xs" c="dimmed">
                                        {t('plans.col.period')} {i.period}
                                      </Text>
                                    ) : null}
                                  </Table.Td>
                                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(i.dueDate)}</Table.Td>
                                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                                    <Text size="sm" fw={700} c={lateColor(i.workingDaysLate)}>
                                      {t('plans.chasing.daysLate', { n: fmtInt(i.workingDaysLate) })}
                                    </Text>
                                  </Table.Td>
                                  <Table.Td>
                                    {i.status ? <ReportStatusBadge status={i.status} size="sm" /> : <Text size="sm">{t('plans.state.missing')}</Text>}
                                  </Table.Td>
                                </Table.Tr>
                              ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
          </Stack>
        </Paper>
      ) : null}
      {can('plans.manage') ? <Reminders /> : null}
    </Stack>
  );
}
