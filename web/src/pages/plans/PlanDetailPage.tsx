// One plan: its header and attached documents, and the task table with the five "rõ" — the work, the lead and
// support units, the responsible person, the due date or schedule, the expected result — as a tree of sub-tasks.
// The PAR office edits tasks, imports the table from Excel (row/cell error report) and exports it.

import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Menu,
  Modal,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconDownload,
  IconEdit,
  IconFileSpreadsheet,
  IconHistory,
  IconPaperclip,
  IconPlus,
  IconSearch,
  IconSubtask,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileImport } from '../../components/FileImport';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { foldText, formatDate } from '../../i18n/format';
import { fmtInt, fmtNum, fmtSize } from '../par/shared';
import {
  attachmentUrl,
  deleteAttachment,
  deletePlan,
  deleteTask,
  fetchPlan,
  importTasks,
  PLAN_TEMPLATE_URL,
  type Plan,
  planExportUrl,
  planKeys,
  type Task,
  uploadPlanAttachment,
} from './api';
import { PlanFormModal } from './PlanFormModal';
import { ReportHistory } from './ReportHistory';
import { buildTaskTree, KindBadge, PlanStatusBadge, PlansHeader, ReportStatusBadge, type TaskNode, useScheduleText } from './shared';
import { TaskFormModal, type TaskFormMode } from './TaskFormModal';

function Expected({ task }: { task: Task }) {
  const e = task.expected;
  return (
    <Stack gap={2}>
      {e.text ? <Text size="sm">{e.text}</Text> : null}
      {e.targetValue !== null ? (
        <Badge variant="light" color="indigo" style={{ textTransform: 'none' }} className="par-num">
          {fmtNum(e.targetValue)}
          {e.targetUnit ? ` ${e.targetUnit}` : ''}
        </Badge>
      ) : null}
    </Stack>
  );
}

function Units({ task }: { task: Task }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {task.leadUnit.name}
      </Text>
      {task.supportUnits.length > 0 ? (
        <Text size="xs" c="dimmed">
          {t('plans.role.support')}: {task.supportUnits.map((u) => u.name).join(', ')}
        </Text>
      ) : null}
    </Stack>
  );
}

function Status({ task }: { task: Task }) {
  return (
    <Stack gap={4} miw={110}>
      <ReportStatusBadge status={task.status} size="sm" />
      <Group gap={6} wrap="nowrap">
        <Progress value={task.percent} size="sm" style={{ flex: 1 }} color={task.status === 'done' ? 'green' : 'blue'} />
        <Text size="xs" className="par-num">
          {task.percent}%
        </Text>
      </Group>
    </Stack>
  );
}

interface RowActions {
  canManage: boolean;
  onEdit: (t: Task) => void;
  onSubtask: (t: Task) => void;
  onDelete: (t: Task) => void;
  onHistory: (t: Task) => void;
}

