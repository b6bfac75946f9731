// What a unit's focal officer sees first: the task occurrences that are late, not reported or due soon across all
// plans (recurring quarterly reports included), and a report button on each task the unit leads.

import { Anchor, Badge, Button, Drawer, Group, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { IconHistory, IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan, useMe } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { fetchInbox, type InboxItem, type OccurrenceState, planKeys } from './api';
import { ReportHistory } from './ReportHistory';
import { ReportModal, type ReportTarget } from './ReportModal';
import { PlansHeader, ReportStatusBadge, STATE_COLOR, StateBadge, useActiveUnits } from './shared';

type Tab = 'open' | 'upcoming' | 'done';
const TAB_STATES: Record<Tab, OccurrenceState[]> = { open: ['late', 'missing', 'dueSoon'], upcoming: ['upcoming'], done: ['done'] };
const STATE_ORDER: Record<OccurrenceState, number> = { late: 0, missing: 1, dueSoon: 2, upcoming: 3, done: 4 };

function ItemCard({ item, canReport, onReport, onHistory }: { item: InboxItem; canReport: boolean; onReport: () => void; onHistory: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      p="sm"
      data-testid={`inbox-item-${item.planNumber}-${item.ref}`}
      data-state={item.state}
      style={{ borderLeft: `4px solid var(--mantine-color-${STATE_COLOR[item.state]}-6)` }}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 360px', minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <StateBadge state={item.state} size="sm" />
            <Badge variant="outline" color={item.role === 'lead' ? 'blue' : 'gray'} size="sm" style={{ textTransform: 'none' }}>
              {t(`plans.role.${item.role}`)}
            </Badge>
            {item.workingDaysLate > 0 ? (
              <Text size="sm" c="red.8" fw={700} data-testid="inbox-late">
                {t('plans.inbox.lateBy', { n: fmtInt(item.workingDaysLate) })}
              </Text>
            ) : null}
          </Group>
          <Text size="sm" fw={600}>
            {item.ref}. {item.work}
          </Text>
          <Text size="xs" c="dimmed">
            <Anchor component={Link} to={`/plans/${item.planId}`} size="xs">
              {item.planNumber}
            </Anchor>
            {item.period !== 'once' ? ` · ${t('plans.col.period')} ${item.period}` : ''} · {t('plans.col.dueDate')} {formatDate(item.dueDate)}
          </Text>
        </Stack>
        <Stack gap={6} align="flex-end">
          {item.status ? (
            <Group gap={6}>
              <ReportStatusBadge status={item.status} size="sm" />
              <Text size="sm" className="par-num">
                {item.percent ?? 0}%
              </Text>
            </Group>
          ) : null}
          <Group gap={6}>
            <Button size="xs" variant="subtle" leftSection={<IconHistory size={14} />} onClick={onHistory}>
              {t('plans.inbox.history')}
            </Button>
            {canReport && item.role === 'lead' ? (
              <Button size="xs" leftSection={<IconSend size={14} />} onClick={onReport} data-testid={`inbox-report-${item.planNumber}-${item.ref}`}>
                {t('plans.inbox.report')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

export default function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const units = useActiveUnits();
  const [params, setParams] = useSearchParams();
  const ownUnit = me.roles.find((r) => r.unitId)?.unitId ?? null;
  const unitId = params.get('unit') ?? ownUnit;
  const [tab, setTab] = useState<Tab>('open');
  const [report, setReport] = useState<ReportTarget | null>(null);
  const q = useQuery({ queryKey: planKeys.inbox(unitId ?? ''), queryFn: () => fetchInbox(unitId as string), enabled: !!unitId });

  const toTarget = (i: InboxItem): ReportTarget => ({
    taskId: i.taskId,
    occurrenceId: i.occurrenceId,
    ref: i.ref,
    work: i.work,
    period: i.period,
    dueDate: i.dueDate,
    status: i.status,
    percent: i.percent,
  });
  const items = (q.data?.items ?? [])
    .filter((i) => TAB_STATES[tab].includes(i.state))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.workingDaysLate - a.workingDaysLate || a.dueDate.localeCompare(b.dueDate));
  const c = q.data?.counts;
  const canReport = can('plans.report');
  const [historyOf, setHistoryOf] = useState<ReportTarget | null>(null);

  return (
    <Stack gap="md">
      <PlansHeader title={t('plans.inbox.title')} subtitle={t('plans.inbox.subtitle')} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <UnitSelect
          label={t('plans.inbox.unit')}
          units={units.data ?? []}
          value={unitId}
          onChange={(id) => setParams(id ? { unit: id } : {}, { replace: true })}
          clearable={false}
          w={{ base: '100%', sm: 420 }}
          data-testid="inbox-unit"
        />
        {q.data ? (
          <Text size="sm" c="dimmed" pb={8}>
            {t('plans.inbox.on', { date: formatDate(q.data.on) })}
          </Text>
        ) : null}
      </Group>
      {!unitId ? <Text c="dimmed">{t('plans.inbox.noUnit')}</Text> : null}
      {q.isFetching && !q.data ? <PageLoader /> : null}
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {c ? (
        <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs" data-testid="inbox-counts">
          {(['late', 'missing', 'dueSoon', 'upcoming', 'done'] as const).map((k) => (
            <Paper key={k} withBorder p="xs" style={{ borderTop: `3px solid var(--mantine-color-${STATE_COLOR[k]}-6)` }}>
              <Text size="xs" c="dimmed">
                {t(`plans.state.${k}`)}
              </Text>
              <Text fw={700} size="xl" className="par-num" data-testid={`inbox-count-${k}`}>
                {fmtInt(c[k])}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      ) : null}
      {q.data ? (
        <Tabs value={tab} onChange={(v) => setTab((v as Tab) ?? 'open')}>
          <Tabs.List>
            {(Object.keys(TAB_STATES) as Tab[]).map((k) => (
              <Tabs.Tab key={k} value={k} data-testid={`inbox-tab-${k}`}>
                {t(`plans.inbox.tab.${k}`)} ({fmtInt((q.data?.items ?? []).filter((i) => TAB_STATES[k].includes(i.state)).length)})
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Stack gap="xs" mt="sm" data-testid="inbox-items">
            {items.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('plans.inbox.empty')}
              </Text>
            ) : (
              items.map((i) => (
                <ItemCard
                  key={i.occurrenceId}
                  item={i}
                  canReport={canReport}
                  onReport={() => setReport(toTarget(i))}
                  onHistory={() => setHistoryOf(toTarget(i))}
                />
              ))
            )}
          </Stack>
        </Tabs>
      ) : null}
      <ReportModal target={report} onClose={() => setReport(null)} />
      <HistoryDrawer target={historyOf} onClose={() => setHistoryOf(null)} />
    </Stack>
  );
}

function HistoryDrawer({ target, onClose }: { target: ReportTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size="md" title={target ? `${target.ref}. ${t('plans.task.history')}` : ''}>
      {target ? (
        <Stack gap="sm">
          <Text size="sm">{target.work}</Text>
          <ReportHistory taskId={target.taskId} />
        </Stack>
      ) : null}
    </Drawer>
  );
}
