// "Tiêu chí mất điểm": the leaves where a unit lost points, ranked by the points lost, compared with the group
// average and with last year (through the unit's predecessors after a merge), and the remedial-plan draft (Excel).

import { Alert, Anchor, Button, Center, Group, Loader, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFileSpreadsheet, IconGitMerge, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchWeakLeaves, parKeys, remedialPlanUrl, type WeakLeaf } from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemedialPlanButton } from '../plans/remedial';
import { fmt2, fmtInt, fmtSigned, parseDecimal } from './shared';

function Diff({ value }: { value: string | null }) {
  const n = parseDecimal(value);
  if (n === null) return <Text span>—</Text>;
  return (
    <Text span className="par-num" c={n < 0 ? 'red.8' : n > 0 ? 'green.8' : 'dimmed'} size="sm">
      {fmtSigned(n)}
    </Text>
  );
}

function LostBar({ leaf }: { leaf: WeakLeaf }) {
  const lost = parseDecimal(leaf.lost) ?? 0;
  const max = Math.abs(parseDecimal(leaf.max) ?? 0);
  return <Progress value={max > 0 ? Math.min(100, (lost / max) * 100) : 0} color="red.6" size="sm" aria-hidden />;
}

export function WeakPanel({ assessmentId, onOpenLeaf }: { assessmentId: string; onOpenLeaf: (code: string) => void }) {
  const { t } = useTranslation();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const query = useQuery({ queryKey: parKeys.weak(assessmentId), queryFn: () => fetchWeakLeaves(assessmentId) });

  if (query.isPending)
    return (
      <Center h={160}>
        <Loader size="sm" />
      </Center>
    );
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const w = query.data;

  const title = (leaf: WeakLeaf) => (
    <Anchor
      component="button"
      type="button"
      size="sm"
      ta="left"
      style={{ overflowWrap: 'anywhere' }}
      onClick={() => onOpenLeaf(leaf.code)}
      title={t('par.weak.openLeaf', { code: leaf.code })}
    >
      <Text span ff="monospace" c="dimmed" size="sm" mr={6}>
        {leaf.code}
      </Text>
      {leaf.title ?? ''}
    </Anchor>
  );

  return (
    <Stack gap="sm" data-testid="weak-panel">
      <Paper p="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={4} style={{ flex: '1 1 320px' }}>
            <Title order={3} size="h4">
              {t('par.weak.title')}
            </Title>
            <Text size="sm" data-testid="weak-summary">
              {w.items.length ? t('par.weak.summary', { n: fmtInt(w.items.length), lost: fmt2(w.totalLost) }) : t('par.weak.empty')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('par.weak.groupNote', { n: fmtInt(w.groupSize) })}{' '}
              {w.previousCycle ? t('par.weak.lastYearNote', { name: w.previousCycle.name }) : t('par.weak.noLastYear')}
            </Text>
          </Stack>
          <Button
            component="a"
            href={remedialPlanUrl(assessmentId)}
            download
            variant="light"
            color="green"
            leftSection={<IconFileSpreadsheet size={16} />}
            disabled={w.items.length === 0}
            data-testid="remedial-plan"
            size={isMobile ? 'xs' : 'sm'}
          >
            {t('par.weak.plan')}
          </Button>
          {w.items.length > 0 ? <RemedialPlanButton assessmentId={assessmentId} variant="light" color="grape" size={isMobile ? 'xs' : 'sm'} /> : null}
        </Group>
        {w.lastYearVia.length ? (
          <Alert variant="light" color="grape" icon={<IconGitMerge size={16} />} p="xs" mt="xs">
            <Text size="xs">{t('par.weak.lastYearVia', { units: w.lastYearVia.map((v) => v.name).join('; ') })}</Text>
          </Alert>
        ) : null}
      </Paper>

      {w.items.length === 0 ? (
        <Alert variant="light" color="green" icon={<IconInfoCircle size={16} />}>
          {t('par.weak.empty')}
        </Alert>
      ) : isMobile ? (
        <Paper p={0}>
          <Table data-testid="weak-table" verticalSpacing={8} layout="fixed" horizontalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={30}>#</Table.Th>
                <Table.Th>{t('par.weak.criterion')}</Table.Th>
                <Table.Th w={58} ta="right">
                  {t('par.weak.lost')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {w.items.map((leaf, i) => (
                <Table.Tr key={leaf.code} data-testid={`weak-row-${leaf.code}`}>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" c="dimmed" className="par-num">
                      {i + 1}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {title(leaf)}
                      <LostBar leaf={leaf} />
                      <Text size="xs" c="dimmed" className="par-num">
                        {t('par.weak.ofMax', { points: fmt2(leaf.points), max: fmt2(leaf.max) })}
                        {leaf.groupAverage !== null ? ` · ${t('par.weak.groupAverage')}: ${fmt2(leaf.groupAverage)}` : ''}
                        {leaf.lastYear !== null ? ` · ${t('par.weak.lastYear')}: ${fmt2(leaf.lastYear)}` : ''}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right" style={{ verticalAlign: 'top' }}>
                    <Text fw={700} c="red.8" className="par-num" size="sm">
                      {fmt2(leaf.lost)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Paper p={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table data-testid="weak-table" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} ta="center">
                    #
                  </Table.Th>
                  <Table.Th>{t('par.weak.criterion')}</Table.Th>
                  <Table.Th w={110} ta="right">
                    {t('par.weak.points')}
                  </Table.Th>
                  <Table.Th w={140}>{t('par.weak.lost')}</Table.Th>
                  <Table.Th w={150} ta="right">
                    {t('par.weak.groupAverage')}
                  </Table.Th>
                  <Table.Th w={150} ta="right">
                    {t('par.weak.lastYear')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {w.items.map((leaf, i) => (
                  <Table.Tr key={leaf.code} data-testid={`weak-row-${leaf.code}`}>
                    <Table.Td ta="center" className="par-num">
                      {i + 1}
                    </Table.Td>
                    <Table.Td>{title(leaf)}</Table.Td>
                    <Table.Td ta="right" className="par-num">
                      {t('par.weak.ofMax', { points: fmt2(leaf.points), max: fmt2(leaf.max) })}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" fw={700} c="red.8" className="par-num">
                          {fmt2(leaf.lost)}
                        </Text>
                        <LostBar leaf={leaf} />
                      </Stack>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Stack gap={0} align="flex-end">
                        <Text size="sm" className="par-num">
                          {fmt2(leaf.groupAverage)}
                        </Text>
                        <Diff value={leaf.vsGroupAverage} />
                      </Stack>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Stack gap={0} align="flex-end">
                        <Text size="sm" className="par-num">
                          {fmt2(leaf.lastYear)}
                        </Text>
                        <Diff value={leaf.vsLastYear} />
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
