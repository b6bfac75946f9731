import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconChevronRight, IconDownload, IconFileTypePdf, IconFlask, IconGitMerge, IconSearch, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type ClassRule,
  fetchAppraisalGaps,
  fetchFramework,
  fetchResults,
  parKeys,
  type ResultItem,
  type Results,
  resultsExportUrl,
  resultsPdfUrl,
} from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { foldText, formatDateTime } from '../../i18n/format';
import { GapsPanel } from './GapsPanel';
import { ClassBadge, classColor, fmt2, fmtInt, fmtNum, fmtPct, fmtSigned, heatColor, parseDecimal, usePurposeHome } from './shared';

const WhatIfDrawer = lazy(() => import('./WhatIfDrawer'));

function Change({ item }: { item: ResultItem }) {
  const { t } = useTranslation();
  if (!item.lastYear)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const d = parseDecimal(item.indexChange);
  const r = item.rankChange;
  const via = item.lastYear.via ?? [];
  const viaNames = via.map((v) => (typeof v === 'string' ? v : `${v.name} (${fmtPct(v.index)})`));
  return (
    <Stack gap={0} data-testid="result-change">
      <Group gap={4} wrap="nowrap">
        <Text size="sm" className="par-num" c={d === null || d === 0 ? undefined : d > 0 ? 'green.8' : 'red.8'}>
          {d === null ? '—' : `${d > 0 ? '▲' : d < 0 ? '▼' : '＝'} ${fmtSigned(d)}`}
        </Text>
        {r !== null ? (
          <Text size="xs" className="par-num" c={r > 0 ? 'green.8' : r < 0 ? 'red.8' : 'dimmed'}>
            {r > 0 ? t('par.results.rankUp', { n: r }) : r < 0 ? t('par.results.rankDown', { n: -r }) : t('par.results.rankSame')}
          </Text>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed" className="par-num">
        {item.lastYear.rank !== null
          ? t('par.results.lastYearValue', { index: fmtPct(item.lastYear.index), rank: item.lastYear.rank })
          : t('par.results.lastYearIndex', { index: fmtPct(item.lastYear.index) })}
      </Text>
      {via.length > 0 ? (
        <Tooltip multiline w={300} label={t('par.results.viaTooltip', { units: viaNames.join('; ') })}>
          <Badge size="xs" variant="light" color="grape" leftSection={<IconGitMerge size={10} />} data-testid="result-via" style={{ alignSelf: 'flex-start' }}>
            {via.length > 1 ? t('par.results.viaMean', { n: fmtInt(via.length) }) : t('par.results.viaOne')}
          </Badge>
        </Tooltip>
      ) : null}
    </Stack>
  );
}

function Distribution({ items, classes }: { items: readonly ResultItem[]; classes: readonly ClassRule[] }) {
  const { t } = useTranslation();
  const names = [...classes].sort((a, b) => Number(b.minIndex) - Number(a.minIndex)).map((c) => c.name);
  const counts = new Map<string, number>();
  for (const it of items) counts.set(it.class ?? '', (counts.get(it.class ?? '') ?? 0) + 1);
  const rows = [...names, ...[...counts.keys()].filter((k) => !names.includes(k))];
  const total = Math.max(1, items.length);
  return (
    <Stack gap={6} data-testid="results-distribution">
      {rows.map((name) => {
        const n = counts.get(name) ?? 0;
        const pct = (n / total) * 100;
        return (
          <Group key={name || 'none'} gap="xs" wrap="nowrap">
            <Text size="sm" w={110} truncate>
              {name || t('par.noClass')}
            </Text>
            <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 4, height: 18 }}>
              <Box
                style={{
                  width: `${pct}%`,
                  minWidth: n ? 2 : 0,
                  height: '100%',
                  borderRadius: 4,
                  background: `var(--mantine-color-${classColor(name || null, classes)}-5)`,
                }}
              />
            </Box>
            <Text size="sm" w={90} ta="right" className="par-num">
              {fmtInt(n)} ({fmt2(pct)}%)
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

function AreaMeans({ results }: { results: Results }) {
  const { t } = useTranslation();
  const areas = results.areas.filter((a) => Number(a.maxPoints) > 0);
  return (
    <Stack gap={3} mt="sm" data-testid="results-area-means">
      <Text size="xs" c="dimmed">
        {t('par.results.areaMeans')}
      </Text>
      {areas.map((a) => {
        const vals = results.items.map((i) => parseDecimal(i.areas[a.code]?.index ?? null)).filter((v): v is number => v !== null);
        const mean = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : null;
        return (
          <Tooltip key={a.code} label={`${a.code}. ${a.title}`} multiline w={280} position="top-start">
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" w={44} ff="monospace">
                {t('par.results.areaShort', { code: a.code })}
              </Text>
              <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 3, height: 12 }}>
                <Box style={{ width: `${Math.max(0, Math.min(100, mean ?? 0))}%`, height: '100%', borderRadius: 3, background: heatColor(mean) }} />
              </Box>
              <Text size="xs" w={52} ta="right" className="par-num">
                {fmt2(mean)}
              </Text>
            </Group>
          </Tooltip>
        );
      })}
    </Stack>
  );
}

function HeatMap({ results, onOpen }: { results: Results; onOpen: (unitId: string) => void }) {
  const { t } = useTranslation();
  const areas = results.areas.filter((a) => Number(a.maxPoints) > 0);
  const onKey = (e: KeyboardEvent, unitId: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(unitId);
    }
  };
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {t('par.results.heatLegend')}
        </Text>
        {[50, 60, 70, 80, 90, 100].map((v) => (
          <Box key={v} px={6} py={2} style={{ background: heatColor(v), borderRadius: 3 }}>
            <Text size="xs" className="par-num">
              {fmtNum(v)}
            </Text>
          </Box>
        ))}
      </Group>
      <Box style={{ overflowX: 'auto' }}>
        <table className="par-heat" data-testid="results-heatmap">
          <thead>
            <tr>
              <th style={{ textAlign: 'left' }}>{t('par.board.unit')}</th>
              {areas.map((a) => (
                <Tooltip key={a.code} label={`${a.code}. ${a.title}`} multiline w={260}>
                  <th>{t('par.results.areaShort', { code: a.code })}</th>
                </Tooltip>
              ))}
              <th>{t('par.results.index')}</th>
            </tr>
          </thead>
          <tbody>
            {results.items.map((it) => (
              <tr
                key={it.unitId}
                className="par-heat-row"
                tabIndex={0}
                onClick={() => onOpen(it.unitId)}
                onKeyDown={(e) => onKey(e, it.unitId)}
                data-testid={`heat-row-${it.unitCode}`}
              >
                <td className="par-heat-unit" title={it.unitName}>
                  {it.rank}. {it.unitName}
                </td>
                {areas.map((a) => {
                  const c = it.areas[a.code];
                  return (
                    <td
                      key={a.code}
                      className="par-heat-cell"
                      style={{ background: heatColor(c?.index ?? null) }}
                      title={`${it.unitName} — ${a.title}: ${fmtPct(c?.index ?? null)}`}
                    >
                      {c?.index != null ? fmt2(c.index) : '—'}
                    </td>
                  );
                })}
                <td className="par-heat-cell" style={{ background: heatColor(it.index), fontWeight: 700 }}>
                  {fmt2(it.index)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
    </Stack>
  );
}

export default function ResultsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [q, setQ] = useState('');
  const [showAreas, setShowAreas] = useState(!isMobile);
  const [whatIf, setWhatIf] = useState<string | null | undefined>(undefined); // undefined = closed; null = open without a unit
  const results = useQuery({ queryKey: parKeys.results(id), queryFn: () => fetchResults(id) });
  const home = usePurposeHome(results.data?.cycle.purpose ?? 'parIndex');
  // the appraisal gaps are for the PAR office and read-all leaders: any other user gets 403 and the tab stays hidden
  const gaps = useQuery({ queryKey: parKeys.gaps(id), queryFn: () => fetchAppraisalGaps(id), retry: false, staleTime: 5 * 60_000 });
  const frameworkId = results.data?.cycle.frameworkId;
  const framework = useQuery({
    queryKey: parKeys.framework(frameworkId ?? ''),
    queryFn: () => fetchFramework(frameworkId as string),
    enabled: !!frameworkId,
    staleTime: 5 * 60_000,
  });
  const assessmentOf = useMemo(() => new Map((results.data?.items ?? []).map((i) => [i.unitId, i.assessmentId])), [results.data]);

  const items = results.data?.items ?? [];
  const filtered = useMemo(() => {
    const needle = foldText(q.trim());
    return needle ? items.filter((i) => foldText(i.unitName).includes(needle) || i.unitCode.includes(needle)) : items;
  }, [items, q]);
  const stats = useMemo(() => {
    if (!items.length) return null;
    const idx = items.map((i) => Number(i.index));
    return { mean: idx.reduce((a, b) => a + b, 0) / idx.length, max: Math.max(...idx), min: Math.min(...idx) };
  }, [items]);

  if (results.isPending) return <PageLoader />;
  if (results.isError) return <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />;

  const r = results.data;
  const areas = r.areas.filter((a) => Number(a.maxPoints) > 0);
  const classes = framework.data?.classes ?? [];
  const open = (unitId: string) => {
    const a = assessmentOf.get(unitId);
    if (a) navigate(`/par/assessments/${a}`);
  };

  return (
    <Stack gap="sm">
      {isMobile ? (
        <Anchor component={Link} to={`/par/cycles/${id}`} size="sm">
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={14} />
            {t('par.cycles.board')}
          </Group>
        </Anchor>
      ) : (
        <Breadcrumbs separator={<IconChevronRight size={14} />}>
          <Anchor component={Link} to={home.to} size="sm">
            {home.title}
          </Anchor>
          <Anchor component={Link} to={`/par/cycles/${id}`} size="sm" truncate maw={isMobile ? 180 : 500}>
            {r.cycle.name}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('par.cycles.results')}
          </Text>
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Title order={2} size={isMobile ? 'h3' : 'h2'}>
            {t('par.results.title', { name: r.cycle.name })}
          </Title>
          {r.cycle.publishedAt ? (
            <Text size="sm" c="dimmed">
              {t('par.results.publishedAt', { at: formatDateTime(r.cycle.publishedAt) })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs">
          <Button
            variant="light"
            leftSection={<IconFlask size={16} />}
            onClick={() => setWhatIf(null)}
            disabled={!framework.data || items.length < 2}
            data-testid="results-whatif"
          >
            {t('par.whatIf.open')}
          </Button>
          <Button component="a" href={resultsExportUrl(id)} download variant="default" leftSection={<IconDownload size={16} />} data-testid="results-export">
            {t('par.results.export')}
          </Button>
          {r.cycle.stage === 'published' ? (
            <Button component="a" href={resultsPdfUrl(id)} download variant="default" leftSection={<IconFileTypePdf size={16} />} data-testid="results-pdf">
              {t('par.results.pdf')}
            </Button>
          ) : null}
        </Group>
      </Group>

      {items.length === 0 ? (
        <Paper p="md">
          <Text c="dimmed" size="sm" data-testid="results-empty">
            {r.cycle.stage === 'published' ? t('par.results.emptyVisible') : t('par.results.notPublished')}
          </Text>
        </Paper>
      ) : (
        <>
          <Grid gap="sm" align="stretch">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Paper p="sm" h="100%">
                <SimpleGrid cols={3} spacing="xs">
                  <Stack gap={0}>
                    <Text size="xs" c="dimmed">
                      {t('par.results.units')}
                    </Text>
                    <Text fw={700} size="xl" className="par-num">
                      {fmtInt(items.length)}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text size="xs" c="dimmed">
                      {t('par.results.meanIndex')}
                    </Text>
                    <Text fw={700} size="xl" className="par-num" data-testid="results-mean">
                      {fmtPct(stats?.mean ?? null)}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text size="xs" c="dimmed">
                      {t('par.results.range')}
                    </Text>
                    <Text fw={700} size={isMobile ? 'md' : 'xl'} className="par-num">
                      {fmt2(stats?.min ?? null)}–{fmt2(stats?.max ?? null)}
                    </Text>
                  </Stack>
                </SimpleGrid>
                <AreaMeans results={r} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Paper p="sm" h="100%">
                <Text size="xs" c="dimmed" mb={4}>
                  {t('par.results.distribution')}
                </Text>
                <Distribution items={items} classes={classes} />
              </Paper>
            </Grid.Col>
          </Grid>

          <Tabs defaultValue="ranking" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="ranking" data-testid="tab-ranking">
                {t('par.results.ranking')}
              </Tabs.Tab>
              <Tabs.Tab value="heat" data-testid="tab-heatmap">
                {t('par.results.heatmap')}
              </Tabs.Tab>
              {gaps.isSuccess ? (
                <Tabs.Tab value="gaps" data-testid="tab-gaps">
                  {t('par.results.gaps')}
                </Tabs.Tab>
              ) : null}
            </Tabs.List>

            <Tabs.Panel value="ranking" pt="sm">
              <Paper p={0}>
                <Group p="sm" gap="sm" justify="space-between" wrap="wrap">
                  <TextInput
                    placeholder={t('par.board.searchPlaceholder')}
                    leftSection={<IconSearch size={16} />}
                    rightSection={
                      q ? (
                        <ActionIcon variant="subtle" size="sm" color="gray" onClick={() => setQ('')} aria-label={t('common.reset')}>
                          <IconX size={14} />
                        </ActionIcon>
                      ) : null
                    }
                    value={q}
                    onChange={(e) => setQ(e.currentTarget.value)}
                    aria-label={t('common.search')}
                    style={{ flex: 1, minWidth: 200, maxWidth: 420 }}
                    data-testid="results-search"
                  />
                  {isMobile ? null : (
                    <Switch
                      label={t('par.results.showAreas')}
                      checked={showAreas}
                      onChange={(e) => setShowAreas(e.currentTarget.checked)}
                      data-testid="results-show-areas"
                    />
                  )}
                </Group>
                {isMobile ? (
                  <Table data-testid="results-table" verticalSpacing={8}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={44} ta="center">
                          {t('par.results.rank')}
                        </Table.Th>
                        <Table.Th>{t('par.board.unit')}</Table.Th>
                        <Table.Th ta="right" w={76}>
                          {t('par.results.index')}
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {filtered.map((it) => {
                        const aid = it.assessmentId;
                        return (
                          <Table.Tr key={it.unitId} data-testid={`result-row-${it.unitCode}`}>
                            <Table.Td ta="center" style={{ verticalAlign: 'top' }}>
                              <Text fw={700} className="par-num" data-testid="result-rank">
                                {it.rank}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Stack gap={4}>
                                {aid ? (
                                  <Anchor component={Link} to={`/par/assessments/${aid}`} size="sm" fw={500}>
                                    {it.unitName}
                                  </Anchor>
                                ) : (
                                  <Text size="sm">{it.unitName}</Text>
                                )}
                                <Group gap={6}>
                                  <ClassBadge name={it.class} classes={classes} size="sm" />
                                </Group>
                                <Change item={it} />
                              </Stack>
                            </Table.Td>
                            <Table.Td ta="right" style={{ verticalAlign: 'top' }}>
                              <Text fw={700} className="par-num">
                                {fmt2(it.index)}
                              </Text>
                              <Text size="xs" c="dimmed" className="par-num">
                                {`${fmt2(it.total)}/${fmtNum(it.max)}`}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                ) : (
                  <Table.ScrollContainer minWidth={showAreas ? 760 + areas.length * 70 : isMobile ? 560 : 760}>
                    <Table data-testid="results-table" stickyHeader>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th w={60} ta="center">
                            {t('par.results.rank')}
                          </Table.Th>
                          <Table.Th miw={180}>{t('par.board.unit')}</Table.Th>
                          <Table.Th ta="right" w={90}>
                            {t('par.results.total')}
                          </Table.Th>
                          <Table.Th ta="right" w={90}>
                            {t('par.results.index')}
                          </Table.Th>
                          <Table.Th w={110}>{t('par.results.class')}</Table.Th>
                          <Table.Th w={210}>{t('par.results.change')}</Table.Th>
                          {showAreas
                            ? areas.map((a) => (
                                <Table.Th key={a.code} ta="right" w={70}>
                                  <Tooltip label={`${a.code}. ${a.title}`} multiline w={260}>
                                    <span>{t('par.results.areaShort', { code: a.code })}</span>
                                  </Tooltip>
                                </Table.Th>
                              ))
                            : null}
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {filtered.map((it) => {
                          const aid = it.assessmentId;
                          return (
                            <Table.Tr key={it.unitId} data-testid={`result-row-${it.unitCode}`}>
                              <Table.Td ta="center">
                                <Text fw={700} className="par-num" data-testid="result-rank">
                                  {it.rank}
                                </Text>
                              </Table.Td>
                              <Table.Td>
                                {aid ? (
                                  <Anchor component={Link} to={`/par/assessments/${aid}`} size="sm">
                                    {it.unitName}
                                  </Anchor>
                                ) : (
                                  <Text size="sm">{it.unitName}</Text>
                                )}
                                <Text size="xs" c="dimmed" ff="monospace">
                                  {it.unitCode}
                                </Text>
                              </Table.Td>
                              <Table.Td ta="right" className="par-num">
                                {fmt2(it.total)}
                              </Table.Td>
                              <Table.Td ta="right" className="par-num" fw={700}>
                                {fmt2(it.index)}
                              </Table.Td>
                              <Table.Td>
                                <ClassBadge name={it.class} classes={classes} />
                              </Table.Td>
                              <Table.Td>
                                <Change item={it} />
                              </Table.Td>
                              {showAreas
                                ? areas.map((a) => (
                                    <Table.Td key={a.code} ta="right" className="par-num" style={{ background: heatColor(it.areas[a.code]?.index ?? null) }}>
                                      {fmt2(it.areas[a.code]?.index ?? null)}
                                    </Table.Td>
                                  ))
                                : null}
                            </Table.Tr>
                          );
                        })}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Paper>
            </Tabs.Panel>

            <Tabs.Panel value="heat" pt="sm">
              <Paper p="sm">
                <HeatMap results={r} onOpen={open} />
              </Paper>
            </Tabs.Panel>

            {gaps.isSuccess ? (
              <Tabs.Panel value="gaps" pt="sm">
                <GapsPanel gaps={gaps.data} />
              </Tabs.Panel>
            ) : null}
          </Tabs>
        </>
      )}

      {whatIf !== undefined && framework.data ? (
        <Suspense fallback={null}>
          <WhatIfDrawer results={r} framework={framework.data} assessmentOf={assessmentOf} initialUnitId={whatIf} onClose={() => setWhatIf(undefined)} />
        </Suspense>
      ) : null}
    </Stack>
  );
}
