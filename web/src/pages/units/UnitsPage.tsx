import { ActionIcon, Box, Button, Center, Drawer, Grid, Group, Loader, Paper, ScrollArea, Select, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import {
  IconArrowMerge,
  IconArrowsSplit,
  IconCalendarDue,
  IconDownload,
  IconFoldDown,
  IconFoldUp,
  IconPlus,
  IconSearch,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { UNITS_EXPORT_URL } from '../../api/endpoints';
import { UNIT_KINDS, type Unit, type UnitDetail, type UnitKind } from '../../api/types';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber, todayIso } from '../../i18n/format';
import { useUnits } from './hooks';
import { ImportModal } from './ImportModal';
import { MergeModal, SplitModal } from './LineageModals';
import { UnitDetailPanel } from './UnitDetailPanel';
import { UnitFormModal } from './UnitFormModal';
import { UnitTree } from './UnitTree';

function isKind(value: string | null): value is UnitKind {
  return !!value && (UNIT_KINDS as readonly string[]).includes(value);
}

type ModalState =
  | { type: 'none' }
  | { type: 'form'; editing: UnitDetail | null }
  | { type: 'merge'; unit: Unit | null }
  | { type: 'split'; unit: Unit | null }
  | { type: 'import' };

export default function UnitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const isMobile = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });

  const date = params.get('date') || todayIso();
  const q = params.get('q') ?? '';
  const kindParam = params.get('kind');
  const kind: UnitKind | '' = isKind(kindParam) ? kindParam : '';
  const selectedId = params.get('unit');

  const [qInput, setQInput] = useState(q);
  const [debouncedQ] = useDebouncedValue(qInput, 300);
  const [modal, setModal] = useState<ModalState>({ type: 'none' });
  const [collapseSignal, setCollapseSignal] = useState(0);
  const [expandSignal, setExpandSignal] = useState(0);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  // push the debounced search text into the URL (→ API ?q=)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only react to the user's typing, not to URL changes
  useEffect(() => {
    if (debouncedQ.trim() !== q) update({ q: debouncedQ.trim() || null });
  }, [debouncedQ]);

  const list = useUnits({ date, q, kind });
  const onDate = useUnits({ date }); // unfiltered list on the date: choices in forms
  const filtering = q !== '' || kind !== '';

  const selectUnit = useCallback((unit: Unit) => update({ unit: unit.id }), [update]);

  /** Go to a unit, switching the date filter so that it is visible and clearing filters that could hide it. */
  const navigateTo = useCallback(
    (unitId: string, newDate?: string) => {
      setQInput('');
      update({ unit: unitId, date: newDate ?? date, q: null, kind: null });
    },
    [update, date],
  );

  const closeModal = () => setModal({ type: 'none' });

  const detail = selectedId ? (
    <UnitDetailPanel
      key={selectedId}
      unitId={selectedId}
      date={date}
      onNavigate={navigateTo}
      canEdit={can('unit.update')}
      canMerge={can('unit.merge')}
      onEdit={(d) => setModal({ type: 'form', editing: d })}
      onMerge={(u) => setModal({ type: 'merge', unit: u })}
      onSplit={(u) => setModal({ type: 'split', unit: u })}
    />
  ) : (
    <Center h={200}>
      <Text c="dimmed" size="sm" ta="center">
        {t('units.selectHint')}
      </Text>
    </Center>
  );

  const count = list.data?.length ?? 0;
  const btnSize = isMobile ? 'xs' : 'sm';

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center" gap="xs">
        <Title order={2}>{t('units.title')}</Title>
        <Group gap={isMobile ? 6 : 'xs'}>
          {can('unit.create') ? (
            <Button size={btnSize} leftSection={<IconPlus size={16} />} onClick={() => setModal({ type: 'form', editing: null })} data-testid="unit-add-button">
              {t('units.add')}
            </Button>
          ) : null}
          {can('unit.merge') ? (
            <>
              <Button
                size={btnSize}
                variant="light"
                color="grape"
                leftSection={<IconArrowMerge size={16} />}
                onClick={() => setModal({ type: 'merge', unit: null })}
                data-testid="merge-button"
              >
                {t('units.merge')}
              </Button>
              <Button
                size={btnSize}
                variant="light"
                color="orange"
                leftSection={<IconArrowsSplit size={16} />}
                onClick={() => setModal({ type: 'split', unit: null })}
                data-testid="split-button"
              >
                {t('units.split')}
              </Button>
            </>
          ) : null}
          {can('unit.import') ? (
            <Button
              size={btnSize}
              variant="default"
              leftSection={<IconUpload size={16} />}
              onClick={() => setModal({ type: 'import' })}
              data-testid="import-button"
            >
              {t('units.import')}
            </Button>
          ) : null}
          {can('unit.export') ? (
            <Button
              size={btnSize}
              component="a"
              href={UNITS_EXPORT_URL}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
              data-testid="export-button"
            >
              {t('units.export')}
            </Button>
          ) : null}
        </Group>
      </Group>

      <Paper p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DateField
            label={t('units.effectiveDate')}
            value={date}
            onChange={(v) => update({ date: v ?? null })}
            w={{ base: '100%', xs: 170 }}
            rightSection={
              <Tooltip label={t('common.today')}>
                <ActionIcon variant="subtle" size="sm" onClick={() => update({ date: null })} aria-label={t('common.today')} data-testid="units-date-today">
                  <IconCalendarDue size={16} />
                </ActionIcon>
              </Tooltip>
            }
            data-testid="units-date"
          />
          <TextInput
            label={t('common.search')}
            placeholder={t('units.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            rightSection={
              qInput ? (
                <ActionIcon variant="subtle" size="sm" color="gray" onClick={() => setQInput('')} aria-label={t('common.reset')}>
                  <IconX size={14} />
                </ActionIcon>
              ) : null
            }
            value={qInput}
            onChange={(e) => setQInput(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
            data-testid="units-search"
          />
          <Select
            label={t('units.kindFilter')}
            placeholder={t('units.allKinds')}
            data={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
            value={kind || null}
            onChange={(v) => update({ kind: v })}
            clearable
            w={{ base: '100%', xs: 190 }}
            data-testid="units-kind-filter"
          />
        </Group>
      </Paper>

      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p={0}>
            <Group justify="space-between" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
              <Group gap={6}>
                <Text size="sm" c="dimmed" data-testid="units-count">
                  {t('units.count', { count: formatNumber(count) })}
                </Text>
                {list.isFetching ? <Loader size={14} /> : null}
              </Group>
              <Group gap={2}>
                <Tooltip label={t('units.expandAll')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => setExpandSignal((n) => n + 1)}
                    aria-label={t('units.expandAll')}
                    disabled={filtering}
                  >
                    <IconFoldDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('units.collapseAll')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => setCollapseSignal((n) => n + 1)}
                    aria-label={t('units.collapseAll')}
                    disabled={filtering}
                  >
                    <IconFoldUp size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            <ScrollArea.Autosize mah={isMobile ? '60vh' : 'calc(100vh - 290px)'} type="auto" offsetScrollbars>
              <Box p={4} mih={120}>
                {list.isPending ? (
                  <Center h={120}>
                    <Loader size="sm" />
                  </Center>
                ) : list.isError ? (
                  <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
                ) : count === 0 ? (
                  <Center h={120} px="md">
                    <Text size="sm" c="dimmed" ta="center" data-testid="units-empty">
                      {t('units.empty')}
                    </Text>
                  </Center>
                ) : (
                  <UnitTree
                    units={list.data}
                    selectedId={selectedId}
                    onSelect={selectUnit}
                    expandAll={filtering}
                    collapseSignal={collapseSignal}
                    expandSignal={expandSignal}
                  />
                )}
              </Box>
            </ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        {!isMobile ? (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper p="md" mih={200} pos="sticky" top={70}>
              {detail}
            </Paper>
          </Grid.Col>
        ) : null}
      </Grid>

      {isMobile ? (
        <Drawer opened={!!selectedId} onClose={() => update({ unit: null })} position="bottom" size="85%" data-testid="unit-detail-drawer">
          {detail}
        </Drawer>
      ) : null}

      <UnitFormModal
        opened={modal.type === 'form'}
        onClose={closeModal}
        editing={modal.type === 'form' ? modal.editing : null}
        units={onDate.data ?? []}
        defaultDate={date}
        onSaved={(unit) => {
          closeModal();
          navigateTo(unit.id, unit.validFrom && unit.validFrom > date ? unit.validFrom : date);
        }}
      />
      <MergeModal
        opened={modal.type === 'merge'}
        onClose={closeModal}
        units={onDate.data ?? []}
        defaultDate={date}
        initialUnit={modal.type === 'merge' ? modal.unit : null}
        onDone={(unit, d) => {
          closeModal();
          navigateTo(unit.id, d);
        }}
      />
      <SplitModal
        opened={modal.type === 'split'}
        onClose={closeModal}
        units={onDate.data ?? []}
        defaultDate={date}
        initialUnit={modal.type === 'split' ? modal.unit : null}
        onDone={(unit, d) => {
          closeModal();
          navigateTo(unit.id, d);
        }}
      />
      <ImportModal opened={modal.type === 'import'} onClose={closeModal} />
    </Stack>
  );
}
