import { Anchor, Badge, Breadcrumbs, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCalculator, IconClockExclamation, IconFileAlert, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type DrillFilter,
  drillFilterFor,
  fetchScores,
  SI_GROUPS,
  type SiCounts,
  type SiGroup,
  type SiIndicator,
  type SiScores,
  siKeys,
  simulateScores,
} from '../../api/serviceIndex';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { fmt2, fmtInt, fmtNum, parseDecimal } from '../par/shared';
import { CountsModal } from './CountsModal';
import { ClassBadge, PeriodSelect, ProvisionalBadge, useCountLabel, usePeriod, usePeriodLabel } from './shared';

function lostPoints(ind: SiIndicator): boolean {
  const p = parseDecimal(ind.points);
  const m = parseDecimal(ind.max);
  return p !== null && m !== null && p < m;
}

function IndicatorTable({ group, indicators, drillTo }: { group: SiGroup; indicators: SiIndicator[]; drillTo: (filter: DrillFilter) => string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing={6} data-testid={`si-group-${group}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('serviceIndex.detail.code')}</Table.Th>
            <Table.Th>{t('serviceIndex.detail.indicator')}</Table.Th>
            <Table.Th ta="right">{t('serviceIndex.detail.numerator')}</Table.Th>
            <Table.Th ta="right">{t('serviceIndex.detail.denominator')}</Table.Th>
            <Table.Th ta="right">{t('serviceIndex.detail.ratio')}</Table.Th>
            <Table.Th ta="right">{t('serviceIndex.detail.points')}</Table.Th>
            <Table.Th ta="right">{t('serviceIndex.detail.max')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {indicators.map((ind) => (
            <Table.Tr key={ind.code} data-testid={`si-ind-${ind.code}`}>
              <Table.Td>{ind.code}</Table.Td>
              <Table.Td>
                <Text size="sm">{ind.name}</Text>
                <Group gap={6} mt={2}>
                  {ind.status !== 'computed' ? (
                    <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                      {t(`serviceIndex.detail.status.${ind.status}`)}
                    </Badge>
                  ) : null}
                  {ind.provisional ? <ProvisionalBadge /> : null}
                  {drillFilterFor(ind.code) && lostPoints(ind) ? (
                    <Anchor component={Link} to={drillTo(drillFilterFor(ind.code)!)} size="xs" data-testid={`si-drill-${ind.code}`}>
                      <Group gap={4} wrap="nowrap">
                        <IconFileAlert size={14} />
                        {t('serviceIndex.detail.drillLate')}
                      </Group>
                    </Anchor>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td ta="right">{ind.numerator === null ? '—' : fmtNum(ind.numerator)}</Table.Td>
              <Table.Td ta="right">{ind.denominator === null ? '—' : fmtNum(ind.denominator)}</Table.Td>
              <Table.Td ta="right">{ind.ratio === null ? '—' : `${fmt2(ind.ratio)}%`}</Table.Td>
              <Table.Td ta="right" fw={600} c={lostPoints(ind) ? 'red.8' : undefined}>
                {fmt2(ind.points)}
              </Table.Td>
              <Table.Td ta="right">{fmt2(ind.max)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WhatIfPanel({ data, unitId, period }: { data: SiScores; unitId: string; period: string }) {
  const { t } = useTranslation();
  const original = data.counts?.[unitId];
  const [draft, setDraft] = useState<SiCounts>(() => structuredClone(original ?? {}));
  useEffect(() => {
    setDraft(structuredClone(original ?? {}));
  }, [original]);
  const current = data.units.find((u) => u.unitId === unitId);
  const sim = useMutation({
    mutationFn: () =>
      simulateScores(
        period,
        data.units.map((u) => ({ unitId: u.unitId, counts: u.unitId === unitId ? draft : (data.counts?.[u.unitId] ?? {}) })),
      ),
  });
  const countLabel = useCountLabel();
  if (!original || !current) return null;
  const result = sim.data?.units.find((u) => u.unitId === unitId);
  const groups = SI_GROUPS.filter((g) => original[g] && Object.keys(original[g] ?? {}).length > 0);

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="si-whatif">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('serviceIndex.whatIf.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('serviceIndex.whatIf.hint')}
          </Text>
        </div>
        {groups.map((g) => (
          <Stack key={g} gap={4}>
            <Text fw={600} size="sm">
              {t(`serviceIndex.group.${g}`)}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              {Object.keys(original[g] ?? {}).map((key) => (
                <NumberInput
                  key={key}
                  label={countLabel(key)}
                  min={0}
                  allowDecimal={false}
                  allowNegative={false}
                  thousandSeparator="."
                  decimalSeparator=","
                  value={draft[g]?.[key] ?? 0}
                  onChange={(v) => setDraft((d) => ({ ...d, [g]: { ...(d[g] ?? {}), [key]: typeof v === 'number' ? v : Number(v) || 0 } }))}
                  data-testid={`si-whatif-${g}-${key}`}
                />
              ))}
            </SimpleGrid>
          </Stack>
        ))}
        <Group>
          <Button leftSection={<IconCalculator size={16} />} onClick={() => sim.mutate()} loading={sim.isPending} data-testid="si-whatif-compute">
            {t('serviceIndex.whatIf.compute')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} />}
            onClick={() => {
              setDraft(structuredClone(original));
              sim.reset();
            }}
          >
            {t('serviceIndex.whatIf.reset')}
          </Button>
        </Group>
        {sim.isError ? <ErrorAlert error={sim.error} /> : null}
        {result ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" data-testid="si-whatif-result">
            {[
              { label: t('serviceIndex.whatIf.current'), u: current, n: data.units.length },
              { label: t('serviceIndex.whatIf.result'), u: result, n: sim.data?.units.length ?? 0 },
            ].map(({ label, u, n }) => (
              <Paper key={label} withBorder p="sm" bg="gray.0">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Group gap="sm" align="center">
                  <Text fw={800} size="xl" data-testid={label === t('serviceIndex.whatIf.result') ? 'si-whatif-total' : undefined}>
                    {fmt2(u.total)}
                  </Text>
                  <ClassBadge name={u.class} provisional={u.classProvisional} missingGroups={u.missingGroups} />
                  <Text size="sm">{t('serviceIndex.detail.rankOf', { rank: fmtInt(u.rank), n: fmtInt(n) })}</Text>
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
        ) : null}
      </Stack>
    </Paper>
  );
}

export default function UnitDetailPage() {
  const { unitId = '' } = useParams();
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const periodLabel = usePeriodLabel();
  const scores = useQuery({ queryKey: siKeys.scores(period), queryFn: () => fetchScores(period) });
  const unit = useMemo(() => scores.data?.units.find((u) => u.unitId === unitId), [scores.data, unitId]);
  const name = scores.data?.names[unitId];
  const back = `/service-index?period=${encodeURIComponent(period)}`;
  const drillTo = (filter: DrillFilter) => `/service-index/units/${unitId}/dossiers?period=${encodeURIComponent(period)}&filter=${filter}`;
  const can = useCan();
  const countLabel = useCountLabel();
  const [countsGroup, setCountsGroup] = useState<SiGroup | null>(null);
  const missingCounts = scores.data?.missingCounts?.[unitId];

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={back} size="sm">
          {t('serviceIndex.detail.back')}
        </Anchor>
        <Text size="sm">{name?.name ?? unitId}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} data-testid="si-unit-name">
            {name?.name ?? unitId}
          </Title>
          <Text c="dimmed" size="sm">
            {periodLabel(period)}
          </Text>
        </div>
        <Group align="flex-end" wrap="wrap">
          <Button
            component={Link}
            to={`/service-index/units/${unitId}/overdue`}
            variant="light"
            leftSection={<IconClockExclamation size={16} />}
            data-testid="si-overdue-link"
          >
            {t('serviceIndex.overdue.link')}
          </Button>
          <PeriodSelect value={period} onChange={setPeriod} />
        </Group>
      </Group>
      {scores.isPending ? <PageLoader /> : null}
      {scores.isError ? <ErrorAlert error={scores.error} onRetry={() => void scores.refetch()} /> : null}
      {scores.data && !unit ? <Text c="dimmed">{t('serviceIndex.detail.notFound')}</Text> : null}
      {scores.data && unit ? (
        <>
          <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
            <Group gap="lg" wrap="wrap">
              <div>
                <Text size="xs" c="dimmed">
                  {t('serviceIndex.total')}
                </Text>
                <Group gap={6}>
                  <Text fw={800} size="xl" data-testid="si-unit-total">
                    {fmt2(unit.total)}
                  </Text>
                  <Text c="dimmed">/ {fmt2(unit.max)}</Text>
                  {unit.provisional ? <ProvisionalBadge /> : null}
                </Group>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t('serviceIndex.class')}
                </Text>
                <ClassBadge name={unit.class} provisional={unit.classProvisional} missingGroups={unit.missingGroups} />
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t('serviceIndex.rank')}
                </Text>
                <Text fw={700}>{t('serviceIndex.detail.rankOf', { rank: fmtInt(unit.rank), n: fmtInt(scores.data.units.length) })}</Text>
              </div>
            </Group>
          </Paper>
          {SI_GROUPS.map((g) => {
            const group = unit.groups[g];
            return (
              <Paper key={g} withBorder p={{ base: 'sm', sm: 'md' }}>
                <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
                  <Group gap="xs">
                    <Title order={4}>{t(`serviceIndex.group.${g}`)}</Title>
                    {group.provisional ? <ProvisionalBadge /> : null}
                  </Group>
                  <Group gap="sm">
                    {group.provided ? (
                      <Text size="sm" fw={600}>
                        {t('serviceIndex.detail.groupScore', { score: fmt2(group.score), max: fmt2(group.max), rank: fmtInt(group.rank) })}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed" fs="italic">
                        {t('serviceIndex.noData')}
                      </Text>
                    )}
                    {can('serviceIndex.manage') ? (
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconPencil size={14} />}
                        onClick={() => setCountsGroup(g)}
                        data-testid={`si-counts-${g}`}
                      >
                        {t('serviceIndex.counts.enter')}
                      </Button>
                    ) : null}
                  </Group>
                </Group>
                {missingCounts?.[g] ? (
                  <Text size="sm" c="orange.8" mb="xs" data-testid={`si-missing-${g}`}>
                    {t('serviceIndex.counts.missingShort', { names: missingCounts[g].map(countLabel).join('; ') })}
                  </Text>
                ) : null}
                {group.provided ? <IndicatorTable group={g} indicators={group.indicators} drillTo={drillTo} /> : null}
              </Paper>
            );
          })}
          <WhatIfPanel data={scores.data} unitId={unitId} period={period} />
        </>
      ) : null}
      {scores.data ? <CountsModal unitId={unitId} period={period} group={countsGroup} onClose={() => setCountsGroup(null)} /> : null}
    </Stack>
  );
}
