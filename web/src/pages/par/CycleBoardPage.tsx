import {
  ActionIcon,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Chip,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconBell,
  IconChartBar,
  IconChevronRight,
  IconPlayerTrackNext,
  IconSearch,
  IconSpeakerphone,
  IconUserCheck,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  ASSESSMENT_STATUSES,
  type AssessmentStatus,
  advanceCycle,
  type BoardItem,
  fetchBoard,
  PAR_STAGES,
  type ParStage,
  parKeys,
  publishCycle,
  remindCycle,
} from '../../api/par';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { foldText, formatDate, formatDateTime } from '../../i18n/format';
import { AppraiserModal } from './AppraiserModal';
import { DataFeedButton } from './DataFeedButton';
import { fmtInt, frameworkLabel, STATUS_COLOR, StageBadge, StatusBadge, useGroupName, usePurposeHome } from './shared';

const NEXT: Record<ParStage, ParStage | null> = {
  selfAssessment: 'appraisal',
  appraisal: 'explanation',
  explanation: 'reappraisal',
  reappraisal: 'council',
  council: null,
  published: null,
};

const NOT_SUBMITTED: readonly AssessmentStatus[] = ['draft', 'returned'];

function isStatus(v: string | null): v is AssessmentStatus {
  return !!v && (ASSESSMENT_STATUSES as readonly string[]).includes(v);
}

