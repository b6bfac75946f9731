// The survey plan: name, period, units with their target sample and (optionally) population size, quotas by
// stratum. Editable while the survey is a draft.

import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIPAS_ELEMENTS } from '../../../../src/domain/surveys/questionnaire.ts';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { UnitMultiSelect } from '../../components/UnitSelect';
import { formatDate } from '../../i18n/format';
import { fmtInt, fmtNum } from '../par/shared';
import { type Quota, type Survey, savePlan, surveyKeys } from './api';
import { useUnits } from './shared';

interface PlanUnit {
  unitId: string;
  name: string;
  target: number;
  frameSize: number | null;
}

const DIMENSIONS = ['field', 'channel', 'sex', 'ageGroup'] as const;

export function PlanTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const allUnits = useUnits();
  const editable = can('survey.manage') && survey.status === 'draft';
  const [name, setName] = useState(survey.name);
  const [from, setFrom] = useState<string | null>(survey.periodFrom);
  const [to, setTo] = useState<string | null>(survey.periodTo);
  const [units, setUnits] = useState<PlanUnit[]>(survey.units.map((u) => ({ unitId: u.unitId, name: u.unitName, target: u.target, frameSize: u.frameSize })));
  const [quotas, setQuotas] = useState<Quota[]>(survey.quotas);
  const [parFeed, setParFeed] = useState<Survey['parFeed']>(survey.parFeed);
  const [adding, setAdding] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: () =>
      savePlan(survey.id, {
        name: name.trim(),
        periodFrom: from ?? '',
        periodTo: to ?? '',
        units: units.map((u) => ({ unitId: u.unitId, target: u.target, ...(u.frameSize !== null ? { frameSize: u.frameSize } : {}) })),
        quotas: quotas.map((q) => ({ ...q, share: q.share.replace(',', '.') })),
        parFeed: parFeed.filter((f) => f.nodeCode.trim() !== '').map((f) => ({ nodeCode: f.nodeCode.trim(), measure: f.measure })),
      }),
    onSuccess: (s) => {
      qc.setQueryData(surveyKeys.survey(survey.id), s);
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      notifySuccess(t('common.saved'));
    },
  });
  const total = units.reduce((a, u) => a + u.target, 0);

  return (
    <Stack gap="md">
      {!editable ? (
        <Alert color="gray" variant="light">
          {t('surveys.plan.readonly')}
        </Alert>
      ) : null}
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <Card withBorder radius="md" padding="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput label={t('surveys.create.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
              {editable ? (
                <>
                  <DateField label={t('surveys.create.periodFrom')} value={from} onChange={setFrom} />
                  <DateField label={t('surveys.create.periodTo')} value={to} onChange={setTo} />
                </>
              ) : (
                <Text size="sm" mt={24}>
                  {t('surveys.plan.period')}: {formatDate(survey.periodFrom)} – {formatDate(survey.periodTo)}
                </Text>
              )}
            </SimpleGrid>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={4}>{t('surveys.plan.units')}</Title>
                <Text size="sm" c="dimmed">
                  {t('surveys.plan.totalTarget', { n: fmtInt(total) })}
                </Text>
              </Group>
              <Table.ScrollContainer minWidth={560}>
                <Table data-testid="plan-units">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('surveys.plan.unit')}</Table.Th>
                      <Table.Th w={140}>{t('surveys.plan.target')}</Table.Th>
                      <Table.Th w={180}>{t('surveys.plan.frameSize')}</Table.Th>
                      <Table.Th w={50} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {units.map((u, i) => (
                      <Table.Tr key={u.unitId}>
                        <Table.Td>{u.name}</Table.Td>
                        <Table.Td>
                          <NumberInput
                            size="xs"
                            min={1}
                            aria-label={t('surveys.plan.target')}
                            value={u.target}
                            onChange={(v) => setUnits(units.map((x, j) => (j === i ? { ...x, target: Math.max(1, Math.floor(Number(v) || 1)) } : x)))}
                            thousandSeparator="."
                            decimalSeparator=","
                          />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            size="xs"
                            min={0}
                            aria-label={t('surveys.plan.frameSize')}
                            title={t('surveys.plan.frameSizeHelp')}
                            value={u.frameSize ?? ''}
                            onChange={(v) =>
                              setUnits(units.map((x, j) => (j === i ? { ...x, frameSize: v === '' ? null : Math.max(0, Math.floor(Number(v))) } : x)))
                            }
                            thousandSeparator="."
                            decimalSeparator=","
                          />
                        </Table.Td>
                        <Table.Td>
                          {editable ? (
                            <ActionIcon variant="subtle" color="red" aria-label={t('common.remove')} onClick={() => setUnits(units.filter((_, j) => j !== i))}>
                              <IconTrash size={16} />
                            </ActionIcon>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {editable ? (
                <Group align="flex-end" gap="xs">
                  <UnitMultiSelect
                    style={{ flex: 1 }}
                    label={t('surveys.plan.addUnits')}
                    units={allUnits.filter((u) => !units.some((x) => x.unitId === u.id))}
                    value={adding}
                    onChange={setAdding}
                  />
                  <Button
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => {
                      const target = units[0]?.target ?? 50;
                      setUnits([
                        ...units,
                        ...adding.map((id) => ({ unitId: id, name: allUnits.find((u) => u.id === id)?.name ?? id, target, frameSize: null })),
                      ]);
                      setAdding([]);
                    }}
                    disabled={adding.length === 0}
                  >
                    {t('common.add')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Stack gap="xs">
              <Title order={4}>{t('surveys.plan.quotas')}</Title>
              <Text size="xs" c="dimmed">
                {t('surveys.plan.quotasHelp')}
              </Text>
              {quotas.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('surveys.plan.noQuotas')}
                </Text>
              ) : null}
              {quotas.map((q, i) => (
                <Group
                  // biome-ignore lint/suspicious/noArrayIndexKey: quota rows are edited in place and addressed by position
                  key={`${i}-${quotas.length}`}
                  gap="xs"
                  align="flex-end"
                  wrap="nowrap"
                >
                  <Select
                    w={160}
                    label={i === 0 ? t('surveys.plan.dimension') : undefined}
                    aria-label={t('surveys.plan.dimension')}
                    value={q.dimension}
                    allowDeselect={false}
                    data={DIMENSIONS.map((d) => ({ value: d, label: t(`surveys.dimension.${d}`) }))}
                    onChange={(v) => setQuotas(quotas.map((x, j) => (j === i ? { ...x, dimension: (v ?? 'field') as Quota['dimension'] } : x)))}
                  />
                  <TextInput
                    style={{ flex: 1 }}
                    label={i === 0 ? t('surveys.plan.value') : undefined}
                    aria-label={t('surveys.plan.value')}
                    value={q.value}
                    onChange={(e) => setQuotas(quotas.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))}
                  />
                  <TextInput
                    w={100}
                    label={i === 0 ? t('surveys.plan.share') : undefined}
                    aria-label={t('surveys.plan.share')}
                    value={editable ? q.share : fmtNum(q.share)}
                    onChange={(e) => setQuotas(quotas.map((x, j) => (j === i ? { ...x, share: e.currentTarget.value } : x)))}
                  />
                  {editable ? (
                    <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('common.remove')} onClick={() => setQuotas(quotas.filter((_, j) => j !== i))}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
              {editable ? (
                <Group>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setQuotas([...quotas, { dimension: 'channel', value: '', share: '0.5' }])}
                  >
                    {t('surveys.plan.addQuota')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Stack gap="xs">
              <Title order={4}>{t('surveys.plan.parFeed')}</Title>
              <Text size="xs" c="dimmed">
                {t('surveys.plan.parFeedHelp')}
              </Text>
              {parFeed.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('surveys.plan.noParFeed')}
                </Text>
              ) : null}
              {parFeed.map((f, i) => (
                <Group
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and addressed by position
                  key={`${i}-${parFeed.length}`}
                  gap="xs"
                  align="flex-end"
                  wrap="nowrap"
                >
                  <TextInput
                    w={160}
                    label={i === 0 ? t('surveys.plan.nodeCode') : undefined}
                    aria-label={t('surveys.plan.nodeCode')}
                    value={f.nodeCode}
                    onChange={(e) => setParFeed(parFeed.map((x, j) => (j === i ? { ...x, nodeCode: e.currentTarget.value } : x)))}
                  />
                  <Select
                    style={{ flex: 1 }}
                    label={i === 0 ? t('surveys.plan.measure') : undefined}
                    aria-label={t('surveys.plan.measure')}
                    value={f.measure}
                    allowDeselect={false}
                    data={[
                      { value: 'overall', label: t('surveys.plan.measureOverall') },
                      ...SIPAS_ELEMENTS.map((e) => ({ value: e, label: t(`surveys.elements.${e}`) })),
                    ]}
                    onChange={(v) => setParFeed(parFeed.map((x, j) => (j === i ? { ...x, measure: v ?? 'overall' } : x)))}
                  />
                  {editable ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mb={4}
                      aria-label={t('common.remove')}
                      onClick={() => setParFeed(parFeed.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
              {editable ? (
                <Group>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setParFeed([...parFeed, { nodeCode: '', measure: 'overall' }])}
                  >
                    {t('surveys.plan.addParFeed')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Card>
        </Stack>
      </fieldset>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {editable ? (
        <Group>
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => save.mutate()} loading={save.isPending} data-testid="plan-save">
            {t('surveys.plan.save')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
