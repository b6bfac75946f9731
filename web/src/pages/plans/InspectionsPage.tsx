// Yearly inspection plans (kế hoạch kiểm tra CCHC) with the coverage indicator: the units to inspect must be at
// least 30 % of the units. Creating a plan picks the units, a planned date and the checklist.

import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { UnitMultiSelect } from '../../components/UnitSelect';
import { fmtInt, fmtNum } from '../par/shared';
import { type Coverage, createInspectionPlan, fetchInspectionCoverage, fetchInspectionPlans, inspectionKeys, planKeys } from './api';
import { PlansHeader, useActiveUnits } from './shared';

export function CoverageBadge({ coverage, testId }: { coverage: Coverage; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={coverage.meetsMinimum ? 'green' : 'red'} variant="light" style={{ textTransform: 'none' }} data-testid={testId}>
      {t('plans.inspections.coverageValue', { percent: fmtNum(coverage.percent), covered: fmtInt(coverage.covered), total: fmtInt(coverage.total) })}
    </Badge>
  );
}

function CoverageCard({ label, coverage }: { label: string; coverage: Coverage }) {
  const { t } = useTranslation();
  const pct = Math.min(100, Number(coverage.percent) || 0);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <CoverageBadge coverage={coverage} />
      </Group>
      <Progress value={pct} mt={8} color={coverage.meetsMinimum ? 'green' : 'red'} aria-label={label} />
      <Text size="xs" c={coverage.meetsMinimum ? 'dimmed' : 'red.8'} mt={4}>
        {coverage.meetsMinimum ? t('plans.inspections.meets') : t('plans.inspections.below')}
      </Text>
    </Paper>
  );
}

function NewPlanForm({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const units = useActiveUnits();
  const [name, setName] = useState(t('plans.inspections.defaultName', { year }));
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [date, setDate] = useState<string | null>(null);
  const [checklist, setChecklist] = useState(t('plans.inspections.defaultChecklist'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: createInspectionPlan,
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.inspections.created'));
      onClose();
      navigate(`/plans/inspections/${p.id}`);
    },
  });
  const items = checklist
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const err: Record<string, string> = {};
    if (!name.trim()) err.name = t('common.required');
    if (unitIds.length === 0) err.units = t('common.required');
    if (!date) err.date = t('common.required');
    if (items.length === 0) err.checklist = t('common.required');
    setErrors(err);
    if (Object.keys(err).length) return;
    save.mutate({ year, name: name.trim(), checklist: items, inspections: unitIds.map((unitId) => ({ unitId, plannedDate: date as string })) });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="inspection-form">
      <Stack gap="sm">
        <TextInput label={t('plans.inspections.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <UnitMultiSelect
            label={t('plans.inspections.units')}
            required
            units={units.data ?? []}
            value={unitIds}
            onChange={setUnitIds}
            error={errors.units}
            style={{ gridColumn: 'span 2' }}
            data-testid="inspection-units"
          />
          <DateField label={t('plans.inspections.plannedDate')} required value={date} onChange={setDate} error={errors.date} />
        </SimpleGrid>
        <Textarea
          label={t('plans.inspections.checklist')}
          description={t('plans.inspections.checklistHint')}
          autosize
          minRows={4}
          maxRows={12}
          value={checklist}
          onChange={(e) => setChecklist(e.currentTarget.value)}
          error={errors.checklist}
        />
        {save.isError ? <ErrorAlert error={save.error} testId="inspection-form-error" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="inspection-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function InspectionsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: inspectionKeys.list(year), queryFn: () => fetchInspectionPlans(year) });
  const coverage = useQuery({ queryKey: inspectionKeys.coverage(year), queryFn: () => fetchInspectionCoverage(year) });
  return (
    <Stack gap="md">
      <PlansHeader
        title={t('plans.inspections.title')}
        subtitle={t('plans.inspections.subtitle')}
        actions={
          <>
            <Select
              aria-label={t('plans.dashboard.year')}
              data={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: String(y) }))}
              value={String(year)}
              onChange={(v) => v && setYear(Number(v))}
              allowDeselect={false}
              w={110}
            />
            {can('plans.manage') ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="inspection-new">
                {t('plans.inspections.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {coverage.data ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="inspection-coverage">
          <CoverageCard label={t('plans.inspections.planned')} coverage={coverage.data.planned} />
          <CoverageCard label={t('plans.inspections.inspected')} coverage={coverage.data.inspected} />
        </SimpleGrid>
      ) : null}
      {coverage.isError ? <ErrorAlert error={coverage.error} /> : null}
      {list.isPending ? <PageLoader /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <Alert variant="light">{t('plans.inspections.empty', { year })}</Alert> : null}
      {list.data && list.data.length > 0 ? (
        <Paper withBorder p={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="inspection-plans">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.inspections.name')}</Table.Th>
                  <Table.Th ta="right">{t('plans.inspections.count')}</Table.Th>
                  <Table.Th>{t('plans.inspections.coverage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/plans/inspections/${p.id}`} size="sm" fw={600}>
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      {fmtInt(p.done)}/{fmtInt(p.inspections)}
                    </Table.Td>
                    <Table.Td>
                      <CoverageBadge coverage={p.coverage} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('plans.inspections.new')} size="xl">
        {creating ? <NewPlanForm year={year} onClose={() => setCreating(false)} /> : null}
      </Modal>
    </Stack>
  );
}
