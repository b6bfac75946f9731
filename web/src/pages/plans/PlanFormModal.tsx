// Register a plan (kế hoạch) or edit its header: number, date, issuer, title, purpose.

import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { fieldError } from '../units/hooks';
import { createPlan, PLAN_STATUSES, type Plan, type PlanInput, planKeys, updatePlan } from './api';

function PlanForm({ plan, onDone, onClose }: { plan?: Plan; onDone: (p: Plan) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState<PlanInput>({
    number: plan?.number ?? '',
    date: plan?.date ?? '',
    issuer: plan?.issuer ?? '',
    title: plan?.title ?? '',
    purpose: plan?.purpose ?? '',
    status: plan?.status ?? 'active',
  });
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const save = useMutation({
    mutationFn: (input: PlanInput) => (plan ? updatePlan(plan.id, input) : createPlan(input)),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(plan ? t('plans.form.saved') : t('plans.form.created', { number: p.number }));
      onDone(p);
    },
  });
  const set = <K extends keyof PlanInput>(k: K, value: PlanInput[K]) => setV((x) => ({ ...x, [k]: value }));
  const err = (k: keyof PlanInput) => (missing.has(k) ? t('common.required') : fieldError(save.error, k));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = new Set((['number', 'date', 'issuer', 'title'] as const).filter((k) => !v[k]?.trim()));
    setMissing(m);
    if (m.size === 0) save.mutate({ ...v, number: v.number.trim(), issuer: v.issuer.trim(), title: v.title.trim() });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="plan-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('plans.form.number')}
            placeholder={t('plans.form.numberPlaceholder')}
            required
            value={v.number}
            onChange={(e) => set('number', e.currentTarget.value)}
            error={err('number')}
            data-testid="plan-number"
          />
          <DateField
            label={t('plans.form.date')}
            required
            value={v.date || null}
            onChange={(d) => set('date', d ?? '')}
            error={err('date')}
            data-testid="plan-date"
          />
        </SimpleGrid>
        <TextInput
          label={t('plans.form.issuer')}
          placeholder={t('plans.form.issuerPlaceholder')}
          required
          value={v.issuer}
          onChange={(e) => set('issuer', e.currentTarget.value)}
          error={err('issuer')}
          data-testid="plan-issuer"
        />
        <Textarea
          label={t('plans.form.title')}
          required
          autosize
          minRows={2}
          value={v.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={err('title')}
          data-testid="plan-title"
        />
        <Textarea label={t('plans.form.purpose')} autosize minRows={3} maxRows={10} value={v.purpose} onChange={(e) => set('purpose', e.currentTarget.value)} />
        {plan ? (
          <Select
            label={t('plans.form.status')}
            data={PLAN_STATUSES.map((s) => ({ value: s, label: t(`plans.status.${s}`) }))}
            value={v.status ?? 'active'}
            onChange={(s) => s && set('status', s as PlanInput['status'])}
            allowDeselect={false}
          />
        ) : null}
        {save.isError ? <ErrorAlert error={save.error} testId="plan-form-error" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="plan-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PlanFormModal({ opened, plan, onClose, onDone }: { opened: boolean; plan?: Plan; onClose: () => void; onDone: (p: Plan) => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={plan ? t('plans.form.editTitle') : t('plans.newPlan')} size="lg">
      {opened ? <PlanForm plan={plan} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}
