import { ActionIcon, Badge, Button, Card, Center, Group, Loader, Menu, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import {
  IconArrowsDiff,
  IconCalendarPlus,
  IconChartBar,
  IconCopy,
  IconDots,
  IconDownload,
  IconLayoutKanban,
  IconPlayerPlay,
  IconUpload,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CycleSummary, type FrameworkSummary, fetchCycles, fetchFrameworks, frameworkExportUrl, parKeys } from '../../api/par';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../i18n/format';
import { CopyFrameworkModal, CreateCycleModal, DiffModal, ImportFrameworkModal } from './FrameworkModals';
import { fmtInt, frameworkLabel, StageBadge, useGroupName } from './shared';

type ModalState =
  | { type: 'none' }
  | { type: 'import' }
  | { type: 'copy'; framework: FrameworkSummary }
  | { type: 'diff'; framework: FrameworkSummary }
  | { type: 'cycle'; framework: FrameworkSummary | null };

function CycleCard({ cycle }: { cycle: CycleSummary }) {
  const { t } = useTranslation();
  const groupName = useGroupName();
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`cycle-card-${cycle.id}`}>
      <Stack gap={6} h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm" lh={1.3} component={Link} to={`/par/cycles/${cycle.id}`} c="blue.9" style={{ textDecoration: 'none' }}>
            {cycle.name}
          </Text>
          <StageBadge stage={cycle.stage} style={{ flex: 'none' }} />
        </Group>
        <Text size="xs" c="dimmed">
          {frameworkLabel(cycle.frameworkName, groupName(cycle.groupCode))}
        </Text>
        {cycle.selfDeadline && cycle.stage === 'selfAssessment' ? (
          <Text size="xs">{t('par.cycles.selfDeadline', { date: formatDate(cycle.selfDeadline) })}</Text>
        ) : null}
        {!cycle.surveyIncluded ? (
          <Badge size="xs" variant="outline" color="gray">
            {t('par.cycles.noSurvey')}
          </Badge>
        ) : null}
        <Group gap="xs" mt="auto" pt={4}>
          <Button
            size="xs"
            variant="light"
            component={Link}
            to={`/par/cycles/${cycle.id}`}
            leftSection={<IconLayoutKanban size={14} />}
            data-testid="cycle-open-board"
          >
            {t('par.cycles.board')}
          </Button>
          {cycle.stage === 'published' ? (
            <Button
              size="xs"
              variant="light"
              color="green"
              component={Link}
              to={`/par/cycles/${cycle.id}/results`}
              leftSection={<IconChartBar size={14} />}
              data-testid="cycle-open-results"
            >
              {t('par.cycles.results')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

export default function ParHomePage() {
  const { t } = useTranslation();
  const can = useCan();
  const groupName = useGroupName();
  const [modal, setModal] = useState<ModalState>({ type: 'none' });
  const cycles = useQuery({ queryKey: parKeys.cycles, queryFn: fetchCycles });
  const canManageFrameworks = can('par.framework.manage');
  const canManageCycles = can('par.cycle.manage');
  const showFrameworks = canManageFrameworks || canManageCycles;
  const frameworks = useQuery({ queryKey: parKeys.frameworks, queryFn: fetchFrameworks, enabled: showFrameworks });

  const byYear = useMemo(() => {
    const map = new Map<number, CycleSummary[]>();
    for (const c of cycles.data ?? []) map.set(c.year, [...(map.get(c.year) ?? []), c]);
    return [...map.entries()].sort((a, b) => b[0] - a[0]);
  }, [cycles.data]);

  const close = () => setModal({ type: 'none' });

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs">
        <Title order={2}>{t('par.title')}</Title>
        <Group gap="xs">
          {canManageCycles ? (
            <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setModal({ type: 'cycle', framework: null })} data-testid="cycle-create">
              {t('par.cycles.create')}
            </Button>
          ) : null}
          {canManageFrameworks ? (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setModal({ type: 'import' })} data-testid="framework-import">
              {t('par.frameworks.import')}
            </Button>
          ) : null}
        </Group>
      </Group>

      <Stack gap="sm" data-testid="par-cycles">
        <Title order={3} size="h4">
          {t('par.cycles.title')}
        </Title>
        {cycles.isPending ? (
          <Center h={120}>
            <Loader size="sm" />
          </Center>
        ) : cycles.isError ? (
          <ErrorAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
        ) : byYear.length === 0 ? (
          <Paper p="md">
            <Text c="dimmed" size="sm">
              {t('par.cycles.empty')}
            </Text>
          </Paper>
        ) : (
          byYear.map(([year, list]) => (
            <Stack key={year} gap={6}>
              <Text fw={700} c="dimmed" size="sm" tt="uppercase">
                {t('par.cycles.year', { year })}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
                {list.map((c) => (
                  <CycleCard key={c.id} cycle={c} />
                ))}
              </SimpleGrid>
            </Stack>
          ))
        )}
      </Stack>

      {showFrameworks ? (
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('par.frameworks.title')}
          </Title>
          <Paper p={0}>
            {frameworks.isPending ? (
              <Center h={120}>
                <Loader size="sm" />
              </Center>
            ) : frameworks.isError ? (
              <ErrorAlert error={frameworks.error} onRetry={() => void frameworks.refetch()} />
            ) : frameworks.data.length === 0 ? (
              <Text c="dimmed" size="sm" p="md">
                {t('par.frameworks.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={680}>
                <Table data-testid="frameworks-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('par.frameworks.name')}</Table.Th>
                      <Table.Th w={70}>{t('par.frameworks.year')}</Table.Th>
                      <Table.Th>{t('par.frameworks.group')}</Table.Th>
                      <Table.Th w={110} ta="right">
                        {t('par.frameworks.nodes')}
                      </Table.Th>
                      <Table.Th w={90} ta="right">
                        {t('par.frameworks.cycles')}
                      </Table.Th>
                      <Table.Th w={60} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {frameworks.data.map((f) => (
                      <Table.Tr key={f.id} data-testid={`framework-row-${f.id}`}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm">{f.name}</Text>
                            {f.illustrative ? (
                              <Tooltip label={t('par.frameworks.illustrativeHint')} multiline w={260}>
                                <Badge size="xs" variant="outline" color="gray">
                                  {t('par.frameworks.illustrative')}
                                </Badge>
                              </Tooltip>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td>{f.year}</Table.Td>
                        <Table.Td>{groupName(f.groupCode)}</Table.Td>
                        <Table.Td ta="right">{fmtInt(f.nodeCount)}</Table.Td>
                        <Table.Td ta="right">{fmtInt(f.cycleCount)}</Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')} data-testid={`framework-menu-${f.id}`}>
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                component="a"
                                href={frameworkExportUrl(f.id)}
                                download
                                leftSection={<IconDownload size={16} />}
                                data-testid="framework-export"
                              >
                                {t('par.frameworks.export')}
                              </Menu.Item>
                              {canManageFrameworks ? (
                                <Menu.Item
                                  leftSection={<IconCopy size={16} />}
                                  onClick={() => setModal({ type: 'copy', framework: f })}
                                  data-testid="framework-copy"
                                >
                                  {t('par.frameworks.copy')}
                                </Menu.Item>
                              ) : null}
                              <Menu.Item
                                leftSection={<IconArrowsDiff size={16} />}
                                onClick={() => setModal({ type: 'diff', framework: f })}
                                data-testid="framework-diff"
                              >
                                {t('par.frameworks.diff')}
                              </Menu.Item>
                              {canManageCycles ? (
                                <Menu.Item
                                  leftSection={<IconPlayerPlay size={16} />}
                                  onClick={() => setModal({ type: 'cycle', framework: f })}
                                  data-testid="framework-open-cycle"
                                >
                                  {t('par.cycles.create')}
                                </Menu.Item>
                              ) : null}
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </Stack>
      ) : null}

      <ImportFrameworkModal opened={modal.type === 'import'} onClose={close} />
      <CopyFrameworkModal framework={modal.type === 'copy' ? modal.framework : null} onClose={close} />
      <DiffModal framework={modal.type === 'diff' ? modal.framework : null} frameworks={frameworks.data ?? []} onClose={close} />
      <CreateCycleModal
        opened={modal.type === 'cycle'}
        initialFramework={modal.type === 'cycle' ? modal.framework : null}
        frameworks={frameworks.data ?? []}
        onClose={close}
      />
    </Stack>
  );
}
