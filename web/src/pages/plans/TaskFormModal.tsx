// Add, edit or split a task with the five "rõ": the work, the lead and support units, the responsible person,
// a due date or a recurring schedule, and the expected result with a measurable target.
// The form checks what it can before sending (missing lead unit or due date, due before the plan's date, a bad
// number); the server checks the same and more (a cycle in sub-tasks), and its field errors show on the fields.

import { Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { UnitMultiSelect, UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../i18n/format';
import { fieldError } from '../units/hooks';
import { createSubtask, createTask, FREQUENCIES, type Frequency, type Plan, planKeys, type Schedule, type Task, type TaskInput, updateTask } from './api';
import { compareRefs, useActiveUnits } from './shared';

export type TaskFormMode = { kind: 'add' } | { kind: 'subtask'; parent: Task } | { kind: 'edit'; task: Task };

interface Values {
  ref: string;
  work: string;
  leadUnitId: string | null;
  supportUnitIds: string[];
  responsiblePerson: string;
  scheduleKind: 'once' | 'recurring';
  dueDate: string | null;
  frequency: Frequency;
  from: string | null;
  until: string | null;
  dueDay: number;
  expectedText: string;
  targetValue: string;
  targetUnit: string;
  criterionCodes: string;
  /** edit only: the parent task (moving a task under one of its own sub-tasks is refused by the server) */
  parentId: string | null;
}

const NUMBER = /^\d{1,12}([.,]\d{1,4})?$/;

function initial(mode: TaskFormMode, plan: Plan): Values {
  const task = mode.kind === 'edit' ? mode.task : null;
  const parent = mode.kind === 'subtask' ? mode.parent : null;
  const s = task?.schedule;
  const siblings = parent ? plan.tasks.filter((x) => x.parentId === parent.id).length : 0;
  return {
    ref: task?.ref ?? (parent ? `${parent.ref}.${siblings + 1}` : ''),
    work: task?.work ?? '',
    leadUnitId: task?.leadUnit.id ?? parent?.leadUnit.id ?? null,
    supportUnitIds: task?.supportUnits.map((u) => u.id) ?? [],
    responsiblePerson: task?.responsiblePerson ?? '',
    scheduleKind: s?.kind ?? 'once',
    dueDate: s?.kind === 'once' ? s.dueDate : parent?.schedule.kind === 'once' ? parent.schedule.dueDate : null,
    frequency: s?.kind === 'recurring' ? s.frequency : 'quarterly',
    from: s?.kind === 'recurring' ? s.from : null,
    until: s?.kind === 'recurring' ? s.until : null,
    dueDay: s?.kind === 'recurring' ? s.dueDay : 15,
    expectedText: task?.expected.text ?? '',
    targetValue: task?.expected.targetValue?.replace('.', ',') ?? '',
    targetUnit: task?.expected.targetUnit ?? '',
    criterionCodes: task?.criterionCodes.join(', ') ?? '',
    parentId: task?.parentId ?? null,
  };
}

function TaskForm({ plan, mode, onClose }: { plan: Plan; mode: TaskFormMode; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const units = useActiveUnits();
  const [v, setV] = useState<Values>(() => initial(mode, plan));
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((x) => ({ ...x, [k]: value }));

  const save = useMutation({
    mutationFn: (input: TaskInput) =>
      mode.kind === 'edit'
        ? updateTask(mode.task.id, { ...input, parentId: v.parentId })
        : mode.kind === 'subtask'
          ? createSubtask(mode.parent.id, input)
          : createTask(plan.id, input),
    onSuccess: async (task) => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.task.saved', { ref: task.ref }));
      onClose();
    },
  });

  const validate = (): Partial<Record<keyof Values, string>> => {
    const e: Partial<Record<keyof Values, string>> = {};
    if (!v.ref.trim()) e.ref = t('plans.task.required');
    if (!v.work.trim()) e.work = t('plans.task.required');
    if (!v.leadUnitId) e.leadUnitId = t('plans.task.leadRequired');
    if (v.leadUnitId && v.supportUnitIds.includes(v.leadUnitId)) e.supportUnitIds = t('plans.task.supportIsLead');
    if (v.scheduleKind === 'once') {
      if (!v.dueDate) e.dueDate = t('plans.task.dueRequired');
      else if (v.dueDate < plan.date) e.dueDate = t('plans.task.dueBeforePlan', { date: formatDate(plan.date) });
    } else {
      if (!v.from) e.from = t('plans.task.required');
      if (!v.until) e.until = t('plans.task.dueRequired');
      if (v.from && v.until && v.until < v.from) e.until = t('plans.task.rangeInvalid');
      if (v.from && v.from < plan.date) e.from = t('plans.task.dueBeforePlan', { date: formatDate(plan.date) });
    }
    if (v.targetValue.trim() && !NUMBER.test(v.targetValue.trim())) e.targetValue = t('plans.task.targetInvalid');
    return e;
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    const schedule: Schedule =
      v.scheduleKind === 'once'
        ? { kind: 'once', dueDate: v.dueDate as string }
        : { kind: 'recurring', frequency: v.frequency, from: v.from as string, until: v.until as string, dueDay: v.dueDay };
    save.mutate({
      ref: v.ref.trim(),
      work: v.work.trim(),
      leadUnitId: v.leadUnitId,
      supportUnitIds: v.supportUnitIds,
      responsiblePerson: v.responsiblePerson.trim() || null,
      schedule,
      expected: {
        text: v.expectedText.trim(),
        targetValue: v.targetValue.trim() ? v.targetValue.trim().replace(',', '.') : null,
        targetUnit: v.targetUnit.trim() || null,
      },
      criterionCodes: v.criterionCodes
        .split(/[,;\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
    });
  };
  // a field's own check first, then what the server said about it
  const err = (k: keyof Values, path: string) => errors[k] ?? fieldError(save.error, path);
  const unitList = units.data ?? [];

  return (
    <form onSubmit={submit} noValidate data-testid="task-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm">
          <TextInput
            label={t('plans.task.ref')}
            placeholder={t('plans.task.refHint')}
            required
            value={v.ref}
            onChange={(e) => set('ref', e.currentTarget.value)}
            error={err('ref', 'ref')}
            data-testid="task-ref"
          />
          <TextInput
            label={t('plans.task.responsible')}
            placeholder={t('plans.task.responsiblePlaceholder')}
            value={v.responsiblePerson}
            onChange={(e) => set('responsiblePerson', e.currentTarget.value)}
            style={{ gridColumn: 'span 3' }}
            data-testid="task-responsible"
          />
        </SimpleGrid>
        <Textarea
          label={t('plans.task.work')}
          required
          autosize
          minRows={2}
          maxRows={8}
          value={v.work}
          onChange={(e) => set('work', e.currentTarget.value)}
          error={err('work', 'work')}
          data-testid="task-work"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <UnitSelect
            label={t('plans.task.lead')}
            required
            units={unitList}
            value={v.leadUnitId}
            onChange={(id) => set('leadUnitId', id)}
            error={err('leadUnitId', 'leadUnitId')}
            disabled={units.isPending}
            data-testid="task-lead"
          />
          <UnitMultiSelect
            label={t('plans.task.support')}
            units={unitList}
            value={v.supportUnitIds}
            onChange={(ids) => set('supportUnitIds', ids)}
            error={err('supportUnitIds', 'supportUnitIds')}
            disabled={units.isPending}
            data-testid="task-support"
          />
        </SimpleGrid>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('plans.task.scheduleKind')}
          </Text>
          <SegmentedControl
            value={v.scheduleKind}
            onChange={(k) => set('scheduleKind', k as Values['scheduleKind'])}
            data={[
              { value: 'once', label: t('plans.task.once') },
              { value: 'recurring', label: t('plans.task.recurring') },
            ]}
            style={{ alignSelf: 'flex-start' }}
            data-testid="task-schedule-kind"
          />
          {v.scheduleKind === 'once' ? (
            <DateField
              label={t('plans.task.dueDate')}
              required
              value={v.dueDate}
              onChange={(d) => set('dueDate', d)}
              error={err('dueDate', 'schedule')}
              maw={260}
              data-testid="task-due"
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm">
              <Select
                label={t('plans.task.frequency')}
                data={FREQUENCIES.map((f) => ({ value: f, label: t(`plans.frequency.${f}`) }))}
                value={v.frequency}
                onChange={(f) => f && set('frequency', f as Frequency)}
                allowDeselect={false}
              />
              <DateField label={t('plans.task.from')} required value={v.from} onChange={(d) => set('from', d)} error={err('from', 'schedule')} />
              <DateField label={t('plans.task.until')} required value={v.until} onChange={(d) => set('until', d)} error={errors.until} />
              <NumberInput
                label={t('plans.task.dueDay')}
                min={0}
                max={60}
                allowDecimal={false}
                value={v.dueDay}
                onChange={(n) => set('dueDay', typeof n === 'number' ? n : 0)}
              />
            </SimpleGrid>
          )}
          {v.scheduleKind === 'recurring' ? (
            <Text size="xs" c="dimmed">
              {t('plans.task.dueDayHint')}
            </Text>
          ) : null}
        </Stack>
        <Textarea
          label={t('plans.task.expectedText')}
          autosize
          minRows={2}
          maxRows={6}
          value={v.expectedText}
          onChange={(e) => set('expectedText', e.currentTarget.value)}
          data-testid="task-expected"
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <TextInput
            label={t('plans.task.targetValue')}
            inputMode="decimal"
            value={v.targetValue}
            onChange={(e) => set('targetValue', e.currentTarget.value)}
            error={err('targetValue', 'expected.targetValue')}
            data-testid="task-target"
          />
          <TextInput
            label={t('plans.task.targetUnit')}
            placeholder={t('plans.task.targetUnitPlaceholder')}
            value={v.targetUnit}
            onChange={(e) => set('targetUnit', e.currentTarget.value)}
          />
          <TextInput
            label={t('plans.task.criterionCodes')}
            placeholder={t('plans.task.criterionCodesHint')}
            value={v.criterionCodes}
            onChange={(e) => set('criterionCodes', e.currentTarget.value)}
            style={{ gridColumn: 'span 2' }}
          />
        </SimpleGrid>
        {mode.kind === 'edit' ? (
          <Select
            label={t('plans.task.parent')}
            placeholder={t('plans.task.noParent')}
            clearable
            searchable
            data={plan.tasks
              .filter((x) => x.id !== mode.task.id)
              .sort((a, b) => compareRefs(a.ref, b.ref))
              .map((x) => ({ value: x.id, label: `${x.ref}. ${x.work}` }))}
            value={v.parentId}
            onChange={(id) => set('parentId', id)}
            error={fieldError(save.error, 'parentId')}
            data-testid="task-parent"
          />
        ) : null}
        {save.isError ? <ErrorAlert error={save.error} testId="task-form-error" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="task-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TaskFormModal({ plan, mode, onClose }: { plan: Plan; mode: TaskFormMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const title =
    mode?.kind === 'edit'
      ? t('plans.task.editTitle', { ref: mode.task.ref })
      : mode?.kind === 'subtask'
        ? t('plans.task.subtaskTitle', { ref: mode.parent.ref })
        : t('plans.task.addTitle');
  return (
    <Modal opened={mode !== null} onClose={onClose} title={title} size="xl">
      {mode ? <TaskForm plan={plan} mode={mode} onClose={onClose} /> : null}
    </Modal>
  );
}
