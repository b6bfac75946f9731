// The registered plans (kế hoạch): number, date, issuer, title, and how far their tasks are.

import { Anchor, Button, Group, Paper, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconListCheck, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { fetchPlans, PLAN_KINDS, type PlanKind, type PlanSummary, planKeys } from './api';
import { PlanFormModal } from './PlanFormModal';
import { RemedialPlanModal } from './remedial';
import { KindBadge, PlanStatusBadge, PlansHeader } from './shared';

function Done({ p }: { p: PlanSummary }) {
  const pct = p.taskCount > 0 ? Math.round((p.doneCount / p.taskCount) * 100) : 0;
  return (
    <Stack gap={2} miw={110}>
      <Text size="xs" className="par-num">
        {fmtInt(p.doneCount)}/{fmtInt(p.taskCount)}
      </Text>
      <Progress value={pct} size="sm" color={p.lateCount > 0 ? 'orange' : 'green'} aria-label={`${pct}%`} />
    </Stack>
  );
}

export default function PlansPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [kind, setKind] = useState<PlanKind | null>(null);
  const [creating, setCreating] = useState(false);
  const [remedial, setRemedial] = useState(false);
  const list = useQuery({ queryKey: planKeys.list(kind ?? undefined), queryFn: () => fetchPlans(kind ?? undefined) });

  return (
    <Stack gap="md">
      <PlansHeader
        title={t('plans.title')}
        subtitle={t('plans.subtitle')}
        actions={
          can('plans.manage') ? (
            <>
              <Button variant="light" color="grape" leftSection={<IconListCheck size={16} />} onClick={() => setRemedial(true)} data-testid="remedial-open">
                {t('plans.remedial.draft')}
              </Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="plan-new">
                {t('plans.newPlan')}
              </Button>
            </>
          ) : null
        }
      />
      <Group>
        <Select
          aria-label={t('plans.filterKind')}
          placeholder={t('plans.filterKind')}
          clearable
          data={PLAN_KINDS.map((k) => ({ value: k, label: t(`plans.kind.${k}`) }))}
          value={kind}
          onChange={(v) => setKind(v as PlanKind | null)}
          w={240}
        />
      </Group>
      {list.isPending ? <PageLoader /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <Text c="dimmed">{t('plans.empty')}</Text> : null}
      {list.data && list.data.length > 0 ? (
        isMobile ? (
          <Stack gap="xs" data-testid="plan-list">
            {list.data.map((p) => (
              <Paper key={p.id} p="sm" withBorder component={Link} to={`/plans/${p.id}`} style={{ textDecoration: 'none', color: 'inherit' }}>
                <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
                  <Text fw={700} size="sm">
                    {p.number}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(p.date)}
                  </Text>
                </Group>
                <Text size="sm" lineClamp={3}>
                  {p.title}
                </Text>
                <Group gap={6} mt={6} justify="space-between">
                  <Group gap={4}>
                    <KindBadge kind={p.kind} size="xs" />
                    <PlanStatusBadge status={p.status} size="xs" />
                  </Group>
                  <Done p={p} />
                </Group>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper p={0} withBorder>
            <Table.ScrollContainer minWidth={960}>
              <Table highlightOnHover verticalSpacing="xs" data-testid="plan-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('plans.col.number')}</Table.Th>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('plans.col.date')}</Table.Th>
                    <Table.Th miw={260}>{t('plans.col.title')}</Table.Th>
                    <Table.Th miw={150}>{t('plans.col.issuer')}</Table.Th>
                    <Table.Th>{t('plans.col.progress')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {t('plans.col.late')}
                    </Table.Th>
                    <Table.Th miw={140}>{t('plans.col.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.map((p) => (
                    <Table.Tr key={p.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/plans/${p.id}`)} data-testid={`plan-row-${p.number}`}>
                      <Table.Td w={170}>
                        <Anchor component={Link} to={`/plans/${p.id}`} fw={600} onClick={(e) => e.stopPropagation()}>
                          {p.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.date)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {p.title}
                        </Text>
                        {p.kind !== 'plan' ? <KindBadge kind={p.kind} size="xs" mt={4} /> : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{p.issuer}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Done p={p} />
                      </Table.Td>
                      <Table.Td ta="right" c={p.lateCount > 0 ? 'red.8' : 'dimmed'} fw={p.lateCount > 0 ? 700 : 400}>
                        {fmtInt(p.lateCount)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <PlanStatusBadge status={p.status} styles={{ label: { overflow: 'visible' } }} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )
      ) : null}
      <RemedialPlanModal opened={remedial} onClose={() => setRemedial(false)} />
      <PlanFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onDone={(p) => {
          setCreating(false);
          navigate(`/plans/${p.id}`);
        }}
      />
    </Stack>
  );
}
