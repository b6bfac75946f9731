import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Drawer,
  Grid,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import {
  IconArrowBackUp,
  IconArrowLeft,
  IconChevronDown,
  IconChevronLeft,
  IconChevronRight,
  IconFileSpreadsheet,
  IconGavel,
  IconListTree,
  IconLockOpen,
  IconSend,
  IconSquareCheck,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  type AssessmentView,
  assessmentSheetUrl,
  completeAppraisal,
  completeReappraisal,
  type Evidence,
  fetchAssessment,
  finaliseAssessment,
  type LeafScore,
  parKeys,
  reopenAssessment,
  returnAssessment,
  submitAssessment,
  submitExplanation,
} from '../../api/par';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { CriteriaTree, type LeafFlags } from './CriteriaTree';
import { type Caps, LeafPanel } from './LeafPanel';
import { ancestorsOf, buildTree, currentPoints, fmt2, fmtInt, fmtPct, leavesOf, parseDecimal, rollUp, StageBadge, StatusBadge } from './shared';
import { WeakPanel } from './WeakPanel';

type LeafFilter = 'all' | 'unscored' | 'differs' | 'disputed' | 'noEvidence';
type Action = 'submit' | 'return' | 'appraised' | 'explained' | 'reappraised' | 'finalise' | 'reopen';
type PageTab = 'scoring' | 'weak';

/** The controls to show come from the server's `can` (stage × status × scope × appraiser assignment). */
function useCaps(view: AssessmentView | undefined): Caps {
  const c = view?.can;
  return {
    selfEdit: !!c?.selfScore,
    uploadEvidence: !!c?.uploadEvidence,
    submit: !!c?.submit,
    appraise: !!c?.appraise,
    returnable: !!c?.return,
    explain: !!c?.explain,
    reappraise: !!c?.reappraise,
    finalise: !!c?.finalise,
    reopen: !!c?.reopen,
    setDerived: !!c?.setDerived,
  };
}

