// One inspection plan: its coverage, and per inspected unit the checklist (pass / fail with a note), the date it was
// conducted, the findings, and the follow-up tasks that a finding puts into the unit's inbox.

import { Accordion, Anchor, Badge, Button, Checkbox, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { collator, formatDate } from '../../i18n/format';
import { addFinding, type ChecklistEntry, fetchInspectionPlan, type Inspection, inspectionKeys, planKeys, recordInspection } from './api';
import { CoverageBadge } from './InspectionsPage';
import { PlansHeader } from './shared';

function Checklist({ inspection, editable }: { inspection: Inspection; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [rows, setRows] = useState<ChecklistEntry[]>(inspection.checklist);
  const [conductedOn, setConductedOn] = useState<string | null>(inspection.conductedOn);
  const save = useMutation({
    mutationFn: () => recordInspection(inspection.id, { checklist: rows, conductedOn }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.inspections.saved'));
    },
  });
  const set = (i: number, patch: Partial<ChecklistEntry>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} withTableBorder data-testid={`checklist-${inspection.unit.code}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.inspections.item')}</Table.Th>
              <Table.Th w={190}>{t('plans.inspections.result')}</Table.Th>
              <Table.Th w={240}>{t('plans.inspections.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.item}>
                <Table.Td>
                  <Text size="sm">{r.item}</Text>
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    disabled={!editable}
                    value={r.result ?? 'none'}
                    onChange={(v) => set(i, { result: v === 'none' ? null : (v as 'pass' | 'fail') })}
                    color={r.result === 'fail' ? 'red' : r.result === 'pass' ? 'green' : undefined}
                    data={[
                      { value: 'none', label: '—' },
                      { value: 'pass', label: t('plans.inspections.pass') },
                      { value: 'fail', label: t('plans.inspections.fail') },
                    ]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    disabled={!editable}
                    value={r.note}
                    onChange={(e) => set(i, { note: e.currentTarget.value })}
                    aria-label={t('plans.inspections.note')}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editable ? (
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
          <DateField label={t('plans.inspections.conductedOn')} value={conductedOn} onChange={setConductedOn} clearable w={220} />
          <Button size="xs" onClick={() => save.mutate()} loading={save.isPending} data-testid={`inspection-save-${inspection.unit.code}`}>
            {t('common.save')}
          </Button>
        </Group>
      ) : null}
      {save.isError ? <ErrorAlert error={save.error} /> : null}
    </Stack>
  );
}

function FindingForm({ inspection }: { inspection: Inspection }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [withTask, setWithTask] = useState(true);
  const [work, setWork] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const [person, setPerson] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () =>
      addFinding(inspection.id, {
        text: text.trim(),
        task: withTask ? { work: work.trim(), dueDate: due as string, responsiblePerson: person.trim() || null } : null,
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.inspections.findingAdded'));
      setText('');
      setWork('');
      setDue(null);
      setPerson('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const err: Record<string, string> = {};
    if (!text.trim()) err.text = t('common.required');
    if (withTask && !work.trim()) err.work = t('common.required');
    if (withTask && !due) err.due = t('plans.task.dueRequired');
    setErrors(err);
    if (!Object.keys(err).length) add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Paper withBorder p="xs">
        <Stack gap="xs">
          <Textarea
            label={t('plans.inspections.finding')}
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors.text}
          />
          <Checkbox label={t('plans.inspections.withTask')} checked={withTask} onChange={(e) => setWithTask(e.currentTarget.checked)} />
          {withTask ? (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput
                label={t('plans.task.work')}
                value={work}
                onChange={(e) => setWork(e.currentTarget.value)}
                error={errors.work}
                style={{ gridColumn: 'span 1' }}
              />
              <DateField label={t('plans.task.dueDate')} value={due} onChange={setDue} error={errors.due} />
              <TextInput label={t('plans.task.responsible')} value={person} onChange={(e) => setPerson(e.currentTarget.value)} />
            </SimpleGrid>
          ) : null}
          {add.isError ? <ErrorAlert error={add.error} /> : null}
          <Group justify="flex-end">
            <Button size="xs" type="submit" loading={add.isPending}>
              {t('plans.inspections.addFinding')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}

export default function InspectionPlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const q = useQuery({ queryKey: inspectionKeys.plan(id), queryFn: () => fetchInspectionPlan(id) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data;
  const editable = can('plans.manage');
  return (
    <Stack gap="md">
      <PlansHeader title={p.name} subtitle={t('plans.inspections.planSubtitle', { year: p.year, n: p.inspections.length })} />
      <Group justify="space-between" wrap="wrap">
        <Anchor component={Link} to="/plans/inspections" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t('plans.inspections.back')}
          </Group>
        </Anchor>
        <Group gap="xs">
          <Text size="sm">{t('plans.inspections.coverage')}:</Text>
          <CoverageBadge coverage={p.coverage} testId="plan-coverage" />
          {p.followUpPlanId ? (
            <Anchor component={Link} to={`/plans/${p.followUpPlanId}`} size="sm">
              {t('plans.inspections.followUpPlan')}
            </Anchor>
          ) : null}
        </Group>
      </Group>
      <Accordion variant="separated" multiple>
        {[...p.inspections]
          .sort((a, b) => Number(b.status === 'done') - Number(a.status === 'done') || collator.compare(a.unit.name, b.unit.name))
          .map((i) => (
            <Accordion.Item key={i.id} value={i.id} data-testid={`inspection-${i.unit.code}`}>
              <Accordion.Control>
                <Group justify="space-between" wrap="wrap" gap="xs" pr="xs">
                  <Text fw={600} size="sm">
                    {i.unit.name}
                  </Text>
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {i.conductedOn
                        ? t('plans.inspections.conductedText', { date: formatDate(i.conductedOn) })
                        : t('plans.inspections.plannedText', { date: formatDate(i.plannedDate) })}
                    </Text>
                    <Badge color={i.status === 'done' ? 'green' : 'gray'} variant="light" style={{ textTransform: 'none' }}>
                      {t(`plans.inspections.status.${i.status}`)}
                    </Badge>
                    {i.findings.length ? (
                      <Badge color="orange" variant="light" style={{ textTransform: 'none' }}>
                        {t('plans.inspections.findingCount', { n: i.findings.length })}
                      </Badge>
                    ) : null}
                  </Group>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <Checklist key={`${i.id}-${i.conductedOn}`} inspection={i} editable={editable} />
                  <Text size="sm" fw={600}>
                    {t('plans.inspections.findings')}
                  </Text>
                  {i.findings.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('plans.inspections.noFindings')}
                    </Text>
                  ) : (
                    <Stack gap={4}>
                      {i.findings.map((f) => (
                        <Group key={f.id} gap="xs" justify="space-between" wrap="wrap">
                          <Text size="sm" style={{ flex: '1 1 300px' }}>
                            {f.text}
                          </Text>
                          {f.taskId && p.followUpPlanId ? (
                            <Anchor component={Link} to={`/plans/${p.followUpPlanId}`} size="xs">
                              {t('plans.inspections.followUpTask')}
                            </Anchor>
                          ) : null}
                        </Group>
                      ))}
                    </Stack>
                  )}
                  {editable ? <FindingForm inspection={i} /> : null}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
      </Accordion>
    </Stack>
  );
}
