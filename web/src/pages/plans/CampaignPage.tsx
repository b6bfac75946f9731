// One campaign: every target per unit with its baseline, current value (live from the 766 service index when the
// target is one of its indicators), the 50/100-day milestones, the projection at the next milestone and an early
// warning when the unit's pace will miss it; and the burn-up chart of the chosen target against the required pace.
// This route loads ECharts (lazily, like the PAR dashboard).

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  useMantineTheme,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconBolt, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { collator, formatDate } from '../../i18n/format';
import { type ChartOption, EChart, esc } from '../par/dashboard/EChart';
import { fmtInt, fmtNum, parseDecimal } from '../par/shared';
import { type Campaign, type CampaignTarget, fetchCampaign, planKeys, recordTargetValue } from './api';
import { PlansHeader } from './shared';

type T = (key: string, options?: Record<string, unknown>) => string;

function burnUpOption(
  c: Campaign,
  target: CampaignTarget,
  colors: { actual: string; required: string; milestone: string; warning: string; text: string; grid: string },
  t: T,
): ChartOption {
  const total = Math.max(1, ...target.milestones.map((m) => m.day), c.dayNumber);
  const pts = (s: { day: number; value: string }[]) => s.map((p) => [p.day, parseDecimal(p.value) ?? 0]);
  // the required pace over the whole campaign: from the baseline on day 0 through each milestone
  const pace = [[0, parseDecimal(target.baseline) ?? 0], ...pts([...target.milestones].sort((a, b) => a.day - b.day))];
  const last = target.actual.length ? target.actual[target.actual.length - 1] : null;
  const projection =
    last && target.projection
      ? [
          [last.day, parseDecimal(last.value) ?? 0],
          [target.projection.milestoneDay, parseDecimal(target.projection.projected) ?? 0],
        ]
      : [];
  const dateOf = new Map<number, string>();
  for (const p of [...target.actual, ...target.required, ...target.milestones]) dateOf.set(p.day, p.date);
  return {
    textStyle: { color: colors.text },
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
    legend: { top: 0, textStyle: { color: colors.text } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params) => {
        const list = (Array.isArray(params) ? params : [params]) as { seriesName?: string; value: unknown; marker?: string }[];
        const day = Array.isArray(list[0]?.value) ? (list[0].value as number[])[0] : 0;
        const head = `<b>${esc(t('plans.campaigns.day', { n: day }))}</b>${dateOf.has(day) ? ` · ${esc(formatDate(dateOf.get(day)))}` : ''}`;
        const lines = list.map((p) => `${p.marker ?? ''}${esc(p.seriesName ?? '')}: <b>${esc(fmtNum((p.value as number[])[1]))}</b>`);
        return [head, ...lines].join('<br/>');
      },
    },
    xAxis: { type: 'value', min: 0, max: total, axisLabel: { formatter: (v: number) => fmtInt(v) }, splitLine: { lineStyle: { color: colors.grid } } },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => fmtNum(v) }, splitLine: { lineStyle: { color: colors.grid } } },
    series: [
      {
        name: t('plans.campaigns.required'),
        type: 'line',
        data: pace,
        lineStyle: { type: 'dashed', color: colors.required },
        itemStyle: { color: colors.required },
        showSymbol: false,
      },
      {
        name: t('plans.campaigns.actual'),
        type: 'line',
        data: pts(target.actual),
        lineStyle: { width: 3, color: colors.actual },
        itemStyle: { color: colors.actual },
        symbolSize: 6,
      },
      {
        name: t('plans.campaigns.projection'),
        type: 'line',
        data: projection,
        lineStyle: { type: 'dotted', width: 2, color: target.warning ? colors.warning : colors.actual },
        itemStyle: { color: target.warning ? colors.warning : colors.actual },
        showSymbol: false,
      },
      {
        name: t('plans.campaigns.milestoneLegend'),
        type: 'line',
        data: pts(target.milestones),
        lineStyle: { opacity: 0 },
        symbol: 'diamond',
        symbolSize: 14,
        itemStyle: { color: colors.milestone },
        label: { show: true, position: 'top', formatter: (p: { value: unknown }) => fmtNum((p.value as number[])[1]) },
      },
    ],
  };
}