function ReasonModal({
  opened,
  title,
  label,
  confirmLabel,
  loading,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  opened: boolean;
  title: string;
  label: string;
  confirmLabel: string;
  loading: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (reason.trim()) onConfirm(reason.trim());
        }}
        noValidate
      >
        <Stack gap="sm">
          <Textarea
            label={label}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={3}
            maxLength={4000}
            error={touched && !reason.trim() ? t('par.leaf.reasonRequired') : undefined}
            data-autofocus
            data-testid={`${testId}-reason`}
          />
          {error ? <ErrorAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={loading} data-testid={`${testId}-confirm`}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function AssessmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const isMobile = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<LeafFilter>('all');
  const [drawer, setDrawer] = useState(false);
  const [action, setAction] = useState<Action | null>(null);

  const query = useQuery({ queryKey: parKeys.assessment(id), queryFn: () => fetchAssessment(id) });
  const view = query.data;
  const caps = useCaps(view);

  const tree = useMemo(() => (view ? buildTree(view.framework.nodes) : []), [view]);
  const leaves = useMemo(() => leavesOf(tree), [tree]);
  const scores = useMemo(() => new Map<string, LeafScore>((view?.scores ?? []).map((s) => [s.nodeCode, s])), [view]);
  const evidenceBy = useMemo(() => {
    const m = new Map<string, Evidence[]>();
    for (const e of view?.evidence ?? []) m.set(e.nodeCode, [...(m.get(e.nodeCode) ?? []), e]);
    return m;
  }, [view]);
  const sums = useMemo(() => rollUp(tree, scores), [tree, scores]);

  const flags = useCallback(
    (code: string): LeafFlags => {
      const s = scores.get(code);
      const node = view?.framework.nodes.find((n) => n.code === code);
      const ev = evidenceBy.get(code)?.length ?? 0;
      const self = parseDecimal(s?.selfPoints ?? null);
      const appr = parseDecimal(s?.appraisedPoints ?? null);
      return {
        scored: currentPoints(s) !== null,
        evidence: ev,
        evidenceMissing: !!node?.evidenceRequired && ev === 0,
        differs: node?.source === 'self' && appr !== null && self !== null && Math.round(appr * 100) !== Math.round(self * 100),
        disputed: s?.explanationStatus === 'disputed',
      };
    },
    [scores, evidenceBy, view],
  );

  const visibleLeaves = useMemo(() => {
    if (filter === 'all') return null;
    const set = new Set<string>();
    for (const l of leaves) {
      const f = flags(l.node.code);
      const keep =
        filter === 'unscored'
          ? !f.scored && l.node.source === 'self'
          : filter === 'differs'
            ? f.differs
            : filter === 'disputed'
              ? f.disputed
              : f.evidenceMissing;
      if (keep) set.add(l.node.code);
    }
    return set;
  }, [filter, leaves, flags]);

  const tab: PageTab = params.get('tab') === 'weak' ? 'weak' : 'scoring';
  const setTab = (v: PageTab) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (v === 'weak') n.set('tab', 'weak');
        else n.delete('tab');
        return n;
      },
      { replace: true },
    );
  const leafParam = params.get('leaf');
  const defaultLeaf = useMemo(() => {
    if (!leaves.length) return null;
    if (caps.selfEdit) return (leaves.find((l) => l.node.source === 'self' && !scores.get(l.node.code)?.selfPoints) ?? leaves[0]).node.code;
    return leaves[0].node.code;
  }, [leaves, caps.selfEdit, scores]);
  const selected = leafParam && leaves.some((l) => l.node.code === leafParam) ? leafParam : defaultLeaf;

  const select = useCallback(
    (code: string) => {
      setParams(
        (prev) => {
          const n = new URLSearchParams(prev);
          n.set('leaf', code);
          n.delete('tab');
          return n;
        },
        { replace: true },
      );
      setDrawer(false);
    },
    [setParams],
  );

  const order = visibleLeaves ? leaves.filter((l) => visibleLeaves.has(l.node.code)) : leaves;
  const pos = order.findIndex((l) => l.node.code === selected);
  const goPrev = () => {
    if (pos > 0) select(order[pos - 1].node.code);
  };
  const goNext = () => {
    if (pos >= 0 && pos < order.length - 1) select(order[pos + 1].node.code);
    else if (pos < 0 && order.length) select(order[0].node.code);
  };
  useHotkeys([
    ['alt+ArrowDown', goNext],
    ['alt+ArrowUp', goPrev],
  ]);

  const refresh = () => qc.invalidateQueries({ queryKey: parKeys.all });
  const mutation = useMutation({
    mutationFn: async ({ kind, reason }: { kind: Action; reason?: string }) => {
      switch (kind) {
        case 'submit':
          return submitAssessment(id);
        case 'return':
          return returnAssessment(id, reason ?? '');
        case 'appraised':
          return completeAppraisal(id);
        case 'explained':
          return submitExplanation(id);
        case 'reappraised':
          return completeReappraisal(id);
        case 'finalise':
          return finaliseAssessment(id);
        case 'reopen':
          return reopenAssessment(id, reason ?? '');
      }
    },
    onSuccess: async (_r, { kind }) => {
      await refresh();
      notifySuccess(t(`par.actions.done.${kind}`));
      setAction(null);
    },
  });
  const open = (a: Action) => {
    mutation.reset();
    setAction(a);
  };

  if (query.isPending) return <PageLoader />;
  if (query.isError || !view) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  const { assessment, cycle, unit, totals, framework } = view;
  const selfLeaves = leaves.filter((l) => l.node.source === 'self' && l.node.kind === 'normal');
  const missingSelf = selfLeaves.filter((l) => scores.get(l.node.code)?.selfPoints == null).map((l) => l.node.code);
  const selectedNode = framework.nodes.find((n) => n.code === selected) ?? null;
  const path = selectedNode
    ? ancestorsOf(selectedNode.code, framework.nodes)
        .slice(1)
        .reverse()
        .map((c) => {
          const n = framework.nodes.find((x) => x.code === c);
          return n ? `${n.code}. ${n.title}` : c;
        })
    : [];

  // ---- header actions ----
  const actions: { key: Action; label: string; icon: ReactNode; color?: string; testId: string; variant?: string }[] = [];
  if (caps.submit) actions.push({ key: 'submit', label: t('par.actions.submit'), icon: <IconSend size={16} />, testId: 'assessment-submit' });
  if (caps.returnable)
    actions.push({
      key: 'return',
      label: t('par.actions.return'),
      icon: <IconArrowBackUp size={16} />,
      color: 'orange',
      variant: 'light',
      testId: 'assessment-return',
    });
  if (caps.appraise) actions.push({ key: 'appraised', label: t('par.actions.appraised'), icon: <IconSquareCheck size={16} />, testId: 'assessment-appraised' });
  if (caps.explain) actions.push({ key: 'explained', label: t('par.actions.explained'), icon: <IconSend size={16} />, testId: 'assessment-explained' });
  if (caps.reappraise)
    actions.push({
      key: 'reappraised',
      label: t('par.actions.reappraised'),
      icon: <IconSquareCheck size={16} />,
      testId: 'assessment-reappraised',
    });
  if (caps.finalise)
    actions.push({ key: 'finalise', label: t('par.actions.finalise'), icon: <IconGavel size={16} />, color: 'teal', testId: 'assessment-finalise' });
  if (caps.reopen)
    actions.push({
      key: 'reopen',
      label: t('par.actions.reopen'),
      icon: <IconLockOpen size={16} />,
      color: 'orange',
      variant: 'light',
      testId: 'assessment-reopen',
    });

  const actionButtons = actions.map((a) => (
    <Button
      key={a.key}
      size={isMobile ? 'xs' : 'sm'}
      color={a.color}
      variant={a.variant ?? 'filled'}
      leftSection={a.icon}
      onClick={() => open(a.key)}
      data-testid={a.testId}
    >
      {a.label}
    </Button>
  ));

  const roleHint = caps.selfEdit
    ? t('par.hint.self')
    : caps.appraise
      ? t('par.hint.appraise')
      : caps.explain
        ? t('par.hint.explain')
        : caps.reappraise
          ? t('par.hint.reappraise')
          : caps.finalise
            ? t('par.hint.finalise')
            : caps.returnable
              ? t('par.hint.returnable')
              : caps.setDerived
                ? t('par.hint.derived')
                : caps.reopen
                  ? t('par.hint.reopen')
                  : t('par.hint.readonly');

  const header = (
    <Paper
      p={isMobile ? 'xs' : 'sm'}
      pos="sticky"
      top="var(--app-shell-header-height, 56px)"
      style={{ zIndex: 20, boxShadow: 'var(--mantine-shadow-xs)' }}
      data-testid="assessment-header"
    >
      <Group justify="space-between" align="center" gap="xs" wrap={isMobile ? 'wrap' : 'nowrap'}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: isMobile ? '1 1 100%' : 1 }}>
          <Tooltip label={t('par.assessment.backToBoard')}>
            <ActionIcon
              component={Link}
              to={`/par/cycles/${cycle.id}`}
              variant="subtle"
              color="gray"
              aria-label={t('par.assessment.backToBoard')}
              data-testid="assessment-back"
            >
              <IconArrowLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text fw={700} size={isMobile ? 'sm' : 'md'} truncate data-testid="assessment-unit">
                {unit.name}
              </Text>
              {isMobile ? <StatusBadge status={assessment.status} size="sm" style={{ flex: 'none' }} data-testid="assessment-status" /> : null}
            </Group>
            <Group gap={6} wrap="nowrap" visibleFrom="md">
              {isMobile ? null : <StatusBadge status={assessment.status} size="sm" data-testid="assessment-status" />}
              {isMobile ? null : <StageBadge stage={cycle.stage} size="sm" variant="outline" />}
              {isMobile ? null : (
                <Text size="xs" c="dimmed" truncate>
                  {cycle.name}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        <Group gap={isMobile ? 'md' : 'lg'} wrap="nowrap" data-testid="assessment-totals" style={isMobile ? { flex: 1 } : undefined}>
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {t('par.assessment.total')}
            </Text>
            <Text fw={700} className="par-num" data-testid="assessment-total">
              {fmt2(totals.total)}
              <Text span c="dimmed" size="sm" fw={400}>
                {` / ${fmt2(totals.max)}`}
              </Text>
            </Text>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {t('par.assessment.index')}
            </Text>
            <Text fw={700} c="blue.8" className="par-num" data-testid="assessment-index">
              {fmtPct(totals.index)}
            </Text>
          </Stack>
          {!isMobile && totals.classification ? (
            <Stack gap={0} align="flex-end">
              <Text size="xs" c="dimmed">
                {t('par.assessment.class')}
              </Text>
              <Text fw={600} size="sm">
                {totals.classification}
              </Text>
            </Stack>
          ) : null}
        </Group>
        {actions.length ? (
          isMobile && actions.length > 1 ? (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button size="xs" rightSection={<IconChevronDown size={14} />} data-testid="assessment-actions">
                  {t('common.actions')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {actions.map((a) => (
                  <Menu.Item key={a.key} leftSection={a.icon} color={a.color} onClick={() => open(a.key)} data-testid={a.testId}>
                    {a.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          ) : (
            <Group gap="xs" wrap="nowrap">
              {actionButtons}
            </Group>
          )
        ) : null}
      </Group>
    </Paper>
  );

  const filterSelect = (
    <Select
      size="xs"
      aria-label={t('par.tree.filter')}
      data={[
        { value: 'all', label: t('par.tree.filters.all') },
        { value: 'unscored', label: t('par.tree.filters.unscored') },
        { value: 'noEvidence', label: t('par.tree.filters.noEvidence') },
        { value: 'differs', label: t('par.tree.filters.differs') },
        { value: 'disputed', label: t('par.tree.filters.disputed') },
      ]}
      value={filter}
      onChange={(v) => setFilter((v as LeafFilter | null) ?? 'all')}
      allowDeselect={false}
      data-testid="tree-filter"
    />
  );

  const treeView = <CriteriaTree tree={tree} sums={sums} flags={flags} selected={selected} onSelect={select} visibleLeaves={visibleLeaves} />;

  const notices = (
    <>
      {assessment.status === 'returned' && assessment.returnedReason ? (
        <Alert color="red" variant="light" title={t('par.assessment.returnedTitle')} data-testid="assessment-returned-reason">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {assessment.returnedReason}
          </Text>
        </Alert>
      ) : null}
      {assessment.reopenedReason && assessment.status !== 'published' ? (
        <Alert color="orange" variant="light" title={t('par.assessment.reopenedTitle')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {assessment.reopenedReason}
          </Text>
        </Alert>
      ) : null}
    </>
  );

  const nav = (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={`${t('par.tree.prev')} (Alt+↑)`}>
        <ActionIcon variant="default" onClick={goPrev} disabled={pos <= 0} aria-label={t('par.tree.prev')} data-testid="leaf-prev">
          <IconChevronLeft size={16} />
        </ActionIcon>
      </Tooltip>
      <Text size="xs" c="dimmed" className="par-num" miw={48} ta="center">
        {pos >= 0 ? `${fmtInt(pos + 1)}/${fmtInt(order.length)}` : `–/${fmtInt(order.length)}`}
      </Text>
      <Tooltip label={`${t('par.tree.next')} (Alt+↓)`}>
        <ActionIcon variant="default" onClick={goNext} disabled={pos >= order.length - 1} aria-label={t('par.tree.next')} data-testid="leaf-next">
          <IconChevronRight size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );

  const panel = selectedNode ? (
    <LeafPanel
      key={selectedNode.code}
      assessmentId={id}
      node={selectedNode}
      path={path}
      score={scores.get(selectedNode.code)}
      evidence={evidenceBy.get(selectedNode.code) ?? []}
      caps={caps}
      onNext={goNext}
    />
  ) : (
    <Text c="dimmed">{t('par.tree.selectHint')}</Text>
  );

  return (
    <Stack gap="sm" data-testid="assessment-page">
      {header}
      <Group gap="xs" justify="space-between">
        <Text size="sm" c="dimmed" data-testid="assessment-hint">
          {roleHint}
        </Text>
        {caps.selfEdit && missingSelf.length > 0 ? (
          <Anchor size="sm" component="button" type="button" onClick={() => setFilter('unscored')} data-testid="assessment-missing">
            {t('par.assessment.missing', { n: fmtInt(missingSelf.length) })}
          </Anchor>
        ) : null}
      </Group>
      {notices}

      <Group justify="space-between" gap="xs" wrap="wrap">
        <SegmentedControl
          size="xs"
          value={tab}
          onChange={(v) => setTab(v === 'weak' ? 'weak' : 'scoring')}
          data={[
            { value: 'scoring', label: <span data-testid="assessment-tab-scoring">{t('par.assessment.tabScoring')}</span> },
            { value: 'weak', label: <span data-testid="assessment-tab-weak">{t('par.assessment.tabWeak')}</span> },
          ]}
          aria-label={t('par.assessment.tabScoring')}
        />
        <Button
          component="a"
          href={assessmentSheetUrl(id)}
          download
          size="xs"
          variant="default"
          leftSection={<IconFileSpreadsheet size={14} />}
          data-testid="assessment-sheet"
        >
          {t('par.assessment.sheet')}
        </Button>
      </Group>

      {tab === 'weak' ? (
        <WeakPanel assessmentId={id} onOpenLeaf={select} />
      ) : isMobile ? (
        <>
          <Paper p="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Button
                variant="light"
                size="xs"
                leftSection={<IconListTree size={16} />}
                onClick={() => setDrawer(true)}
                style={{ minWidth: 0, flex: 1 }}
                styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
                data-testid="tree-open"
              >
                {selectedNode ? `${selectedNode.code} · ${selectedNode.title}` : t('par.tree.label')}
              </Button>
              {nav}
            </Group>
          </Paper>
          {panel}
          <Drawer opened={drawer} onClose={() => setDrawer(false)} title={t('par.tree.label')} size="100%" position="left" data-testid="tree-drawer">
            <Stack gap="xs">
              {filterSelect}
              {treeView}
            </Stack>
          </Drawer>
        </>
      ) : (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Paper p={0} pos="sticky" top={140}>
              <Group justify="space-between" px="sm" py={6} gap="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }} wrap="nowrap">
                <Box style={{ flex: 1 }}>{filterSelect}</Box>
                {nav}
              </Group>
              <Box p={4} mah="calc(100vh - 200px)" style={{ overflowY: 'auto', overscrollBehavior: 'contain' }}>
                {treeView}
              </Box>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>{panel}</Grid.Col>
        </Grid>
      )}

      {missingSelf.length > 0 ? (
        <Modal opened={action === 'submit'} onClose={() => setAction(null)} title={t('par.actions.submitTitle')} size="md">
          <Stack gap="sm">
            <Text size="sm" data-testid="submit-missing">
              {t('par.actions.submitMissing', { n: fmtInt(missingSelf.length), codes: missingSelf.slice(0, 10).join(', ') })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAction(null)}>
                {t('common.close')}
              </Button>
              <Button
                onClick={() => {
                  setFilter('unscored');
                  select(missingSelf[0]);
                  setAction(null);
                }}
                data-testid="submit-show-missing"
              >
                {t('par.actions.showMissing')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : (
        <ConfirmModal
          opened={action === 'submit'}
          title={t('par.actions.submitTitle')}
          message={t('par.actions.submitConfirm', { unit: unit.name, total: fmt2(totals.total), max: fmt2(totals.max) })}
          confirmLabel={t('par.actions.submit')}
          color="blue"
          loading={mutation.isPending}
          error={mutation.error}
          onConfirm={() => mutation.mutate({ kind: 'submit' })}
          onClose={() => setAction(null)}
        />
      )}
      <ConfirmModal
        opened={action === 'appraised'}
        title={t('par.actions.appraisedTitle')}
        message={t('par.actions.appraisedConfirm', { unit: unit.name })}
        confirmLabel={t('par.actions.appraised')}
        color="blue"
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={() => mutation.mutate({ kind: 'appraised' })}
        onClose={() => setAction(null)}
      />
      <ConfirmModal
        opened={action === 'explained'}
        title={t('par.actions.explainedTitle')}
        message={t('par.actions.explainedConfirm')}
        confirmLabel={t('par.actions.explained')}
        color="blue"
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={() => mutation.mutate({ kind: 'explained' })}
        onClose={() => setAction(null)}
      />
      <ConfirmModal
        opened={action === 'reappraised'}
        title={t('par.actions.reappraisedTitle')}
        message={t('par.actions.reappraisedConfirm', { unit: unit.name })}
        confirmLabel={t('par.actions.reappraised')}
        color="blue"
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={() => mutation.mutate({ kind: 'reappraised' })}
        onClose={() => setAction(null)}
      />
      <ConfirmModal
        opened={action === 'finalise'}
        title={t('par.actions.finaliseTitle')}
        message={t('par.actions.finaliseConfirm', { unit: unit.name, total: fmt2(totals.total), index: fmtPct(totals.index) })}
        confirmLabel={t('par.actions.finalise')}
        color="teal"
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={() => mutation.mutate({ kind: 'finalise' })}
        onClose={() => setAction(null)}
      />
      <ReasonModal
        key={`return-${action === 'return'}`}
        opened={action === 'return'}
        title={t('par.actions.returnTitle', { unit: unit.name })}
        label={t('par.actions.returnReason')}
        confirmLabel={t('par.actions.return')}
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={(reason) => mutation.mutate({ kind: 'return', reason })}
        onClose={() => setAction(null)}
        testId="return"
      />
      <ReasonModal
        key={`reopen-${action === 'reopen'}`}
        opened={action === 'reopen'}
        title={t('par.actions.reopenTitle', { unit: unit.name })}
        label={t('par.actions.reopenReason')}
        confirmLabel={t('par.actions.reopen')}
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={(reason) => mutation.mutate({ kind: 'reopen', reason })}
        onClose={() => setAction(null)}
        testId="reopen"
      />
    </Stack>
  );
}
