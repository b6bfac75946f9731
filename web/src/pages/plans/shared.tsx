// Helpers shared by the plans screens: status badges, the "rõ thời gian" text of a schedule, the task tree,
// the sub-navigation between the plans screens, and the units list for the pickers.

import { Badge, type BadgeProps, Box, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { fetchUnits, queryKeys } from '../../api/endpoints';
import { useCan } from '../../auth/useAuth';
import { formatDate, todayIso } from '../../i18n/format';
import type { OccurrenceState, PlanKind, PlanStatus, ReportStatus, Schedule, Task } from './api';

export const REPORT_COLOR: Record<ReportStatus, string> = { notStarted: 'gray', inProgress: 'blue', done: 'green', blocked: 'orange' };
export const STATE_COLOR: Record<OccurrenceState, string> = { late: 'red', missing: 'orange', dueSoon: 'yellow', upcoming: 'gray', done: 'green' };
export const PLAN_STATUS_COLOR: Record<PlanStatus, string> = { draft: 'gray', active: 'blue', closed: 'green' };
export const KIND_COLOR: Record<PlanKind, string> = { plan: 'blue', remedial: 'grape', inspectionFollowUp: 'teal' };

export function ReportStatusBadge({ status, ...rest }: { status: ReportStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={REPORT_COLOR[status]} variant="light" style={{ textTransform: 'none' }} {...rest}>
      {t(`plans.reportStatus.${status}`)}
    </Badge>
  );
}

export function StateBadge({ state, ...rest }: { state: OccurrenceState } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant={state === 'late' ? 'filled' : 'light'} style={{ textTransform: 'none' }} {...rest}>
      {t(`plans.state.${state}`)}
    </Badge>
  );
}

export function PlanStatusBadge({ status, ...rest }: { status: PlanStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={PLAN_STATUS_COLOR[status]} variant="light" style={{ textTransform: 'none' }} {...rest}>
      {t(`plans.status.${status}`)}
    </Badge>
  );
}

export function KindBadge({ kind, ...rest }: { kind: PlanKind } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={KIND_COLOR[kind]} variant="outline" style={{ textTransform: 'none' }} {...rest}>
      {t(`plans.kind.${kind}`)}
    </Badge>
  );
}

/** "rõ thời gian": "31/12/2026" or "Hằng quý, 01/01/2026 – 31/12/2026 (hạn 15 ngày sau kỳ)". */
export function useScheduleText(): (s: Schedule) => string {
  const { t } = useTranslation();
  return (s) => {
    if (s.kind === 'once') return formatDate(s.dueDate);
    const base = t('plans.task.recurringText', { frequency: t(`plans.frequency.${s.frequency}`), from: formatDate(s.from), until: formatDate(s.until) });
    return s.dueDay > 0 ? `${base} (${t('plans.task.dueDayText', { n: s.dueDay })})` : base;
  };
}

export interface TaskNode {
  task: Task;
  depth: number;
  children: TaskNode[];
}

/** Natural order of task refs: "2" < "2.1" < "2.10" < "10". */
export function compareRefs(a: string, b: string): number {
  const pa = a.split(/[.\-/]/);
  const pb = b.split(/[.\-/]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const c = Number.isFinite(na) && Number.isFinite(nb) ? na - nb : pa[i].localeCompare(pb[i], 'vi');
    if (c !== 0) return c;
  }
  return 0;
}

/** The tasks as a tree (parentId), siblings in ref order; a task whose parent is missing becomes a root. */
export function buildTaskTree(tasks: readonly Task[]): TaskNode[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const kids = new Map<string | null, Task[]>();
  for (const t of tasks) {
    const parent = t.parentId && byId.has(t.parentId) ? t.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), t]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): TaskNode[] =>
    [...(kids.get(parent) ?? [])]
      .sort((a, b) => compareRefs(a.ref, b.ref))
      .filter((t) => !seen.has(t.id))
      .map((t) => {
        seen.add(t.id);
        return { task: t, depth, children: build(t.id, depth + 1, seen) };
      });
  return build(null, 0, new Set());
}

/** Today in Asia/Ho_Chi_Minh; the server decides what is late by its own clock and calendar. */
export const today = todayIso;

/** The units of the registry valid today, for the pickers (cached like the units page). */
export function useActiveUnits() {
  const params = { date: todayIso() };
  return useQuery({ queryKey: queryKeys.units(params), queryFn: ({ signal }) => fetchUnits(params, signal), staleTime: 5 * 60_000 });
}

type Section = 'list' | 'inbox' | 'chasing' | 'campaigns' | 'inspections' | 'dashboard';
const SECTIONS: { key: Section; to: string; permission: string }[] = [
  { key: 'list', to: '/plans', permission: 'plans.read' },
  { key: 'inbox', to: '/plans/inbox', permission: 'plans.read' },
  { key: 'chasing', to: '/plans/chasing', permission: 'plans.monitor' },
  { key: 'campaigns', to: '/plans/campaigns', permission: 'plans.read' },
  { key: 'inspections', to: '/plans/inspections', permission: 'plans.read' },
  { key: 'dashboard', to: '/plans/dashboard', permission: 'plans.monitor' },
];

/** Title of a plans screen with the switch between the plans screens (the side menu is hidden on a phone). */
export function PlansHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = SECTIONS.filter((s) => can(s.permission));
  const current =
    [...sections].sort((a, b) => b.to.length - a.to.length).find((s) => location.pathname === s.to || location.pathname.startsWith(`${s.to}/`))?.key ?? 'list';
  return (
    <Stack gap="xs">
      {sections.length > 1 ? (
        <Box hiddenFrom="sm" style={{ overflowX: 'auto' }}>
          <SegmentedControl
            size="xs"
            value={current}
            onChange={(v) => navigate(sections.find((s) => s.key === v)?.to ?? '/plans')}
            data={sections.map((s) => ({ value: s.key, label: t(`plans.nav.${s.key}`) }))}
            data-testid="plans-sections"
          />
        </Box>
      ) : null}
      <Group justify="space-between" align="flex-end" gap="xs" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2}>{title}</Title>
          {subtitle ? (
            <Text size="sm" c="dimmed">
              {subtitle}
            </Text>
          ) : null}
        </div>
        {actions ? (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        ) : null}
      </Group>
    </Stack>
  );
}