export default function CycleBoardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const groupName = useGroupName();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : null;
  const [q, setQ] = useState('');
  const [flag, setFlag] = useState<'late' | 'missing' | null>(null);
  const [confirm, setConfirm] = useState<'advance' | 'publish' | null>(null);
  const [assignOpen, setAssignOpen] = useState(false);

  const board = useQuery({ queryKey: parKeys.board(id), queryFn: () => fetchBoard(id) });
  const home = usePurposeHome(board.data?.cycle.purpose ?? 'parIndex');
  const selfLeafCount = board.data?.selfLeafCount ?? null;

  const advance = useMutation({
    mutationFn: () => advanceCycle(id),
    onSuccess: async (cycle) => {
      await qc.invalidateQueries({ queryKey: parKeys.all });
      notifySuccess(t('par.board.advanced', { stage: t(`par.stage.${cycle.stage}`) }));
      setConfirm(null);
    },
  });
  const remind = useMutation({
    mutationFn: () => remindCycle(id),
    onSuccess: (r) => notifySuccess(t('par.board.reminded', { units: fmtInt(r.units), people: fmtInt(r.people) })),
    onError: (e) => notifyError(e),
  });
  const publish = useMutation({
    mutationFn: () => publishCycle(id),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: parKeys.all });
      notifySuccess(t('par.board.publishedDone', { n: fmtInt(r.published) }));
      setConfirm(null);
      navigate(`/par/cycles/${id}/results`);
    },
  });

  const items = board.data?.items ?? [];
  const counts = useMemo(() => {
    const c = new Map<AssessmentStatus, number>();
    for (const it of items) c.set(it.status, (c.get(it.status) ?? 0) + 1);
    return c;
  }, [items]);
  const submitted = items.filter((i) => !NOT_SUBMITTED.includes(i.status)).length;
  const lateCount = items.filter((i) => i.late).length;
  const missingCount = items.filter((i) => i.missing).length;

  const filtered = useMemo(() => {
    const needle = foldText(q.trim());
    return items.filter(
      (i) =>
        (!status || i.status === status) &&
        (!flag || i[flag]) &&
        (!needle || foldText(i.unitName).includes(needle) || i.unitCode.toLowerCase().includes(needle)),
    );
  }, [items, status, flag, q]);

  if (board.isPending) return <PageLoader />;
  if (board.isError) return <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />;

  const cycle = board.data.cycle;
  const btn = isMobile ? 'xs' : 'sm';
  const next = NEXT[cycle.stage];
  const stageIndex = PAR_STAGES.indexOf(cycle.stage);
  const deadlines: Partial<Record<ParStage, string | null>> = {
    selfAssessment: cycle.selfDeadline,
    appraisal: cycle.appraisalDeadline,
    explanation: cycle.explanationDeadline,
    council: cycle.councilDeadline,
  };
  const setStatus = (s: AssessmentStatus | null) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (s) n.set('status', s);
        else n.delete('status');
        return n;
      },
      { replace: true },
    );
  const notReady = cycle.stage === 'selfAssessment' ? items.length - submitted : 0;
  const notFinalised = items.filter((i) => i.status !== 'finalised' && i.status !== 'published').length;

  return (
    <Stack gap="sm">
      {isMobile ? (
        <Anchor component={Link} to={home.to} size="sm">
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={14} />
            {home.title}
          </Group>
        </Anchor>
      ) : (
        <Breadcrumbs separator={<IconChevronRight size={14} />}>
          <Anchor component={Link} to={home.to} size="sm">
            {home.title}
          </Anchor>
          <Text size="sm" c="dimmed" truncate maw={isMobile ? 220 : 600}>
            {cycle.name}
          </Text>
        </Breadcrumbs>
      )}

      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ flex: '1 1 520px', minWidth: 240 }}>
          <Title order={2} size={isMobile ? 'h3' : 'h2'} data-testid="cycle-title">
            {cycle.name}
          </Title>
          <Group gap={6}>
            <StageBadge stage={cycle.stage} data-testid="cycle-stage" />
            <Text size="sm" c="dimmed">
              {frameworkLabel(board.data.framework.name, groupName(board.data.framework.groupCode))}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          {can('par.cycle.manage') && cycle.stage !== 'published' ? (
            <Button size={btn} variant="default" leftSection={<IconUserCheck size={16} />} onClick={() => setAssignOpen(true)} data-testid="cycle-appraisers">
              {t('par.board.assign')}
            </Button>
          ) : null}
          {can('par.cycle.manage') && cycle.stage !== 'published' ? (
            <DataFeedButton cycleId={id} size={btn} unitName={(u) => items.find((i) => i.unitId === u)?.unitName ?? u} />
          ) : null}
          {can('par.cycle.manage') && cycle.stage === 'selfAssessment' && notReady > 0 ? (
            <Tooltip label={t('par.board.remindHint', { n: fmtInt(notReady) })} multiline w={260}>
              <Button
                size={btn}
                variant="default"
                leftSection={<IconBell size={16} />}
                loading={remind.isPending}
                onClick={() => remind.mutate()}
                data-testid="cycle-remind"
              >
                {t('par.board.remind')}
              </Button>
            </Tooltip>
          ) : null}
          {can('par.cycle.manage') && next ? (
            <Button
              size={btn}
              variant="light"
              leftSection={<IconPlayerTrackNext size={16} />}
              onClick={() => {
                advance.reset();
                setConfirm('advance');
              }}
              data-testid="cycle-advance"
            >
              {t('par.board.advance')}
            </Button>
          ) : null}
          {can('par.publish') && cycle.stage === 'council' ? (
            <Button
              size={btn}
              color="green"
              leftSection={<IconSpeakerphone size={16} />}
              onClick={() => {
                publish.reset();
                setConfirm('publish');
              }}
              data-testid="cycle-publish"
            >
              {t('par.board.publish')}
            </Button>
          ) : null}
          {cycle.stage === 'published' ? (
            <Button
              size={btn}
              color="green"
              component={Link}
              to={`/par/cycles/${id}/results`}
              leftSection={<IconChartBar size={16} />}
              data-testid="cycle-results"
            >
              {t('par.cycles.results')}
            </Button>
          ) : null}
        </Group>
      </Group>

      <Paper p="sm">
        {isMobile ? (
          <Text size="sm">
            {t('par.board.stageOf', { n: stageIndex + 1, total: PAR_STAGES.length, stage: t(`par.stage.${cycle.stage}`) })}
            {deadlines[cycle.stage] ? ` · ${t('par.board.deadline', { date: formatDate(deadlines[cycle.stage]) })}` : ''}
          </Text>
        ) : (
          <Stepper active={cycle.stage === 'published' ? PAR_STAGES.length : stageIndex} size="xs" allowNextStepsSelect={false} data-testid="cycle-stepper">
            {PAR_STAGES.map((s) => (
              <Stepper.Step
                key={s}
                label={t(`par.stage.${s}`)}
                description={deadlines[s] ? t('par.board.deadline', { date: formatDate(deadlines[s]) }) : undefined}
              />
            ))}
          </Stepper>
        )}
      </Paper>

      <Paper p="sm">
        <Stack gap={8}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600} data-testid="board-progress">
              {t('par.board.progress', { submitted: fmtInt(submitted), total: fmtInt(items.length) })}
            </Text>
            <Group gap={6}>
              {lateCount > 0 ? (
                <Badge color="red" variant="light">
                  {t('par.board.lateCount', { n: fmtInt(lateCount) })}
                </Badge>
              ) : null}
              {missingCount > 0 ? (
                <Badge color="orange" variant="light">
                  {t('par.board.missingCount', { n: fmtInt(missingCount) })}
                </Badge>
              ) : null}
            </Group>
          </Group>
          <Progress.Root size="lg" aria-label={t('par.board.progressLabel')}>
            {ASSESSMENT_STATUSES.filter((s) => counts.get(s)).map((s) => (
              <Tooltip key={s} label={`${t(`par.status.${s}`)}: ${fmtInt(counts.get(s) ?? 0)}`}>
                <Progress.Section value={((counts.get(s) ?? 0) / Math.max(1, items.length)) * 100} color={`${STATUS_COLOR[s]}.5`} />
              </Tooltip>
            ))}
          </Progress.Root>
          <Chip.Group multiple={false} value={status ?? ''} onChange={(v) => setStatus(isStatus(v) ? v : null)}>
            <Group gap={6}>
              <Chip value="" size="xs" variant="light" data-testid="board-filter-all">
                {t('common.all')} ({fmtInt(items.length)})
              </Chip>
              {ASSESSMENT_STATUSES.filter((s) => counts.get(s)).map((s) => (
                <Chip key={s} value={s} size="xs" variant="light" color={STATUS_COLOR[s]} data-testid={`board-filter-${s}`}>
                  {t(`par.status.${s}`)} ({fmtInt(counts.get(s) ?? 0)})
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>
      </Paper>

      <Paper p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={isMobile ? undefined : t('common.search')}
            aria-label={t('common.search')}
            placeholder={t('par.board.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            rightSection={
              q ? (
                <ActionIcon variant="subtle" size="sm" color="gray" onClick={() => setQ('')} aria-label={t('common.reset')}>
                  <IconX size={14} />
                </ActionIcon>
              ) : null
            }
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
            data-testid="board-search"
          />
          <Select
            label={isMobile ? undefined : t('par.board.status')}
            aria-label={t('par.board.status')}
            placeholder={isMobile ? t('par.board.status') : t('common.all')}
            data={ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`par.status.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(isStatus(v) ? v : null)}
            clearable
            w={{ base: 'calc(50% - 6px)', xs: 200 }}
            data-testid="board-status-filter"
          />
          <Select
            label={isMobile ? undefined : t('par.board.flag')}
            aria-label={t('par.board.flag')}
            placeholder={isMobile ? t('par.board.flag') : t('common.all')}
            data={[
              { value: 'late', label: t('par.board.late') },
              { value: 'missing', label: t('par.board.missing') },
            ]}
            value={flag}
            onChange={(v) => setFlag(v === 'late' || v === 'missing' ? v : null)}
            clearable
            w={{ base: 'calc(50% - 6px)', xs: 170 }}
            data-testid="board-flag-filter"
          />
        </Group>
      </Paper>

      <Paper p={0}>
        {filtered.length === 0 ? (
          <Text c="dimmed" size="sm" p="md" data-testid="board-empty">
            {t('par.board.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={isMobile ? 0 : 760}>
            <Table data-testid="board-table" verticalSpacing={isMobile ? 8 : 6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('par.board.unit')}</Table.Th>
                  {isMobile ? null : <Table.Th w={150}>{t('par.board.status')}</Table.Th>}
                  <Table.Th w={isMobile ? 80 : 110} ta="right">
                    {t('par.board.scored')}
                  </Table.Th>
                  {isMobile ? null : (
                    <>
                      <Table.Th w={90} ta="right">
                        {t('par.board.evidence')}
                      </Table.Th>
                      <Table.Th w={150}>{t('par.board.submittedAt')}</Table.Th>
                    </>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {filtered.map((it) => (
                  <BoardRow key={it.assessmentId} item={it} selfLeafCount={selfLeafCount} compact={isMobile} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <ConfirmModal
        opened={confirm === 'advance'}
        title={t('par.board.advanceTitle')}
        message={
          next
            ? `${t('par.board.advanceConfirm', { from: t(`par.stage.${cycle.stage}`), to: t(`par.stage.${next}`) })}${
                notReady > 0 ? ` ${t('par.board.advanceNotReady', { n: fmtInt(notReady) })}` : ''
              }`
            : ''
        }
        confirmLabel={t('par.board.advance')}
        color="blue"
        loading={advance.isPending}
        error={advance.error}
        onConfirm={() => advance.mutate()}
        onClose={() => setConfirm(null)}
      />
      <ConfirmModal
        opened={confirm === 'publish'}
        title={t('par.board.publishTitle')}
        message={`${t('par.board.publishConfirm', { name: cycle.name })}${notFinalised > 0 ? ` ${t('par.board.publishNotReady', { n: fmtInt(notFinalised) })}` : ''}`}
        confirmLabel={t('par.board.publish')}
        color="green"
        loading={publish.isPending}
        error={publish.error}
        onConfirm={() => publish.mutate()}
        onClose={() => setConfirm(null)}
      />
      {assignOpen ? <AppraiserModal cycleId={id} items={items} current={board.data.appraisers} onClose={() => setAssignOpen(false)} /> : null}
    </Stack>
  );
}

function BoardRow({ item, selfLeafCount, compact }: { item: BoardItem; selfLeafCount: number | null; compact: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const to = `/par/assessments/${item.assessmentId}`;
  const flags = (
    <>
      {item.late ? (
        <Badge size="xs" color="red" variant="filled" data-testid="badge-late">
          {t('par.board.late')}
        </Badge>
      ) : null}
      {item.missing ? (
        <Badge size="xs" color="orange" variant="light" data-testid="badge-missing">
          {t('par.board.missing')}
        </Badge>
      ) : null}
    </>
  );
  const status =
    item.returnedReason && item.status === 'returned' ? (
      <Tooltip label={item.returnedReason} multiline w={280}>
        <span>
          <StatusBadge status={item.status} />
        </span>
      </Tooltip>
    ) : (
      <StatusBadge status={item.status} />
    );
  return (
    <Table.Tr data-testid={`board-row-${item.unitCode}`} style={{ cursor: 'pointer' }} onClick={() => navigate(to)}>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={to} size="sm" fw={500} onClick={(e) => e.stopPropagation()} data-testid="board-open">
              {item.unitName}
            </Anchor>
            {compact ? null : flags}
          </Group>
          <Group gap={6}>
            <Text size="xs" c="dimmed" ff="monospace">
              {item.unitCode}
            </Text>
            {compact ? (
              <>
                {status}
                {flags}
              </>
            ) : null}
          </Group>
        </Stack>
      </Table.Td>
      {compact ? null : <Table.Td>{status}</Table.Td>}
      <Table.Td ta="right">
        <Text size="sm" span>
          {fmtInt(item.scoredLeaves)}
          {selfLeafCount !== null ? <Text span c="dimmed" size="xs">{` / ${fmtInt(selfLeafCount)}`}</Text> : null}
        </Text>
      </Table.Td>
      {compact ? null : (
        <>
          <Table.Td ta="right">{fmtInt(item.evidenceFiles)}</Table.Td>
          <Table.Td>
            <Text size="sm">{formatDateTime(item.submittedAt) || '—'}</Text>
          </Table.Td>
        </>
      )}
    </Table.Tr>
  );
}