function TaskMenu({ task, a }: { task: Task; a: RowActions }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')} data-testid={`task-menu-${task.ref}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconHistory size={14} />} onClick={() => a.onHistory(task)}>
          {t('plans.task.history')}
        </Menu.Item>
        {a.canManage ? (
          <>
            <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => a.onEdit(task)} data-testid="task-edit">
              {t('plans.task.edit')}
            </Menu.Item>
            <Menu.Item leftSection={<IconSubtask size={14} />} onClick={() => a.onSubtask(task)} data-testid="task-subtask">
              {t('plans.task.addSubtask')}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => a.onDelete(task)}>
              {t('plans.task.delete')}
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

function flatten(nodes: TaskNode[], collapsed: Set<string>, out: TaskNode[] = []): TaskNode[] {
  for (const n of nodes) {
    out.push(n);
    if (!collapsed.has(n.task.id)) flatten(n.children, collapsed, out);
  }
  return out;
}

/** Keeps the tasks that match and the ancestors that lead to them. */
function filterTree(nodes: TaskNode[], match: (t: Task) => boolean): TaskNode[] {
  const out: TaskNode[] = [];
  for (const n of nodes) {
    const children = filterTree(n.children, match);
    if (match(n.task) || children.length > 0) out.push({ ...n, children });
  }
  return out;
}

function TaskTable({ plan, a }: { plan: Plan; a: RowActions }) {
  const { t } = useTranslation();
  const scheduleText = useScheduleText();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [q, setQ] = useState('');
  const tree = useMemo(() => buildTaskTree(plan.tasks), [plan.tasks]);
  const shown = useMemo(() => {
    const needle = foldText(q.trim());
    const filtered = needle
      ? filterTree(tree, (x) =>
          foldText([x.ref, x.work, x.leadUnit.name, ...x.supportUnits.map((u) => u.name), x.responsiblePerson ?? '', x.expected.text].join(' ')).includes(
            needle,
          ),
        )
      : tree;
    return flatten(filtered, needle ? new Set() : collapsed);
  }, [tree, q, collapsed]);
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const parents = plan.tasks.filter((x) => plan.tasks.some((y) => y.parentId === x.id)).map((x) => x.id);

  const Toggle = ({ node }: { node: TaskNode }) =>
    node.children.length > 0 ? (
      <ActionIcon
        size="sm"
        variant="subtle"
        color="gray"
        onClick={(e) => {
          e.stopPropagation();
          toggle(node.task.id);
        }}
        aria-label={collapsed.has(node.task.id) ? t('plans.detail.expandAll') : t('plans.detail.collapseAll')}
        aria-expanded={!collapsed.has(node.task.id)}
      >
        {collapsed.has(node.task.id) ? <IconChevronRight size={14} /> : <IconChevronDown size={14} />}
      </ActionIcon>
    ) : (
      <Box w={22} />
    );

  const Tags = ({ task }: { task: Task }) => (
    <>
      {task.criterionCodes.length > 0 ? (
        <Text size="xs" c="grape.8">
          {t('plans.detail.criteria', { codes: task.criterionCodes.join(', ') })}
        </Text>
      ) : null}
      {task.inspectionFindingId ? (
        <Text size="xs" c="teal.8">
          {t('plans.detail.fromInspection')}
        </Text>
      ) : null}
    </>
  );

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('plans.detail.search')}
          aria-label={t('plans.detail.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        {parents.length > 0 ? (
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => setCollapsed(new Set())}>
              {t('plans.detail.expandAll')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setCollapsed(new Set(parents))}>
              {t('plans.detail.collapseAll')}
            </Button>
          </Group>
        ) : null}
      </Group>
      {isMobile ? (
        <Stack gap="xs" data-testid="task-table">
          {shown.map((n) => (
            <Paper key={n.task.id} withBorder p="xs" ml={n.depth * 14} data-testid={`task-row-${n.task.ref}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
                <Group gap={4} wrap="nowrap" align="flex-start">
                  <Toggle node={n} />
                  <Text size="sm" fw={700}>
                    {n.task.ref}
                  </Text>
                </Group>
                <TaskMenu task={n.task} a={a} />
              </Group>
              <Text size="sm">{n.task.work}</Text>
              <Tags task={n.task} />
              <Stack gap={6} mt={6}>
                <Units task={n.task} />
                {n.task.responsiblePerson ? (
                  <Text size="xs">
                    {t('plans.col.responsible')}: {n.task.responsiblePerson}
                  </Text>
                ) : null}
                <Text size="xs">
                  {t('plans.col.due')}: <b>{scheduleText(n.task.schedule)}</b>
                </Text>
                <Expected task={n.task} />
                <Status task={n.task} />
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={980}>
          <Table verticalSpacing={6} withTableBorder withColumnBorders data-testid="task-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>{t('plans.col.ref')}</Table.Th>
                <Table.Th miw={220}>{t('plans.col.work')}</Table.Th>
                <Table.Th w={180}>{t('plans.col.units')}</Table.Th>
                <Table.Th w={130}>{t('plans.col.responsible')}</Table.Th>
                <Table.Th w={130}>{t('plans.col.due')}</Table.Th>
                <Table.Th w={170}>{t('plans.col.expected')}</Table.Th>
                <Table.Th w={124}>{t('plans.col.status')}</Table.Th>
                <Table.Th w={44} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((n) => (
                <Table.Tr key={n.task.id} data-testid={`task-row-${n.task.ref}`} bg={n.depth === 0 && n.children.length > 0 ? 'gray.0' : undefined}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Group gap={2} wrap="nowrap" pl={n.depth * 14}>
                      <Toggle node={n} />
                      <Text size="sm" fw={n.depth === 0 ? 700 : 500}>
                        {n.task.ref}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={n.depth === 0 && n.children.length > 0 ? 600 : 400}>
                      {n.task.work}
                    </Text>
                    <Tags task={n.task} />
                  </Table.Td>
                  <Table.Td>
                    <Units task={n.task} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{n.task.responsiblePerson ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{scheduleText(n.task.schedule)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Expected task={n.task} />
                  </Table.Td>
                  <Table.Td>
                    <Status task={n.task} />
                  </Table.Td>
                  <Table.Td>
                    <TaskMenu task={n.task} a={a} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function Attachments({ plan, canManage }: { plan: Plan; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [pct, setPct] = useState<number | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => uploadPlanAttachment(plan.id, f, (x) => setPct(Math.round(x * 100))),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: planKeys.plan(plan.id) });
      notifySuccess(t('plans.detail.attached', { name: r.attachment.name }));
    },
    onError: (e) => notifyError(e),
    onSettled: () => setPct(null),
  });
  const remove = useMutation({
    mutationFn: deleteAttachment,
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.plan(plan.id) }),
    onError: (e) => notifyError(e),
  });
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          {t('plans.detail.attachments')}
        </Text>
        {canManage ? (
          <Button component="label" size="xs" variant="light" leftSection={<IconPaperclip size={14} />} loading={upload.isPending} data-testid="plan-attach">
            {t('plans.detail.attach')}
            <input
              type="file"
              hidden
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (f) upload.mutate(f);
              }}
            />
          </Button>
        ) : null}
      </Group>
      {pct !== null ? <Progress value={pct} size="sm" animated /> : null}
      {plan.attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('plans.detail.noAttachments')}
        </Text>
      ) : (
        plan.attachments.map((f) => (
          <Group key={f.id} gap={6} wrap="nowrap">
            <IconPaperclip size={14} />
            <Anchor href={attachmentUrl(f.id)} size="sm" target="_blank" rel="noopener" style={{ overflowWrap: 'anywhere' }}>
              {f.name}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {fmtSize(f.size)}
            </Text>
            {canManage ? (
              <Tooltip label={t('plans.detail.removeAttachment', { name: f.name })}>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  onClick={() => remove.mutate(f.id)}
                  aria-label={t('plans.detail.removeAttachment', { name: f.name })}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        ))
      )}
    </Stack>
  );
}

export default function PlanDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const canManage = can('plans.manage');
  const q = useQuery({ queryKey: planKeys.plan(id), queryFn: () => fetchPlan(id) });
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [taskMode, setTaskMode] = useState<TaskFormMode | null>(null);
  const [toDelete, setToDelete] = useState<Task | null>(null);
  const [deletingPlan, setDeletingPlan] = useState(false);
  const [history, setHistory] = useState<Task | null>(null);

  const delTask = useMutation({
    mutationFn: (task: Task) => deleteTask(task.id),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.task.deleted'));
      setToDelete(null);
    },
  });
  const delPlan = useMutation({
    mutationFn: () => deletePlan(id),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.detail.deleted'));
      navigate('/plans');
    },
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const plan = q.data;
  const actions: RowActions = {
    canManage,
    onEdit: (task) => setTaskMode({ kind: 'edit', task }),
    onSubtask: (task) => setTaskMode({ kind: 'subtask', parent: task }),
    onDelete: (task) => {
      delTask.reset();
      setToDelete(task);
    },
    onHistory: setHistory,
  };

  return (
    <Stack gap="md">
      <PlansHeader title={`${t('plans.kind.plan')} ${plan.number}`} />
      <Anchor component={Link} to="/plans" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('plans.detail.back')}
        </Group>
      </Anchor>
      <Paper p={{ base: 'sm', sm: 'md' }} withBorder data-testid="plan-header">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Group gap={6}>
              <KindBadge kind={plan.kind} />
              <PlanStatusBadge status={plan.status} />
            </Group>
            <Title order={3} size="h4">
              {plan.title}
            </Title>
            <Text size="sm" c="dimmed">
              {plan.number} · {formatDate(plan.date)} · {plan.issuer}
            </Text>
            <Text size="sm" data-testid="plan-summary">
              {t('plans.detail.summary', { tasks: fmtInt(plan.taskCount), done: fmtInt(plan.doneCount), late: fmtInt(plan.lateCount) })}
            </Text>
            {plan.purpose ? (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {plan.purpose}
              </Text>
            ) : null}
          </Stack>
          <Stack gap="sm" style={{ flex: '0 1 320px', minWidth: 0 }}>
            {canManage ? (
              <Group gap="xs" justify="flex-end">
                <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={() => setEditing(true)}>
                  {t('plans.detail.edit')}
                </Button>
                {plan.status === 'draft' ? (
                  <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeletingPlan(true)}>
                    {t('plans.detail.delete')}
                  </Button>
                ) : null}
              </Group>
            ) : null}
            <Attachments plan={plan} canManage={canManage} />
          </Stack>
        </Group>
      </Paper>

      <Paper p={{ base: 'sm', sm: 'md' }} withBorder>
        <Stack gap="sm">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Title order={3} size="h4">
              {t('plans.detail.taskTable')}
            </Title>
            <Group gap="xs" wrap="wrap">
              {canManage ? (
                <>
                  <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setTaskMode({ kind: 'add' })} data-testid="task-add">
                    {t('plans.detail.addTask')}
                  </Button>
                  <Button size="xs" variant="light" leftSection={<IconUpload size={14} />} onClick={() => setImporting(true)} data-testid="plan-import">
                    {t('plans.detail.import')}
                  </Button>
                </>
              ) : null}
              <Button
                size="xs"
                variant="light"
                component="a"
                href={planExportUrl(plan.id)}
                download
                leftSection={<IconFileSpreadsheet size={14} />}
                data-testid="plan-export"
              >
                {t('plans.detail.export')}
              </Button>
            </Group>
          </Group>
          {plan.tasks.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('plans.detail.noTasks')}
            </Text>
          ) : (
            <TaskTable plan={plan} a={actions} />
          )}
        </Stack>
      </Paper>

      <PlanFormModal opened={editing} plan={plan} onClose={() => setEditing(false)} onDone={() => setEditing(false)} />
      <TaskFormModal plan={plan} mode={taskMode} onClose={() => setTaskMode(null)} />
      <Modal opened={importing} onClose={() => setImporting(false)} title={t('plans.import.title')} size="xl">
        {importing ? (
          <FileImport<Plan>
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            upload={(f, p) => importTasks(plan.id, f, p)}
            onDone={async (r) => {
              await qc.invalidateQueries({ queryKey: planKeys.all });
              notifySuccess(t('plans.import.done', { n: fmtInt(r.tasks.length) }));
              setImporting(false);
            }}
            hint={t('plans.import.hint')}
            fileLabel={t('plans.import.file')}
            submitLabel={t('plans.import.submit')}
            errorTitle={t('plans.import.failed')}
            progressText={(pct) => (pct < 100 ? t('plans.import.uploading', { pct }) : t('plans.import.processing'))}
            testId="task-import"
            actions={
              <Button component="a" href={PLAN_TEMPLATE_URL} download variant="subtle" leftSection={<IconDownload size={14} />}>
                {t('plans.detail.template')}
              </Button>
            }
          />
        ) : null}
      </Modal>
      <ConfirmModal
        opened={toDelete !== null}
        title={t('plans.task.delete')}
        message={toDelete ? t('plans.task.deleteConfirm', { ref: toDelete.ref }) : ''}
        confirmLabel={t('common.delete')}
        loading={delTask.isPending}
        error={delTask.error}
        onConfirm={() => toDelete && delTask.mutate(toDelete)}
        onClose={() => setToDelete(null)}
      />
      <ConfirmModal
        opened={deletingPlan}
        title={t('plans.detail.delete')}
        message={t('plans.detail.deleteConfirm', { number: plan.number })}
        confirmLabel={t('common.delete')}
        loading={delPlan.isPending}
        error={delPlan.error}
        onConfirm={() => delPlan.mutate()}
        onClose={() => setDeletingPlan(false)}
      />
      <Drawer
        opened={history !== null}
        onClose={() => setHistory(null)}
        position="right"
        size="md"
        title={history ? `${history.ref}. ${t('plans.task.history')}` : ''}
      >
        {history ? (
          <Stack gap="sm">
            <Text size="sm">{history.work}</Text>
            {history.occurrences.length > 1 ? (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('plans.task.occurrences')}
                </Text>
                {history.occurrences.map((o) => (
                  <Group key={o.id} gap={6} justify="space-between">
                    <Text size="sm">
                      {o.period} · {formatDate(o.dueDate)}
                    </Text>
                    {o.status ? <ReportStatusBadge status={o.status} size="xs" /> : <Text size="xs">—</Text>}
                  </Group>
                ))}
              </Stack>
            ) : null}
            <ReportHistory taskId={history.id} />
          </Stack>
        ) : null}
      </Drawer>
    </Stack>
  );
}
