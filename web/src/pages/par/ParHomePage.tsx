import { ActionIcon, Badge, Button, Card, Center, Group, Loader, Menu, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import {
  IconArrowsDiff,
  IconCalendarPlus,
  IconChartBar,
  IconCopy,
  IconDots,
  IconDownload,
  IconFileDescription,
  IconLayoutKanban,
  IconPlayerPlay,
  IconPresentationAnalytics,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type CycleSummary,
  deleteFramework,
  type FrameworkSummary,
  fetchCycles,
  fetchFrameworks,
  frameworkExportUrl,
  type Purpose,
  parKeys,
} from '../../api/par';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatDate } from '../../i18n/format';
import { CopyFrameworkModal, CreateCycleModal, DiffModal, ImportFrameworkModal } from './FrameworkModals';
import { fmtInt, frameworkLabel, StageBadge, useGroupName, usePurposeHome } from './shared';

type ModalState =
  | { type: 'none' }
  | { type: 'import' }
  | { type: 'copy'; framework: FrameworkSummary }
  | { type: 'diff'; framework: FrameworkSummary }
  | { type: 'cycle'; framework: FrameworkSummary | null }
  | { type: 'delete'; framework: FrameworkSummary };

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
          {cycle.myAssessmentId ? (
            <Button
              size="xs"
              component={Link}
              to={`/par/assessments/${cycle.myAssessmentId}`}
              leftSection={<IconFileDescription size={14} />}
              data-testid="cycle-my-assessment"
            >
              {t('par.cycles.myAssessment')}
            </Button>
          ) : null}
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

/**
 * The list of cycles and frameworks. The same page serves the PAR Index (/par) and the evaluation of heads of
 * agencies (/head-evaluation), which runs on the same machinery.
 */
export default function ParHomePage({ purpose = 'parIndex' }: { purpose?: Purpose }) {
  const { t } = useTranslation();
  const head = purpose === 'headEvaluation';
  const home = usePurposeHome(purpose);
  const can = useCan();
  const groupName = useGroupName();
  const qc = useQueryClient();
  const [modal, setModal] = useState<ModalState>({ type: 'none' });
  const cycles = useQuery({ queryKey: parKeys.cycles(purpose), queryFn: () => fetchCycles(purpose) });
  const canManageFrameworks = can('par.framework.manage');
  const canManageCycles = can('par.cycle.manage');
  const showFrameworks = canManageFrameworks || canManageCycles;
  const frameworks = useQuery({ queryKey: parKeys.frameworks(purpose), queryFn: () => fetchFrameworks(purpose), enabled: showFrameworks });

  const byYear = useMemo(() => {
    const map = new Map<number, CycleSummary[]>();
    for (const c of cycles.data ?? []) map.set(c.year, [...(map.get(c.year) ?? []), c]);
    return [...map.entries()].sort((a, b) => b[0] - a[0]);
  }, [cycles.data]);

  const close = () => setModal({ type: 'none' });
  const remove = useMutation({
    mutationFn: (f: FrameworkSummary) => deleteFramework(f.id),
    onSuccess: async (_r, f) => {
      await qc.invalidateQueries({ queryKey: parKeys.allFrameworks });
      notifySuccess(t('par.frameworks.deleted', { name: f.name }));
      setModal({ type: 'none' });
    },
  });
  const isUsed = (f: FrameworkSummary) => f.cycleCount > 0 || (frameworks.data ?? []).some((x) => x.copiedFromId === f.id);
  // the unit's own assessment in the most recent cycle it takes part in
  const mine = (cycles.data ?? []).find((c) => c.myAssessmentId);

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs">
        <Stack gap={2}>
          <Title order={2}>{home.title}</Title>
          {head ? (
            <Text size="sm" c="dimmed" maw={760}>
              {t('headEval.intro')}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs">
          {head ? null : (
            <Button variant="light" leftSection={<IconPresentationAnalytics size={16} />} component={Link} to="/par/dashboard" data-testid="par-open-dashboard">
              {t('par.cycles.dashboard')}
            </Button>
          )}
          {canManageCycles ? (
            <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setModal({ type: 'cycle', framework: null })} data-testid="cycle-create">
              {t('par.cycles.create')}
            </Button>
          ) : null}
          {canManageFrameworks ? (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setModal({ type: 'import' })} data-testid="framework-import">
              {head ? t('headEval.import') : t('par.frameworks.import')}
            </Button>
          ) : null}
        </Group>
      </Group>

      {mine?.myAssessmentId ? (
        <Paper p="md" withBorder style={{ borderColor: 'var(--mantine-color-blue-4)', background: 'var(--mantine-color-blue-0)' }} data-testid="par-my-unit">
          <Group justify="space-between" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 280px', minWidth: 0 }}>
              <ThemeIcon size={42} radius="md" variant="light">
                <IconFileDescription size={24} />
              </ThemeIcon>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={700}>{head ? t('headEval.myCurrent') : t('par.cycles.myCurrent')}</Text>
                <Text size="sm" c="dimmed">
                  {t('par.cycles.myCurrentHint', { name: mine.name, stage: t(`par.stage.${mine.stage}`) })}
                </Text>
              </Stack>
            </Group>
            <Button
              size="md"
              component={Link}
              to={`/par/assessments/${mine.myAssessmentId}`}
              leftSection={<IconFileDescription size={18} />}
              data-testid="par-my-assessment"
            >
              {t('par.cycles.myAssessment')}
            </Button>
          </Group>
        </Paper>
      ) : null}

      <Stack gap="sm" data-testid="par-cycles">
        <Title order={3} size="h4">
          {head ? t('headEval.cycles') : t('par.cycles.title')}
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
            {head ? t('headEval.frameworks') : t('par.frameworks.title')}
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
                              {canManageFrameworks ? (
                                <>
                                  <Menu.Divider />
                                  <Menu.Item
                                    color="red"
                                    leftSection={<IconTrash size={16} />}
                                    disabled={isUsed(f)}
                                    title={isUsed(f) ? t('par.frameworks.inUse') : undefined}
                                    onClick={() => {
                                      remove.reset();
                                      setModal({ type: 'delete', framework: f });
                                    }}
                                    data-testid="framework-delete"
                                  >
                                    {t('par.frameworks.delete')}
                                  </Menu.Item>
                                </>
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

      <ImportFrameworkModal opened={modal.type === 'import'} purpose={purpose} onClose={close} />
      <ConfirmModal
        opened={modal.type === 'delete'}
        title={t('par.frameworks.deleteTitle')}
        message={modal.type === 'delete' ? t('par.frameworks.deleteConfirm', { name: modal.framework.name }) : ''}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (modal.type === 'delete') remove.mutate(modal.framework);
        }}
        onClose={close}
      />
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
