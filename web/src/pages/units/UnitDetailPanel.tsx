import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowMerge, IconArrowRight, IconArrowsSplit, IconEdit, IconHistory, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUnit, fetchUnitLineage, queryKeys } from '../../api/endpoints';
import type { LineageLink, Unit, UnitDetail } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { groupName } from '../../i18n';
import { addDays, formatDate, isValidOn } from '../../i18n/format';
import { KIND_COLOR } from './hooks';

/** A date on which `unit` exists, as close as possible to `preferred`. */
export function visibleDate(unit: Pick<Unit, 'validFrom' | 'validTo'>, preferred: string): string {
  if (isValidOn(unit, preferred)) return preferred;
  if (unit.validTo && preferred >= unit.validTo) return addDays(unit.validTo, -1);
  if (unit.validFrom && preferred < unit.validFrom) return unit.validFrom;
  return preferred;
}

export function useValidityText() {
  const { t } = useTranslation();
  return (unit: Pick<Unit, 'validFrom' | 'validTo'>) =>
    t('units.validRange', {
      from: unit.validFrom ? formatDate(unit.validFrom) : t('units.unknownDate'),
      to: unit.validTo ? formatDate(addDays(unit.validTo, -1)) : t('common.present'),
    });
}

interface Props {
  unitId: string;
  date: string;
  onNavigate: (unitId: string, date?: string) => void;
  canEdit: boolean;
  canMerge: boolean;
  onEdit: (detail: UnitDetail) => void;
  onMerge: (unit: Unit) => void;
  onSplit: (unit: Unit) => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={150} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function LineageEntry({
  link,
  direction,
  onNavigate,
}: {
  link: LineageLink;
  direction: 'predecessor' | 'successor';
  onNavigate: (unitId: string, date?: string) => void;
}) {
  const { t } = useTranslation();
  const kindLabel =
    direction === 'successor'
      ? { merge: t('units.successorMerge'), split: t('units.successorSplit'), rename: t('units.successorRename') }[link.kind]
      : { merge: t('units.predecessorMerge'), split: t('units.predecessorSplit'), rename: t('units.predecessorRename') }[link.kind];
  // successors exist from the event date on; predecessors up to the day before
  const preferred = direction === 'successor' ? link.date : addDays(link.date, -1);
  const target = visibleDate(link.unit, preferred);
  return (
    <UnstyledButton
      className="lineage-entry"
      onClick={() => onNavigate(link.unit.id, target)}
      data-testid={`lineage-${direction}-${link.unit.code}`}
      data-lineage-entry={direction}
      aria-label={`${kindLabel}: ${link.unit.name}`}
    >
      <Paper p="xs" withBorder radius="sm" style={{ borderLeft: '3px solid var(--mantine-color-blue-6)' }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Badge size="sm" variant="light" color={link.kind === 'merge' ? 'grape' : link.kind === 'split' ? 'orange' : 'gray'}>
                {kindLabel}
              </Badge>
              {link.partial ? (
                <Badge size="sm" variant="outline" color="orange" data-testid="lineage-partial">
                  {t('units.partial')}
                </Badge>
              ) : null}
              <Text size="xs" c="dimmed">
                {t('units.onDate', { date: formatDate(link.date) })}
              </Text>
            </Group>
            <Text size="sm" fw={600} mt={4} truncate>
              {link.unit.name}{' '}
              <Text span size="xs" c="dimmed" ff="monospace">
                {link.unit.code}
              </Text>
            </Text>
            {link.note ? (
              <Text size="xs" c="dimmed" mt={2}>
                {link.note}
              </Text>
            ) : null}
          </div>
          <IconArrowRight size={16} color="var(--mantine-color-gray-6)" style={{ flex: 'none' }} />
        </Group>
      </Paper>
    </UnstyledButton>
  );
}

function CarriedBy({ unitId, date, onNavigate }: { unitId: string; date: string; onNavigate: Props['onNavigate'] }) {
  const { t } = useTranslation();
  const lineage = useQuery({
    queryKey: queryKeys.unitLineage(unitId, date),
    queryFn: ({ signal }) => fetchUnitLineage(unitId, date, signal),
  });
  return (
    <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} data-testid="unit-not-valid">
      <Text size="sm">{t('units.notValidOnDate', { date: formatDate(date) })}</Text>
      {lineage.data && lineage.data.length > 0 ? (
        <>
          <Text size="sm" mt={4}>
            {t('units.carriedBy', { date: formatDate(date) })}
          </Text>
          <Stack gap={2} mt={4}>
            {lineage.data.map((u) => (
              <Anchor
                key={u.id}
                component="button"
                type="button"
                size="sm"
                ta="left"
                onClick={() => onNavigate(u.id, date)}
                data-testid={`carried-by-${u.code}`}
              >
                {u.name} ({u.code})
              </Anchor>
            ))}
          </Stack>
        </>
      ) : null}
    </Alert>
  );
}

export function UnitDetailPanel({ unitId, date, onNavigate, canEdit, canMerge, onEdit, onMerge, onSplit }: Props) {
  const { t } = useTranslation();
  const validity = useValidityText();
  const detail = useQuery({
    queryKey: queryKeys.unit(unitId),
    queryFn: ({ signal }) => fetchUnit(unitId, signal),
  });

  if (detail.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton h={28} w="60%" />
        <Skeleton h={160} />
        <Skeleton h={80} />
      </Stack>
    );
  }
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;

