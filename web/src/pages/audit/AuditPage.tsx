import {
  ActionIcon,
  Alert,
  Autocomplete,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconCircleCheck, IconFilterOff, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAudit, queryKeys, verifyAudit } from '../../api/endpoints';
import type { AuditEntry, AuditQuery } from '../../api/types';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { translateOptional } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import vi from '../../i18n/vi';

const PAGE_SIZES = ['20', '50', '100'];
const ENTITY_TYPES = Object.keys(vi.entityType);

// ---------------------------------------------------------------- JSON diff

type Flat = Map<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flatten nested JSON into dotted paths; arrays of primitives stay whole. */
function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const k of keys) flatten(value[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((x) => typeof x === 'object' && x !== null)) {
    for (let i = 0; i < value.length; i++) flatten(value[i], `${prefix}[${i}]`, out);
    if (value.length === 0) out.set(prefix, value);
  } else if (prefix) {
    out.set(prefix, value);
  } else if (value !== null && value !== undefined) {
    out.set('value', value);
  }
  return out;
}

function display(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

interface DiffRow {
  path: string;
  before: string;
  after: string;
  changed: boolean;
  inBefore: boolean;
  inAfter: boolean;
}

export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => {
    const x = display(a.get(path));
    const y = display(b.get(path));
    return { path, before: x, after: y, changed: x !== y || a.has(path) !== b.has(path), inBefore: a.has(path), inAfter: b.has(path) };
  });
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => diffJson(entry.before, entry.after), [entry]);
  const visible = showAll ? rows : rows.filter((r) => r.changed);
  return (
    <Box p="xs" data-testid={`audit-diff-${entry.id}`}>
      <Group justify="space-between" mb={6}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {t('audit.details')}
          </Text>
          {entry.ip ? (
            <Text size="xs" c="dimmed">
              {t('audit.ip', { ip: entry.ip })}
            </Text>
          ) : null}
        </Group>
        <Switch size="xs" label={t('audit.showAllFields')} checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
      </Group>
      {visible.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.noChanges')}
        </Text>
      ) : (
        <Table withTableBorder withColumnBorders bg="white" highlightOnHover={false} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="25%">{t('audit.field')}</Table.Th>
              <Table.Th>{t('audit.before')}</Table.Th>
              <Table.Th>{t('audit.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((r) => (
              <Table.Tr key={r.path}>
                <Table.Td className="json-cell" fw={600}>
                  {r.path}
                </Table.Td>
                <Table.Td className={`json-cell${r.changed && r.inBefore ? ' diff-removed' : ''}`}>
                  {r.inBefore ? (
                    r.before
                  ) : (
                    <Text span c="dimmed">
                      {t('common.none')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className={`json-cell${r.changed && r.inAfter ? ' diff-added' : ''}`}>
                  {r.inAfter ? (
                    r.after
                  ) : (
                    <Text span c="dimmed">
                      {t('common.none')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Box>
  );
}

// ---------------------------------------------------------------- page

export default function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const [debouncedEntity] = useDebouncedValue(entityType.trim(), 300);

  const query: AuditQuery = {
    actor: debouncedActor || undefined,
    action: debouncedAction || undefined,
    entityType: debouncedEntity || undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
    page,
    pageSize,
  };

  const audit = useQuery({
    queryKey: queryKeys.audit(query),
    queryFn: ({ signal }) => fetchAudit(query, signal),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: verifyAudit });

  const resetPage = () => setPage(1);
  const totalPages = Math.max(1, Math.ceil((audit.data?.total ?? 0) / pageSize));
  const hasFilters = !!(actor || action || entityType || range[0] || range[1]);

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        {can('audit.verify') ? (
          <Button
            leftSection={<IconShieldCheck size={16} />}
            variant="light"
            onClick={() => verify.mutate()}
            loading={verify.isPending}
            data-testid="audit-verify-button"
          >
            {t('audit.verify')}
          </Button>
        ) : null}
      </Group>

      {verify.error ? <ErrorAlert error={verify.error} /> : null}
      {verify.data ? (
        <Alert
          color={verify.data.ok ? 'green' : 'red'}
          variant="light"
          icon={verify.data.ok ? <IconCircleCheck size={18} /> : <IconShieldX size={18} />}
          title={verify.data.ok ? t('audit.verifyOkTitle') : t('audit.verifyBrokenTitle')}
          withCloseButton
          onClose={() => verify.reset()}
          data-testid="audit-verify-result"
          data-ok={verify.data.ok}
        >
          {verify.data.ok
            ? t('audit.verifyOk', { checked: formatNumber(verify.data.checked) })
            : t('audit.verifyBroken', { checked: formatNumber(verify.data.checked), brokenAt: verify.data.brokenAt ?? '?' })}
          {!verify.data.ok && verify.data.reason ? (
            <Text size="xs" c="dimmed" mt={4} ff="monospace" data-testid="audit-verify-reason">
              {verify.data.reason}
            </Text>
          ) : null}
        </Alert>
      ) : null}

      <Paper p="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t('audit.actor')}
            value={actor}
            onChange={(e) => {
              setActor(e.currentTarget.value);
              resetPage();
            }}
            data-testid="audit-filter-actor"
          />
          <TextInput
            label={t('audit.action')}
            value={action}
            onChange={(e) => {
              setAction(e.currentTarget.value);
              resetPage();
            }}
            data-testid="audit-filter-action"
          />
          <Autocomplete
            label={t('audit.entityType')}
            data={ENTITY_TYPES.map((code) => ({ value: code, label: code }))}
            renderOption={({ option }) => (
              <Text size="sm">
                {translateOptional('entityType', option.value)}{' '}
                <Text span size="xs" c="dimmed">
                  ({option.value})
                </Text>
              </Text>
            )}
            value={entityType}
            onChange={(v) => {
              setEntityType(v);
              resetPage();
            }}
            clearable
            data-testid="audit-filter-entity"
          />
          <DatePickerInput
            type="range"
            label={t('audit.dateRange')}
            valueFormat="DD/MM/YYYY"
            placeholder={t('common.datePlaceholder')}
            value={range}
            onChange={(v) => {
              setRange([v[0] ? v[0].slice(0, 10) : null, v[1] ? v[1].slice(0, 10) : null]);
              resetPage();
            }}
            allowSingleDateInRange
            clearable
            data-testid="audit-filter-range"
          />
        </SimpleGrid>
        {hasFilters ? (
          <Button
            variant="subtle"
            size="xs"
            mt="xs"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => {
              setActor('');
              setAction('');
              setEntityType('');
              setRange([null, null]);
              resetPage();
            }}
          >
            {t('audit.clearFilters')}
          </Button>
        ) : null}
      </Paper>

      <Paper p="sm">
        {audit.isError ? <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} /> : null}
        {audit.isPending ? (
          <Center h={160}>
            <Loader size="sm" />
          </Center>
        ) : null}
        {audit.data ? (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table data-testid="audit-table" style={{ opacity: audit.isPlaceholderData ? 0.6 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={36} />
                    <Table.Th w={150}>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.entityType')}</Table.Th>
                    <Table.Th>{t('audit.entityId')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {audit.data.items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text size="sm" c="dimmed" ta="center" py="md">
                          {t('audit.empty')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  {audit.data.items.map((entry) => {
                    const id = String(entry.id);
                    const open = expanded.has(id);
                    return (
                      <Fragment key={id}>
                        <Table.Tr data-testid={`audit-row-${id}`} onClick={() => toggle(id)} style={{ cursor: 'pointer' }}>
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              aria-label={open ? t('audit.collapse') : t('audit.expand')}
                              aria-expanded={open}
                              data-testid={`audit-expand-${id}`}
                            >
                              {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            </ActionIcon>
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                          <Table.Td>{entry.actorName ?? t('common.none')}</Table.Td>
                          <Table.Td>
                            <Text size="sm">{translateOptional('auditAction', entry.action)}</Text>
                            <Text size="xs" c="dimmed" ff="monospace">
                              {entry.action}
                            </Text>
                          </Table.Td>
                          <Table.Td>{translateOptional('entityType', entry.entityType)}</Table.Td>
                          <Table.Td>
                            {entry.entityLabel ? <Text size="sm">{entry.entityLabel}</Text> : null}
                            <Text ff="monospace" fz="xs" c={entry.entityLabel ? 'dimmed' : undefined}>
                              {entry.entityId ?? t('common.none')}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                        {open ? (
                          <Table.Tr bg="gray.0">
                            <Table.Td colSpan={6} p={0}>
                              <AuditDiff entry={entry} />
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="sm" gap="xs">
              <Text size="sm" c="dimmed" data-testid="audit-total">
                {t('common.total', { count: formatNumber(audit.data.total) })}
              </Text>
              <Group gap="sm">
                <Select
                  size="xs"
                  w={80}
                  aria-label={t('common.pageSize')}
                  data={PAGE_SIZES}
                  value={String(pageSize)}
                  onChange={(v) => {
                    setPageSize(Number(v ?? 20));
                    resetPage();
                  }}
                  allowDeselect={false}
                />
                <Pagination size="sm" total={totalPages} value={page} onChange={setPage} data-testid="audit-pagination" />
              </Group>
            </Group>
          </>
        ) : null}
      </Paper>
    </Stack>
  );
}
