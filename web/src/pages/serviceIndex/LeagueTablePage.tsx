import { Anchor, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fetchScores, SI_GROUPS, type SiGroupScore, siKeys } from '../../api/serviceIndex';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { collator } from '../../i18n/format';
import { fmt2, fmtInt } from '../par/shared';
import { ClassBadge, PeriodSelect, ProvisionalBadge, usePeriod, usePeriodLabel } from './shared';

export function GroupCell({ group }: { group: SiGroupScore }) {
  const { t } = useTranslation();
  if (!group.provided)
    return (
      <Text size="xs" c="dimmed" fs="italic">
        {t('serviceIndex.noData')}
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Text size="sm">{fmt2(group.score)}</Text>
      {group.provisional ? <ProvisionalBadge /> : null}
    </Group>
  );
}

/** ▲ 3 / ▼ 2 / = against the previous period's rank; "mới" for a unit without one. */
export function RankChange({
  change,
  previousRank,
  previousPeriod,
}: {
  change: number | null | undefined;
  previousRank: number | null | undefined;
  previousPeriod?: string;
}) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  if (change === undefined) return null;
  if (change === null || previousRank === null || previousRank === undefined)
    return (
      <Text size="xs" c="dimmed" data-testid="si-rank-change">
        {t('serviceIndex.rankNew')}
      </Text>
    );
  const hint = t('serviceIndex.rankChangeHint', { period: previousPeriod ? label(previousPeriod) : '', rank: previousRank });
  const text = change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=';
  const aria = change > 0 ? t('serviceIndex.rankUp', { n: change }) : change < 0 ? t('serviceIndex.rankDown', { n: -change }) : t('serviceIndex.rankSame');
  return (
    <Tooltip label={hint}>
      <Text size="xs" fw={600} c={change > 0 ? 'teal.8' : change < 0 ? 'red.8' : 'dimmed'} aria-label={aria} data-testid="si-rank-change">
        {text}
      </Text>
    </Tooltip>
  );
}

export default function LeagueTablePage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [period, setPeriod] = usePeriod();
  const periodLabel = usePeriodLabel();
  const scores = useQuery({ queryKey: siKeys.scores(period), queryFn: () => fetchScores(period) });

  const rows = useMemo(() => {
    const d = scores.data;
    if (!d) return [];
    return [...d.units].sort((a, b) => a.rank - b.rank || collator.compare(d.names[a.unitId]?.name ?? '', d.names[b.unitId]?.name ?? ''));
  }, [scores.data]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('serviceIndex.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('serviceIndex.leagueTitle')} · {periodLabel(period)}
          </Text>
        </div>
        <Group align="flex-end" wrap="wrap">
          <PeriodSelect value={period} onChange={setPeriod} />
          {can('serviceIndex.manage') ? (
            <Button component={Link} to="/service-index/import" variant="light" leftSection={<IconUpload size={16} />}>
              {t('serviceIndex.importLink')}
            </Button>
          ) : null}
        </Group>
      </Group>

      {scores.isPending ? <PageLoader /> : null}
      {scores.isError ? <ErrorAlert error={scores.error} onRetry={() => void scores.refetch()} /> : null}
      {scores.data ? (
        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          {rows.length === 0 ? (
            <Text c="dimmed" data-testid="si-empty">
              {t('serviceIndex.empty')}
            </Text>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('serviceIndex.unitCount', { n: fmtInt(rows.length) })} · {t('serviceIndex.rowHint')}
              </Text>
              <Table.ScrollContainer minWidth={1050}>
                <Table striped highlightOnHover data-testid="si-table" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={60}>{t('serviceIndex.rank')}</Table.Th>
                      <Table.Th w={70} title={scores.data.previousPeriod ? periodLabel(scores.data.previousPeriod) : undefined}>
                        {t('serviceIndex.previousRank')}
                      </Table.Th>
                      <Table.Th>{t('serviceIndex.unit')}</Table.Th>
                      <Table.Th ta="right">{t('serviceIndex.total')}</Table.Th>
                      <Table.Th>{t('serviceIndex.class')}</Table.Th>
                      {SI_GROUPS.map((g) => (
                        <Table.Th key={g} ta="right" title={t(`serviceIndex.group.${g}`)}>
                          {t(`serviceIndex.groupShort.${g}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((u) => {
                      const name = scores.data.names[u.unitId];
                      const to = `/service-index/units/${u.unitId}?period=${encodeURIComponent(period)}`;
                      return (
                        <Table.Tr key={u.unitId} data-testid={`si-row-${name?.code ?? u.unitId}`} style={{ cursor: 'pointer' }} onClick={() => navigate(to)}>
                          <Table.Td fw={700}>{u.rank}</Table.Td>
                          <Table.Td>
                            <RankChange change={u.rankChange} previousRank={u.previousRank} previousPeriod={scores.data.previousPeriod} />
                          </Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={to} size="sm" fw={600} onClick={(e) => e.stopPropagation()}>
                              {name?.name ?? u.unitId}
                            </Anchor>
                            {name ? (
                              <Text size="xs" c="dimmed">
                                {name.code}
                              </Text>
                            ) : null}
                          </Table.Td>
                          <Table.Td ta="right">
                            <Group gap={4} wrap="nowrap" justify="flex-end">
                              <Text fw={700}>{fmt2(u.total)}</Text>
                              {u.provisional ? <ProvisionalBadge /> : null}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <ClassBadge name={u.class} provisional={u.classProvisional} missingGroups={u.missingGroups} />
                          </Table.Td>
                          {SI_GROUPS.map((g) => (
                            <Table.Td key={g} ta="right">
                              <GroupCell group={u.groups[g]} />
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          )}
        </Paper>
      ) : null}
    </Stack>
  );
}