  const { unit, parent, groups, predecessors, successors } = detail.data;
  const validOnDate = isValidOn(unit, date);

  return (
    <Stack gap="md" data-testid="unit-detail" data-unit-code={unit.code}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('units.detailTitle')}
          </Text>
          <Title order={3} data-testid="unit-detail-name">
            {unit.name}
          </Title>
        </div>
        <Group gap="xs">
          {canEdit ? (
            <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => onEdit(detail.data)} data-testid="unit-edit-button">
              {t('units.edit')}
            </Button>
          ) : null}
          {canMerge && validOnDate ? (
            <>
              <Button
                size="xs"
                variant="light"
                color="grape"
                leftSection={<IconArrowMerge size={14} />}
                onClick={() => onMerge(unit)}
                data-testid="unit-merge-button"
              >
                {t('units.merge')}
              </Button>
              <Button
                size="xs"
                variant="light"
                color="orange"
                leftSection={<IconArrowsSplit size={14} />}
                onClick={() => onSplit(unit)}
                data-testid="unit-split-button"
              >
                {t('units.split')}
              </Button>
            </>
          ) : null}
        </Group>
      </Group>

      {!validOnDate ? <CarriedBy unitId={unit.id} date={date} onNavigate={onNavigate} /> : null}

      <Table withRowBorders={false} verticalSpacing={4} highlightOnHover={false} data-testid="unit-detail-fields">
        <Table.Tbody>
          <Field label={t('units.code')}>
            <Text size="sm" ff="monospace" data-testid="unit-detail-code">
              {unit.code}
            </Text>
          </Field>
          <Field label={t('units.name')}>{unit.name}</Field>
          <Field label={t('units.kind')}>
            <Badge variant="light" color={KIND_COLOR[unit.kind]} data-testid="unit-detail-kind">
              {t(`unitKind.${unit.kind}`)}
            </Badge>
          </Field>
          <Field label={t('units.parent')}>
            {parent ? (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => onNavigate(parent.id, visibleDate(parent, date))}
                data-testid="unit-detail-parent"
              >
                {parent.name} ({parent.code})
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('units.noParent')}
              </Text>
            )}
          </Field>
          <Field label={t('units.validity')}>
            <Text size="sm" data-testid="unit-detail-validity">
              {validity(unit)}
            </Text>
          </Field>
          <Field label={t('units.groups')}>
            {groups.length > 0 ? (
              <Group gap={4}>
                {groups.map((g) => (
                  <Badge key={g.code} variant="outline" color="gray" title={g.code}>
                    {groupName(g)}
                  </Badge>
                ))}
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('units.noGroups')}
              </Text>
            )}
          </Field>
          {unit.note ? (
            <Field label={t('units.note')}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {unit.note}
              </Text>
            </Field>
          ) : null}
        </Table.Tbody>
      </Table>

      <div>
        <Group gap={6} mb="xs">
          <IconHistory size={18} />
          <Title order={5}>{t('units.lineage')}</Title>
        </Group>
        {predecessors.length === 0 && successors.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('units.noLineage')}
          </Text>
        ) : null}
        {predecessors.length > 0 ? (
          <Stack gap={6} mb="sm" data-testid="unit-predecessors">
            <Text size="sm" fw={600}>
              {t('units.predecessors')}
            </Text>
            {predecessors.map((link) => (
              <LineageEntry key={`p-${link.unit.id}-${link.date}`} link={link} direction="predecessor" onNavigate={onNavigate} />
            ))}
          </Stack>
        ) : null}
        {successors.length > 0 ? (
          <Stack gap={6} data-testid="unit-successors">
            <Text size="sm" fw={600}>
              {t('units.successors')}
            </Text>
            {successors.map((link) => (
              <LineageEntry key={`s-${link.unit.id}-${link.date}`} link={link} direction="successor" onNavigate={onNavigate} />
            ))}
          </Stack>
        ) : null}
      </div>
    </Stack>
  );
}