function RecordModal({ target, onClose }: { target: CampaignTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [day, setDay] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [err, setErr] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => recordTargetValue((target as CampaignTarget).id, { day: day as string, value: value.trim().replace(',', '.'), note: note.trim() }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.campaigns.recorded'));
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const x: Record<string, string> = {};
    if (!day) x.day = t('common.required');
    if (!/^\d{1,12}([.,]\d{1,4})?$/.test(value.trim())) x.value = t('plans.campaigns.numberInvalid');
    setErr(x);
    if (!Object.keys(x).length) save.mutate();
  };
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? t('plans.campaigns.recordTitle', { name: `${target.name} — ${target.unit.name}` }) : ''}>
      <form onSubmit={submit} noValidate data-testid="record-form">
        <Stack gap="sm">
          <DateField label={t('plans.campaigns.recordDay')} required value={day} onChange={setDay} error={err.day} />
          <TextInput
            label={`${t('plans.campaigns.recordValue')}${target ? ` (${target.unitLabel})` : ''}`}
            required
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={err.value}
            data-testid="record-value"
          />
          <Textarea label={t('plans.campaigns.recordNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
          {save.isError ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="record-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function WarningBadge({ target }: { target: CampaignTarget }) {
  const { t } = useTranslation();
  if (target.current === null && !target.warning)
    return (
      <Badge color="gray" variant="light" style={{ textTransform: 'none' }}>
        {t('plans.campaigns.noData')}
      </Badge>
    );
  return target.warning ? (
    <Badge color="red" variant="filled" leftSection={<IconAlertTriangle size={12} />} style={{ textTransform: 'none' }} data-testid="target-warning">
      {t('plans.campaigns.warning')}
    </Badge>
  ) : (
    <Badge color="green" variant="light" leftSection={<IconCircleCheck size={12} />} style={{ textTransform: 'none' }}>
      {t('plans.campaigns.onTrack')}
    </Badge>
  );
}

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const tt = t as unknown as T;
  const theme = useMantineTheme();
  const can = useCan();
  const q = useQuery({ queryKey: planKeys.campaign(id), queryFn: () => fetchCampaign(id) });
  const [onlyWarnings, setOnlyWarnings] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [recording, setRecording] = useState<CampaignTarget | null>(null);
  const c = q.data;
  const targets = useMemo(
    () =>
      [...(c?.targets ?? [])]
        .filter((x) => !onlyWarnings || x.warning)
        .sort((a, b) => Number(b.warning) - Number(a.warning) || collator.compare(a.unit.name, b.unit.name) || collator.compare(a.name, b.name)),
    [c, onlyWarnings],
  );
  const chosen = targets.find((x) => x.id === selected) ?? targets[0] ?? null;
  const option = useMemo(() => {
    const colors = {
      actual: theme.colors.blue[7],
      required: theme.colors.gray[6],
      milestone: theme.colors.orange[6],
      warning: theme.colors.red[7],
      text: theme.colors.dark[7],
      grid: theme.colors.gray[2],
    };
    return c && chosen ? burnUpOption(c, chosen, colors, tt) : null;
  }, [c, chosen, tt, theme]);

  if (q.isPending) return <PageLoader />;
  if (q.isError || !c) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const totalDays = Math.max(...c.targets.flatMap((x) => x.milestones.map((m) => m.day)), 1);

  return (
    <Stack gap="md">
      <PlansHeader
        title={c.name}
        subtitle={`${formatDate(c.startDate)} – ${formatDate(c.endDate)} · ${t('plans.campaigns.dayOf', { n: fmtInt(c.dayNumber), total: fmtInt(totalDays) })}`}
      />
      <Anchor component={Link} to="/plans/campaigns" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('plans.campaigns.back')}
        </Group>
      </Anchor>
      {c.warnings > 0 ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="campaign-warnings">
          {t('plans.campaigns.warnings', { n: fmtInt(c.warnings) })}
        </Alert>
      ) : (
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} data-testid="campaign-warnings">
          {t('plans.campaigns.noWarnings')}
        </Alert>
      )}
      {chosen && option ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="burnup">
          <Group justify="space-between" gap="xs" wrap="wrap" mb={4}>
            <div style={{ minWidth: 0 }}>
              <Title order={3} size="h5">
                {chosen.name} — {chosen.unit.name}
              </Title>
              {chosen.projection ? (
                <Text size="sm" c={chosen.warning ? 'red.8' : 'dimmed'}>
                  {t('plans.campaigns.projected', {
                    day: fmtInt(chosen.projection.milestoneDay),
                    value: `${fmtNum(chosen.projection.projected)} ${chosen.unitLabel}`,
                    target: `${fmtNum(chosen.projection.milestoneValue)} ${chosen.unitLabel}`,
                  })}
                </Text>
              ) : null}
            </div>
            <WarningBadge target={chosen} />
          </Group>
          <EChart option={option} height={280} label={t('plans.campaigns.chart', { name: chosen.name })} testId="burnup-chart" />
        </Paper>
      ) : null}
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={3} size="h4">
              {t('plans.campaigns.targets')}
            </Title>
            <Switch label={t('plans.campaigns.onlyWarnings')} checked={onlyWarnings} onChange={(e) => setOnlyWarnings(e.currentTarget.checked)} />
          </Group>
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing={6} data-testid="target-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.col.unit')}</Table.Th>
                  <Table.Th>{t('plans.campaigns.targetName')}</Table.Th>
                  <Table.Th ta="right">{t('plans.campaigns.baseline')}</Table.Th>
                  <Table.Th ta="right">{t('plans.campaigns.current')}</Table.Th>
                  {c.targets[0]?.milestones.map((m) => (
                    <Table.Th key={m.day} ta="right">
                      {t('plans.campaigns.milestone', { day: fmtInt(m.day) })}
                    </Table.Th>
                  ))}
                  <Table.Th>{t('plans.col.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {targets.map((x) => (
                  <Table.Tr
                    key={x.id}
                    onClick={() => setSelected(x.id)}
                    style={{ cursor: 'pointer' }}
                    bg={chosen?.id === x.id ? 'blue.0' : undefined}
                    data-testid={`target-row-${x.unit.code}`}
                    data-warning={x.warning ? 'true' : 'false'}
                  >
                    <Table.Td>{x.unit.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{x.name}</Text>
                      {x.indicator ? (
                        <Tooltip label={t('plans.campaigns.live')}>
                          <Badge size="xs" variant="light" color="cyan" leftSection={<IconBolt size={10} />} style={{ textTransform: 'none' }}>
                            766
                          </Badge>
                        </Tooltip>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right" className="par-num">
                      {fmtNum(x.baseline)}
                    </Table.Td>
                    <Table.Td ta="right" className="par-num" fw={700}>
                      {x.current === null ? '—' : fmtNum(x.current)}
                    </Table.Td>
                    {x.milestones.map((m) => (
                      <Table.Td key={m.day} ta="right" className="par-num">
                        {fmtNum(m.value)}
                        <Text size="xs" c="dimmed">
                          {formatDate(m.date)}
                        </Text>
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <WarningBadge target={x} />
                    </Table.Td>
                    <Table.Td>
                      {!x.indicator && can('plans.report') ? (
                        <Button
                          data-testid={`target-record-${x.unit.code}`}
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconPencil size={12} />}
                          onClick={(e) => {
                            e.stopPropagation();
                            setRecording(x);
                          }}
                        >
                          {t('plans.campaigns.record')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Paper>
      <RecordModal key={recording?.id ?? 'none'} target={recording} onClose={() => setRecording(null)} />
    </Stack>
  );
}
