// "Chênh lệch thẩm định": where the appraisers' points differ from the units' self-scores, per leaf and per appraiser.

import { Group, Paper, SimpleGrid, Stack, Switch, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalGaps, GapTally } from '../../api/par';
import { fmt2, fmtInt, parseDecimal } from './shared';

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  const body = (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" className="par-num" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
  return hint ? (
    <Tooltip label={hint} multiline w={280}>
      {body}
    </Tooltip>
  ) : (
    body
  );
}

/** The numeric columns shared by both tables (narrow screens: only the gaps and the points removed). */
function TallyHead({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  if (compact)
    return (
      <>
        <Table.Th ta="right" w={70}>
          {t('par.gaps.changed')}
        </Table.Th>
        <Table.Th ta="right" w={70}>
          {t('par.gaps.removed')}
        </Table.Th>
      </>
    );
  return (
    <>
      <Table.Th ta="right" w={90}>
        {t('par.gaps.appraised')}
      </Table.Th>
      <Table.Th ta="right" w={90}>
        {t('par.gaps.changed')}
      </Table.Th>
      <Table.Th ta="right" w={80}>
        {t('par.gaps.lowered')}
      </Table.Th>
      <Table.Th ta="right" w={80}>
        {t('par.gaps.raised')}
      </Table.Th>
      <Table.Th ta="right" w={90}>
        {t('par.gaps.removed')}
      </Table.Th>
      <Table.Th ta="right" w={90}>
        {t('par.gaps.added')}
      </Table.Th>
      <Table.Th ta="right" w={100}>
        {t('par.gaps.mean')}
      </Table.Th>
    </>
  );
}

function TallyCells({ g, compact }: { g: GapTally; compact: boolean }) {
  const removed = parseDecimal(g.pointsRemoved) ?? 0;
  if (compact)
    return (
      <>
        <Table.Td ta="right" className="par-num" fw={g.changed ? 700 : undefined}>
          {fmtInt(g.changed)}
        </Table.Td>
        <Table.Td ta="right" className="par-num" c={removed > 0 ? 'red.8' : undefined}>
          {fmt2(g.pointsRemoved)}
        </Table.Td>
      </>
    );
  return (
    <>
      <Table.Td ta="right" className="par-num">
        {fmtInt(g.appraised)}
      </Table.Td>
      <Table.Td ta="right" className="par-num" fw={g.changed ? 700 : undefined}>
        {fmtInt(g.changed)}
      </Table.Td>
      <Table.Td ta="right" className="par-num">
        {fmtInt(g.lowered)}
      </Table.Td>
      <Table.Td ta="right" className="par-num">
        {fmtInt(g.raised)}
      </Table.Td>
      <Table.Td ta="right" className="par-num" c={removed > 0 ? 'red.8' : undefined}>
        {fmt2(g.pointsRemoved)}
      </Table.Td>
      <Table.Td ta="right" className="par-num">
        {fmt2(g.pointsAdded)}
      </Table.Td>
      <Table.Td ta="right" className="par-num">
        {g.meanGapRounded === null ? '—' : fmt2(g.meanGapRounded)}
      </Table.Td>
    </>
  );
}

export function GapsPanel({ gaps }: { gaps: AppraisalGaps }) {
  const { t } = useTranslation();
  const [changedOnly, setChangedOnly] = useState(true);
  const compact = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const minWidth = compact ? 0 : 940;
  const g = gaps.total;
  const leaves = changedOnly ? gaps.leaves.filter((l) => l.changed > 0) : gaps.leaves;
  return (
    <Stack gap="sm" data-testid="gaps-panel">
      <Paper p="sm">
        <Stack gap="xs">
          <Text size="sm" data-testid="gaps-summary">
            {t('par.gaps.summary', {
              appraised: fmtInt(g.appraised),
              units: fmtInt(g.units),
              changed: fmtInt(g.changed),
              lowered: fmtInt(g.lowered),
              raised: fmtInt(g.raised),
            })}
          </Text>
          <SimpleGrid cols={{ base: 3 }} spacing="xs" maw={520}>
            <Stat label={t('par.gaps.removed')} value={fmt2(g.pointsRemoved)} testId="gaps-removed" />
            <Stat label={t('par.gaps.added')} value={fmt2(g.pointsAdded)} />
            <Stat label={t('par.gaps.mean')} value={g.meanGapRounded === null ? '—' : fmt2(g.meanGapRounded)} hint={t('par.gaps.meanHint')} />
          </SimpleGrid>
        </Stack>
      </Paper>

      <Paper p={0}>
        <Group justify="space-between" p="sm" gap="xs">
          <Title order={3} size="h5">
            {t('par.gaps.byLeaf')}
          </Title>
          <Switch size="sm" label={t('par.gaps.changedOnly')} checked={changedOnly} onChange={(e) => setChangedOnly(e.currentTarget.checked)} />
        </Group>
        {leaves.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" pb="sm">
            {t('par.gaps.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={minWidth}>
            <Table data-testid="gaps-leaves-table" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('par.gaps.criterion')}</Table.Th>
                  <TallyHead compact={compact} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {leaves.map((l) => (
                  <Table.Tr key={l.code} data-testid={`gaps-leaf-${l.code}`}>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} title={l.title}>
                        <Text span ff="monospace" c="dimmed" size="sm" mr={6}>
                          {l.code}
                        </Text>
                        {l.title}
                      </Text>
                    </Table.Td>
                    <TallyCells g={l} compact={compact} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Paper p={0}>
        <Title order={3} size="h5" p="sm">
          {t('par.gaps.byAppraiser')}
        </Title>
        {gaps.appraisers.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" pb="sm">
            {t('par.gaps.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={minWidth}>
            <Table data-testid="gaps-appraisers-table" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('par.gaps.appraiser')}</Table.Th>
                  {compact ? null : (
                    <Table.Th ta="right" w={80}>
                      {t('par.gaps.units')}
                    </Table.Th>
                  )}
                  <TallyHead compact={compact} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {gaps.appraisers.map((a) => (
                  <Table.Tr key={a.userId ?? 'unknown'}>
                    <Table.Td>
                      <Text size="sm">{a.userId ? a.name : t('par.gaps.unknownAppraiser')}</Text>
                      {a.username ? (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {a.username}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {compact ? null : (
                      <Table.Td ta="right" className="par-num">
                        {fmtInt(a.units)}
                      </Table.Td>
                    )}
                    <TallyCells g={a} compact={compact} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
