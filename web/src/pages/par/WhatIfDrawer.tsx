import { Alert, Badge, Button, Center, Drawer, Group, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCalculator, IconInfoCircle, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ComputeUnitResult, computeWhatIf, type Framework, fetchAssessment, parKeys, type Results } from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { foldText } from '../../i18n/format';
import { buildTree, currentPoints, decimalSeparator, fmt2, fmtInt, fmtPct, fmtSigned, leafBounds, leavesOf, parseDecimal, toApiPoints } from './shared';

/**
 * What-if: change some leaf points of one unit and see its new total, index, class, and the rank it would have
 * among the published indices of the other units (POST /api/par/compute writes nothing).
 */
export default function WhatIfDrawer({
  results,
  framework,
  assessmentOf,
  initialUnitId,
  onClose,
}: {
  results: Results;
  framework: Framework;
  assessmentOf: ReadonlyMap<string, string>;
  initialUnitId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(initialUnitId ?? results.items[0]?.unitId ?? null);
  const [edits, setEdits] = useState<Record<string, string | number>>({});
  const [q, setQ] = useState('');
  const [changedOnly, setChangedOnly] = useState(false);
  const assessmentId = unitId ? assessmentOf.get(unitId) : undefined;
  const view = useQuery({ queryKey: parKeys.assessment(assessmentId ?? ''), queryFn: () => fetchAssessment(assessmentId as string), enabled: !!assessmentId });
  const published = results.items.find((i) => i.unitId === unitId) ?? null;
  const surveyIncluded = results.cycle.surveyIncluded;

  const leaves = useMemo(() => leavesOf(buildTree(framework.nodes)).filter((l) => surveyIncluded || l.node.source !== 'survey'), [framework, surveyIncluded]);
  const base = useMemo(() => {
    const m = new Map<string, number | null>();
    for (const s of view.data?.scores ?? []) m.set(s.nodeCode, parseDecimal(currentPoints(s)));
    return m;
  }, [view.data]);

  const pointsOf = (code: string): number | null => (code in edits ? parseDecimal(edits[code]) : (base.get(code) ?? null));
  const changed = leaves.filter((l) => l.node.code in edits && parseDecimal(edits[l.node.code]) !== (base.get(l.node.code) ?? null));

  const compute = useMutation({
    mutationFn: () =>
      computeWhatIf({
        framework: { nodes: framework.nodes, classes: framework.classes },
        surveyIncluded,
        units: [
          {
            unitId: unitId as string,
            scores: Object.fromEntries(
              leaves.map((l) => {
                const v = pointsOf(l.node.code);
                return [l.node.code, v === null ? null : toApiPoints(v)];
              }),
            ),
          },
        ],
      }).then((r) => r.units[0] as ComputeUnitResult),
  });

  const wouldRank = (index: string | null): number | null => {
    const v = parseDecimal(index);
    if (v === null) return null;
    return 1 + results.items.filter((i) => i.unitId !== unitId && Number(i.index) > v).length;
  };

  const needle = foldText(q.trim());
  const shown = leaves.filter(
    (l) => (!changedOnly || changed.includes(l)) && (!needle || l.node.code.includes(needle) || foldText(l.node.title).includes(needle)),
  );
  const res = compute.data;
  const areas = results.areas.filter((a) => Number(a.maxPoints) > 0);

  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={t('par.whatIf.title')} data-testid="whatif-drawer">
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t('par.whatIf.hint')}</Text>
        </Alert>
        <Select
          label={t('par.whatIf.unit')}
          data={results.items.map((i) => ({ value: i.unitId, label: `${i.rank}. ${i.unitName}` }))}
          value={unitId}
          onChange={(v) => {
            setUnitId(v);
            setEdits({});
            compute.reset();
          }}
          searchable
          allowDeselect={false}
          data-testid="whatif-unit"
        />

        {view.isPending && assessmentId ? (
          <Center h={120}>
            <Loader size="sm" />
          </Center>
        ) : view.isError ? (
          <ErrorAlert error={view.error} onRetry={() => void view.refetch()} />
        ) : !assessmentId ? (
          <Text size="sm" c="dimmed">
            {t('par.whatIf.noAssessment')}
          </Text>
        ) : (
          <>
            <Paper p="sm" bg="gray.0">
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                <Stat label={t('par.results.total')} before={published ? fmt2(published.total) : '—'} after={res ? fmt2(res.total) : null} />
                <Stat
                  label={t('par.results.index')}
                  before={published ? fmtPct(published.index) : '—'}
                  after={res ? fmtPct(res.index) : null}
                  testId="whatif-index"
                />
                <Stat label={t('par.results.class')} before={published?.class ?? '—'} after={res ? (res.class ?? t('par.noClass')) : null} />
                <Stat
                  label={t('par.whatIf.rank')}
                  before={published ? String(published.rank) : '—'}
                  after={res ? String(wouldRank(res.index) ?? '—') : null}
                  testId="whatif-rank"
                />
              </SimpleGrid>
              {res && published ? (
                <Text size="xs" c="dimmed" mt={6} data-testid="whatif-delta">
                  {t('par.whatIf.delta', {
                    points: fmtSigned((parseDecimal(res.total) ?? 0) - Number(published.total)),
                    index: fmtSigned((parseDecimal(res.index) ?? 0) - Number(published.index)),
                  })}
                </Text>
              ) : null}
            </Paper>

            {res ? (
              <Table withTableBorder fz="xs" verticalSpacing={4} data-testid="whatif-areas">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('par.whatIf.area')}</Table.Th>
                    <Table.Th ta="right">{t('par.whatIf.published')}</Table.Th>
                    <Table.Th ta="right">{t('par.whatIf.simulated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {areas.map((a) => {
                    const before = published?.areas[a.code]?.index ?? null;
                    const after = res.areas[a.code]?.index ?? null;
                    const diff = (parseDecimal(after) ?? 0) - (parseDecimal(before) ?? 0);
                    return (
                      <Table.Tr key={a.code}>
                        <Table.Td>
                          <Text size="xs" truncate maw={300}>
                            {a.code}. {a.title}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right" className="par-num">
                          {fmtPct(before)}
                        </Table.Td>
                        <Table.Td
                          ta="right"
                          className="par-num"
                          fw={Math.abs(diff) >= 0.005 ? 700 : undefined}
                          c={diff > 0.004 ? 'green.8' : diff < -0.004 ? 'red.8' : undefined}
                        >
                          {fmtPct(after)}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            ) : null}

            <Group gap="xs" align="flex-end" wrap="wrap">
              <TextInput
                leftSection={<IconSearch size={16} />}
                placeholder={t('par.whatIf.searchLeaf')}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                aria-label={t('par.whatIf.searchLeaf')}
                style={{ flex: 1, minWidth: 180 }}
              />
              <Button variant={changedOnly ? 'filled' : 'default'} size="sm" onClick={() => setChangedOnly((v) => !v)} data-testid="whatif-changed-only">
                {t('par.whatIf.changedOnly', { n: fmtInt(changed.length) })}
              </Button>
            </Group>

            <Table withTableBorder fz="sm" verticalSpacing={4} data-testid="whatif-leaves" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('par.tree.title')}</Table.Th>
                  <Table.Th ta="right" w={80}>
                    {t('par.whatIf.current')}
                  </Table.Th>
                  <Table.Th w={120}>{t('par.whatIf.newPoints')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((l) => {
                  const b = leafBounds(l.node);
                  const isChanged = changed.includes(l);
                  return (
                    <Table.Tr key={l.node.code} bg={isChanged ? 'yellow.0' : undefined}>
                      <Table.Td>
                        <Text size="xs" lineClamp={2}>
                          <Text span ff="monospace" c="dimmed" size="xs">
                            {l.node.code}
                          </Text>{' '}
                          {l.node.title}
                        </Text>
                        {l.node.source !== 'self' ? (
                          <Badge size="xs" variant="outline" color="gray">
                            {t(`par.source.${l.node.source}`)}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td ta="right" className="par-num">
                        {fmt2(base.get(l.node.code) ?? null)}
                        <Text span size="xs" c="dimmed">{`/${fmt2(l.node.maxPoints)}`}</Text>
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          size="xs"
                          aria-label={t('par.whatIf.newPointsFor', { code: l.node.code })}
                          value={l.node.code in edits ? edits[l.node.code] : (base.get(l.node.code) ?? '')}
                          onChange={(v) => setEdits((prev) => ({ ...prev, [l.node.code]: v }))}
                          decimalSeparator={decimalSeparator()}
                          decimalScale={2}
                          min={b.min}
                          max={b.max}
                          allowNegative={b.min < 0}
                          clampBehavior="strict"
                          hideControls
                          data-testid={`whatif-leaf-${l.node.code}`}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>

            {compute.isError ? <ErrorAlert error={compute.error} /> : null}
            <Group
              justify="space-between"
              pos="sticky"
              bottom={0}
              py="xs"
              style={{ background: 'var(--mantine-color-body)', borderTop: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Button
                variant="subtle"
                leftSection={<IconRefresh size={16} />}
                onClick={() => {
                  setEdits({});
                  compute.reset();
                }}
                disabled={changed.length === 0}
                data-testid="whatif-reset"
              >
                {t('common.reset')}
              </Button>
              <Button leftSection={<IconCalculator size={16} />} onClick={() => compute.mutate()} loading={compute.isPending} data-testid="whatif-compute">
                {t('par.whatIf.compute')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Drawer>
  );
}

function Stat({ label, before, after, testId }: { label: string; before: string; after: string | null; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="par-num" c={after !== null ? 'dimmed' : undefined} td={after !== null && after !== before ? 'line-through' : undefined}>
        {before}
      </Text>
      {after !== null ? (
        <Text size="md" fw={700} className="par-num" c="blue.8" data-testid={testId ? `${testId}-value` : undefined}>
          {after}
        </Text>
      ) : null}
    </Stack>
  );
}
