// Campaigns (chiến dịch), e.g. the 100-day campaign of Kế hoạch 629/KH-UBND: the list and the creation form with
// targets per unit and their 50-day and 100-day milestones. A target may be a 766 indicator, read live.

import { ActionIcon, Anchor, Button, Divider, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { type CampaignInput, createCampaign, fetchCampaigns, fetchPlans, INDICATORS, type Indicator, planKeys } from './api';
import { PlansHeader, useActiveUnits } from './shared';

const NUMBER = /^\d{1,12}([.,]\d{1,4})?$/;

interface TargetRow {
  key: number;
  unitId: string | null;
  name: string;
  indicator: Indicator | null;
  unitLabel: string;
  baseline: string;
  m50: string;
  m100: string;
}

const emptyRow = (key: number): TargetRow => ({ key, unitId: null, name: '', indicator: null, unitLabel: '%', baseline: '', m50: '', m100: '' });

function CampaignForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const units = useActiveUnits();
  const plans = useQuery({ queryKey: planKeys.list(), queryFn: () => fetchPlans() });
  const [name, setName] = useState('');
  const [planId, setPlanId] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const [end, setEnd] = useState<string | null>(null);
  const [rows, setRows] = useState<TargetRow[]>([emptyRow(1)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: createCampaign,
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: planKeys.campaigns });
      notifySuccess(t('plans.campaigns.created'));
      onClose();
      navigate(`/plans/campaigns/${c.id}`);
    },
  });
  const setRow = (key: number, patch: Partial<TargetRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const dec = (s: string) => s.trim().replace(',', '.');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const err: Record<string, string> = {};
    if (!name.trim()) err.name = t('common.required');
    if (!start) err.start = t('common.required');
    if (!end) err.end = t('common.required');
    if (start && end && end <= start) err.end = t('plans.campaigns.endBeforeStart');
    for (const r of rows) {
      if (!r.unitId) err[`${r.key}.unit`] = t('common.required');
      if (!r.name.trim()) err[`${r.key}.name`] = t('common.required');
      for (const f of ['baseline', 'm50', 'm100'] as const) if (!NUMBER.test(r[f].trim())) err[`${r.key}.${f}`] = t('plans.campaigns.numberInvalid');
    }
    setErrors(err);
    if (Object.keys(err).length) return;
    const input: CampaignInput = {
      name: name.trim(),
      planId,
      startDate: start as string,
      endDate: end as string,
      targets: rows.map((r) => ({
        unitId: r.unitId as string,
        name: r.name.trim(),
        indicator: r.indicator,
        unitLabel: r.unitLabel.trim() || '%',
        baseline: dec(r.baseline),
        milestones: [
          { day: 50, value: dec(r.m50) },
          { day: 100, value: dec(r.m100) },
        ],
      })),
    };
    save.mutate(input);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="campaign-form">
      <Stack gap="sm">
        <TextInput
          label={t('plans.campaigns.name')}
          placeholder={t('plans.campaigns.namePlaceholder')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-testid="campaign-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <DateField label={t('plans.campaigns.start')} required value={start} onChange={setStart} error={errors.start} data-testid="campaign-start" />
          <DateField label={t('plans.campaigns.end')} required value={end} onChange={setEnd} error={errors.end} data-testid="campaign-end" />
          <Select
            label={t('plans.campaigns.plan')}
            clearable
            searchable
            data={(plans.data ?? []).map((p) => ({ value: p.id, label: `${p.number} — ${p.title}` }))}
            value={planId}
            onChange={setPlanId}
          />
        </SimpleGrid>
        <Divider label={t('plans.campaigns.targets')} labelPosition="left" />
        {rows.map((r, i) => (
          <Paper key={r.key} withBorder p="xs" data-testid={`campaign-target-${i}`}>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <UnitSelect
                  label={t('plans.campaigns.targetUnit')}
                  required
                  units={units.data ?? []}
                  value={r.unitId}
                  onChange={(id) => setRow(r.key, { unitId: id })}
                  error={errors[`${r.key}.unit`]}
                />
                <Select
                  label={t('plans.campaigns.indicatorLabel')}
                  data={[{ value: '', label: t('plans.campaigns.indicatorNone') }, ...INDICATORS.map((k) => ({ value: k, label: t(`plans.indicator.${k}`) }))]}
                  value={r.indicator ?? ''}
                  allowDeselect={false}
                  onChange={(v) => {
                    const ind = (v || null) as Indicator | null;
                    setRow(r.key, { indicator: ind, name: ind && !r.name ? t(`plans.indicator.${ind}`) : r.name, unitLabel: ind ? '%' : r.unitLabel });
                  }}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 2, sm: 6 }} spacing="xs">
                <TextInput
                  label={t('plans.campaigns.targetName')}
                  required
                  value={r.name}
                  onChange={(e) => setRow(r.key, { name: e.currentTarget.value })}
                  error={errors[`${r.key}.name`]}
                  style={{ gridColumn: 'span 2' }}
                />
                <TextInput label={t('plans.campaigns.unitLabel')} value={r.unitLabel} onChange={(e) => setRow(r.key, { unitLabel: e.currentTarget.value })} />
                <TextInput
                  label={t('plans.campaigns.baselineValue')}
                  inputMode="decimal"
                  value={r.baseline}
                  onChange={(e) => setRow(r.key, { baseline: e.currentTarget.value })}
                  error={errors[`${r.key}.baseline`]}
                />
                <TextInput
                  label={t('plans.campaigns.m50')}
                  inputMode="decimal"
                  value={r.m50}
                  onChange={(e) => setRow(r.key, { m50: e.currentTarget.value })}
                  error={errors[`${r.key}.m50`]}
                />
                <Group gap={4} align="flex-end" wrap="nowrap">
                  <TextInput
                    label={t('plans.campaigns.m100')}
                    inputMode="decimal"
                    value={r.m100}
                    onChange={(e) => setRow(r.key, { m100: e.currentTarget.value })}
                    error={errors[`${r.key}.m100`]}
                    style={{ flex: 1 }}
                  />
                  {rows.length > 1 ? (
                    <Tooltip label={t('plans.campaigns.removeTarget')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        mb={4}
                        onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                        aria-label={t('plans.campaigns.removeTarget')}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                </Group>
              </SimpleGrid>
            </Stack>
          </Paper>
        ))}
        <Button
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => setRows((rs) => [...rs, emptyRow(Math.max(0, ...rs.map((x) => x.key)) + 1)])}
        >
          {t('plans.campaigns.addTarget')}
        </Button>
        {save.isError ? <ErrorAlert error={save.error} testId="campaign-form-error" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="campaign-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function CampaignsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: planKeys.campaigns, queryFn: fetchCampaigns });
  return (
    <Stack gap="md">
      <PlansHeader
        title={t('plans.campaigns.title')}
        subtitle={t('plans.campaigns.subtitle')}
        actions={
          can('plans.manage') ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('plans.campaigns.new')}
            </Button>
          ) : null
        }
      />
      {q.isPending ? <PageLoader /> : null}
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data && q.data.length === 0 ? <Text c="dimmed">{t('plans.campaigns.empty')}</Text> : null}
      {q.data && q.data.length > 0 ? (
        <Paper withBorder p={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover verticalSpacing="xs" data-testid="campaign-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.campaigns.name')}</Table.Th>
                  <Table.Th>{t('plans.campaigns.start')}</Table.Th>
                  <Table.Th>{t('plans.campaigns.end')}</Table.Th>
                  <Table.Th ta="right">{t('plans.campaigns.targets')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/plans/campaigns/${c.id}`} fw={600} size="sm">
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.startDate)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.endDate)}</Table.Td>
                    <Table.Td ta="right">{fmtInt(c.targetCount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('plans.campaigns.new')} size="xl">
        {creating ? <CampaignForm onClose={() => setCreating(false)} /> : null}
      </Modal>
    </Stack>
  );
}
