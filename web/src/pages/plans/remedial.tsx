// Remedial plans (kế hoạch khắc phục tồn tại, hạn chế): the PAR weak-criteria list turns into a draft plan whose
// tasks are linked to the criteria they repair, and a criterion shows its open remedial tasks.

import { Anchor, Badge, Button, type ButtonProps, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fetchAssessment, fetchBoard, fetchCycles, parKeys } from '../../api/par';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { foldFilter } from '../../components/UnitSelect';
import { sortByName } from '../../i18n/format';
import { createRemedialPlan, fetchRemedialTasks, planKeys, remedialKeys } from './api';
import { ReportStatusBadge, useScheduleText } from './shared';

/** Drafts the remedial plan of an assessment and opens it. */
export function RemedialPlanButton({ assessmentId, ...rest }: { assessmentId: string } & ButtonProps) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const draft = useMutation({
    mutationFn: () => createRemedialPlan(assessmentId),
    onSuccess: async (plan) => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.remedial.created', { number: plan.number, n: plan.tasks.length }));
      navigate(`/plans/${plan.id}`);
    },
    onError: (e) => notifyError(e),
  });
  if (!can('plans.manage') && !can('plans.report')) return null;
  return (
    <Button leftSection={<IconListCheck size={16} />} loading={draft.isPending} onClick={() => draft.mutate()} data-testid="remedial-draft" {...rest}>
      {t('plans.remedial.draft')}
    </Button>
  );
}

/** The open remedial tasks of one criterion of an assessment's unit and cycle; nothing when there are none. */
export function OpenRemedialTasks({ assessmentId, code }: { assessmentId: string; code: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const scheduleText = useScheduleText();
  const view = useQuery({ queryKey: parKeys.assessment(assessmentId), queryFn: () => fetchAssessment(assessmentId) });
  const cycleId = view.data?.assessment.cycleId;
  const unitId = view.data?.assessment.unitId;
  const q = useQuery({
    queryKey: remedialKeys.tasks(code, cycleId, unitId),
    queryFn: () => fetchRemedialTasks({ code, cycleId, unitId }),
    enabled: !!cycleId && can('plans.read'),
  });
  const open = (q.data ?? []).filter((x) => x.status !== 'done');
  if (open.length === 0) return null;
  return (
    <Paper p="sm" withBorder data-testid="remedial-tasks">
      <Text fw={600} size="sm" mb={6}>
        {t('plans.remedial.openTasks', { n: open.length })}
      </Text>
      <Stack gap={6}>
        {open.map((x) => (
          <Group key={x.id} justify="space-between" gap="xs" wrap="wrap" align="flex-start">
            <Stack gap={0} style={{ flex: '1 1 260px', minWidth: 0 }}>
              <Anchor component={Link} to={`/plans/${x.planId}`} size="sm">
                {x.planNumber} · {x.ref}. {x.work}
              </Anchor>
              <Text size="xs" c="dimmed">
                {x.leadUnit.name} · {scheduleText(x.schedule)}
              </Text>
            </Stack>
            <Group gap={6}>
              <ReportStatusBadge status={x.status} size="sm" />
              <Badge variant="outline" color="gray" style={{ textTransform: 'none' }}>
                {x.percent}%
              </Badge>
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Choose a PAR cycle and a unit's assessment, then draft its remedial plan. */
export function RemedialPlanModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [cycleId, setCycleId] = useState<string | null>(null);
  const [assessmentId, setAssessmentId] = useState<string | null>(null);
  const cycles = useQuery({ queryKey: parKeys.cycles('parIndex'), queryFn: () => fetchCycles('parIndex'), enabled: opened });
  const board = useQuery({ queryKey: parKeys.board(cycleId ?? ''), queryFn: () => fetchBoard(cycleId as string), enabled: opened && !!cycleId });
  return (
    <Modal opened={opened} onClose={onClose} title={t('plans.remedial.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('plans.remedial.hint')}
        </Text>
        <Select
          label={t('plans.remedial.cycle')}
          searchable
          data={(cycles.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.year})` }))}
          value={cycleId}
          onChange={(v) => {
            setCycleId(v);
            setAssessmentId(null);
          }}
          data-testid="remedial-cycle"
        />
        <Select
          label={t('plans.remedial.unit')}
          searchable
          disabled={!board.data}
          data={sortByName(board.data?.items ?? [], (i) => i.unitName).map((i) => ({ value: i.assessmentId, label: `${i.unitName} (${i.unitCode})` }))}
          value={assessmentId}
          onChange={setAssessmentId}
          filter={foldFilter}
          data-testid="remedial-unit"
        />
        {cycles.isError ? <ErrorAlert error={cycles.error} /> : null}
        {board.isError ? <ErrorAlert error={board.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {assessmentId ? <RemedialPlanButton assessmentId={assessmentId} /> : <Button disabled>{t('plans.remedial.draft')}</Button>}
        </Group>
      </Stack>
    </Modal>
  );
}
