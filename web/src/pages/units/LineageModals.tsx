import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mergeUnits, queryKeys, splitUnit } from '../../api/endpoints';
import type { NewSuccessor, Unit, UnitKind } from '../../api/types';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { UnitMultiSelect, UnitSelect } from '../../components/UnitSelect';
import { fieldError, useParentCandidates } from './hooks';
import { useGroupOptions, useKindOptions } from './UnitFormModal';

interface DraftUnit {
  code: string;
  name: string;
  kind: UnitKind | null;
  parentId: string | null;
  groupCodes: string[];
  partial: boolean;
}

function emptyDraft(template?: Unit | null): DraftUnit {
  return {
    code: '',
    name: '',
    kind: template?.kind ?? null,
    parentId: template?.parentId ?? null,
    groupCodes: template?.groupCodes ?? [],
    partial: false,
  };
}

function toSuccessor(d: DraftUnit): NewSuccessor {
  return { code: d.code.trim(), name: d.name.trim(), kind: d.kind as UnitKind, parentId: d.parentId, groupCodes: d.groupCodes };
}

type DraftErrors = Partial<Record<'code' | 'name' | 'kind', string>>;

function validateDraft(d: DraftUnit, required: string, kindRequired: string): DraftErrors {
  const errs: DraftErrors = {};
  if (!d.code.trim()) errs.code = required;
  if (!d.name.trim()) errs.name = required;
  if (!d.kind) errs.kind = kindRequired;
  return errs;
}

function DraftFields({
  draft,
  onChange,
  parents,
  errors,
  prefix,
  showPartial = false,
}: {
  draft: DraftUnit;
  onChange: (d: DraftUnit) => void;
  parents: readonly Unit[];
  errors: DraftErrors;
  prefix: string;
  showPartial?: boolean;
}) {
  const { t } = useTranslation();
  const kindOptions = useKindOptions();
  const groupOptions = useGroupOptions();
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput
          label={t('units.code')}
          required
          value={draft.code}
          onChange={(e) => onChange({ ...draft, code: e.currentTarget.value })}
          error={errors.code}
          data-testid={`${prefix}-code`}
        />
        <Select
          label={t('units.kind')}
          required
          data={kindOptions}
          value={draft.kind}
          onChange={(v) => onChange({ ...draft, kind: v as UnitKind | null })}
          allowDeselect={false}
          error={errors.kind}
          data-testid={`${prefix}-kind`}
        />
      </SimpleGrid>
      <TextInput
        label={t('units.name')}
        required
        value={draft.name}
        onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
        error={errors.name}
        data-testid={`${prefix}-name`}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <UnitSelect
          label={t('units.parent')}
          units={parents}
          value={draft.parentId}
          onChange={(parentId) => onChange({ ...draft, parentId })}
          data-testid={`${prefix}-parent`}
        />
        <MultiSelect
          label={t('units.groups')}
          data={groupOptions}
          value={draft.groupCodes}
          onChange={(groupCodes) => onChange({ ...draft, groupCodes })}
          searchable
          clearable
          data-testid={`${prefix}-groups`}
        />
      </SimpleGrid>
      {showPartial ? (
        <Checkbox
          label={t('units.splitPartial')}
          checked={draft.partial}
          onChange={(e) => onChange({ ...draft, partial: e.currentTarget.checked })}
          data-testid={`${prefix}-partial`}
        />
      ) : null}
    </Stack>
  );
}

interface CommonProps {
  opened: boolean;
  onClose: () => void;
  /** Units valid on the current date. */
  units: readonly Unit[];
  defaultDate: string;
  /** Pre-selected unit (from the detail panel). */
  initialUnit: Unit | null;
  onDone: (unit: Unit, date: string) => void;
}

// ---------------------------------------------------------------- merge

function MergeForm({ onClose, units, defaultDate, initialUnit, onDone }: Omit<CommonProps, 'opened'>) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const parents = useParentCandidates(units);
  const [predecessorIds, setPredecessorIds] = useState<string[]>(initialUnit ? [initialUnit.id] : []);
  const [date, setDate] = useState<string | null>(defaultDate);
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [existingId, setExistingId] = useState<string | null>(null);
  const [draft, setDraft] = useState<DraftUnit>(() => emptyDraft(initialUnit));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ predecessors?: string; date?: string; existing?: string; draft: DraftErrors }>({ draft: {} });

  const mutation = useMutation({
    mutationFn: () =>
      mergeUnits({
        predecessorIds,
        date: date as string,
        successor: mode === 'existing' ? { existingId: existingId as string } : toSuccessor(draft),
        note: note.trim() || undefined,
      }),
    onSuccess: async (successor) => {
      await qc.invalidateQueries({ queryKey: queryKeys.unitsAll });
      notifySuccess(t('units.merged', { name: successor.name }));
      onDone(successor, date as string);
    },
  });

  const onPredecessorsChange = (ids: string[]) => {
    setPredecessorIds(ids);
    // pre-fill kind/parent/groups of the new unit from the first unit being merged
    const first = units.find((u) => u.id === ids[0]);
    if (first) setDraft((d) => (d.kind ? d : { ...emptyDraft(first), code: d.code, name: d.name }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = { draft: {} };
    // a new unit needs 2+ predecessors; merging into an existing unit needs at least one other unit
    if (mode === 'new' && predecessorIds.length < 2) next.predecessors = t('units.mergeMinTwo');
    if (mode === 'existing' && predecessorIds.length < 1) next.predecessors = t('units.mergeMinOne');
    if (!date) next.date = t('units.dateRequired');
    if (mode === 'existing' && !existingId) next.existing = t('common.required');
    if (mode === 'new') next.draft = validateDraft(draft, t('common.required'), t('units.kindRequired'));
    setErrors(next);
    if (next.predecessors || next.date || next.existing || Object.keys(next.draft).length > 0) return;
    mutation.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="merge-form">
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t('units.mergeHint')}</Text>
        </Alert>
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <UnitMultiSelect
          label={t('units.mergePredecessors')}
          required
          units={units}
          value={predecessorIds}
          onChange={onPredecessorsChange}
          error={errors.predecessors ?? fieldError(mutation.error, 'predecessorIds')}
          data-testid="merge-predecessors"
        />
        <DateField
          label={t('units.lineageDate')}
          required
          value={date}
          onChange={setDate}
          error={errors.date ?? fieldError(mutation.error, 'date')}
          data-testid="merge-date"
        />
        <Paper p="sm" bg="gray.0">
          <Text size="sm" fw={600} mb="xs">
            {t('units.mergeSuccessor')}
          </Text>
          <SegmentedControl
            fullWidth
            mb="sm"
            value={mode}
            onChange={(v) => setMode(v === 'existing' ? 'existing' : 'new')}
            data={[
              { value: 'new', label: <span data-testid="merge-mode-new">{t('units.mergeNewUnit')}</span> },
              { value: 'existing', label: <span data-testid="merge-mode-existing">{t('units.mergeExistingUnit')}</span> },
            ]}
            data-testid="merge-mode"
          />
          {mode === 'new' ? (
            <DraftFields draft={draft} onChange={setDraft} parents={parents} errors={errors.draft} prefix="merge" />
          ) : (
            <UnitSelect
              label={t('units.mergeExistingSelect')}
              required
              units={units}
              exclude={predecessorIds}
              value={existingId}
              onChange={setExistingId}
              error={errors.existing}
              data-testid="merge-existing"
            />
          )}
        </Paper>
        <Textarea label={t('units.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="merge-note" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="grape" loading={mutation.isPending} data-testid="merge-submit">
            {t('units.mergeSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MergeModal({ opened, onClose, ...rest }: CommonProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('units.mergeTitle')} size="xl">
      {opened ? <MergeForm onClose={onClose} {...rest} /> : null}
    </Modal>
  );
}

// ---------------------------------------------------------------- split

function SplitForm({ onClose, units, defaultDate, initialUnit, onDone }: Omit<CommonProps, 'opened'>) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const parents = useParentCandidates(units);
  const [predecessorId, setPredecessorId] = useState<string | null>(initialUnit?.id ?? null);
  const [date, setDate] = useState<string | null>(defaultDate);
  const [drafts, setDrafts] = useState<DraftUnit[]>(() => [emptyDraft(initialUnit), emptyDraft(initialUnit)]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ predecessor?: string; date?: string; successors?: string; drafts: DraftErrors[] }>({ drafts: [] });

  const mutation = useMutation({
    mutationFn: () =>
      splitUnit({
        predecessorId: predecessorId as string,
        date: date as string,
        successors: drafts.map((d) => ({ ...toSuccessor(d), partial: d.partial })),
        note: note.trim() || undefined,
      }),
    onSuccess: async (successors) => {
      await qc.invalidateQueries({ queryKey: queryKeys.unitsAll });
      notifySuccess(t('units.splitDone', { count: successors.length }));
      const first = successors[0];
      if (first) onDone(first, date as string);
      else onClose();
    },
  });

  const onPredecessorChange = (id: string | null) => {
    setPredecessorId(id);
    const template = units.find((u) => u.id === id);
    // pre-fill kind/parent/groups of untouched rows from the unit being split
    if (template) setDrafts((ds) => ds.map((d) => (d.code || d.name ? d : emptyDraft(template))));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = { drafts: drafts.map((d) => validateDraft(d, t('common.required'), t('units.kindRequired'))) };
    if (!predecessorId) next.predecessor = t('common.required');
    if (!date) next.date = t('units.dateRequired');
    if (drafts.length < 2) next.successors = t('units.splitMinTwo');
    setErrors(next);
    if (next.predecessor || next.date || next.successors || next.drafts.some((d) => Object.keys(d).length > 0)) return;
    mutation.mutate();
  };

  const template = units.find((u) => u.id === predecessorId) ?? initialUnit;

  return (
    <form onSubmit={onSubmit} noValidate data-testid="split-form">
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t('units.splitHint')}</Text>
        </Alert>
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <UnitSelect
            label={t('units.splitPredecessor')}
            required
            units={units}
            value={predecessorId}
            onChange={onPredecessorChange}
            error={errors.predecessor ?? fieldError(mutation.error, 'predecessorId')}
            data-testid="split-predecessor"
          />
          <DateField
            label={t('units.lineageDate')}
            required
            value={date}
            onChange={setDate}
            error={errors.date ?? fieldError(mutation.error, 'date')}
            data-testid="split-date"
          />
        </SimpleGrid>
        <Text size="sm" fw={600}>
          {t('units.splitSuccessors')}
        </Text>
        {errors.successors ? (
          <Text size="sm" c="red">
            {errors.successors}
          </Text>
        ) : null}
        {drafts.map((draft, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <Paper key={i} p="sm" bg="gray.0" data-testid={`split-successor-${i}`}>
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={600}>
                {t('units.splitSuccessorN', { n: i + 1 })}
              </Text>
              <Tooltip label={t('common.remove')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  disabled={drafts.length <= 2}
                  onClick={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}
                  aria-label={t('common.remove')}
                  data-testid={`split-remove-${i}`}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <DraftFields
              draft={draft}
              onChange={(d) => setDrafts((ds) => ds.map((x, j) => (j === i ? d : x)))}
              parents={parents}
              errors={errors.drafts[i] ?? {}}
              prefix={`split-${i}`}
              showPartial
            />
          </Paper>
        ))}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          onClick={() => setDrafts((ds) => [...ds, emptyDraft(template)])}
          data-testid="split-add"
          style={{ alignSelf: 'flex-start' }}
        >
          {t('units.splitAddSuccessor')}
        </Button>
        <Textarea label={t('units.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="split-note" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="orange" loading={mutation.isPending} data-testid="split-submit">
            {t('units.splitSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SplitModal({ opened, onClose, ...rest }: CommonProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('units.splitTitle')} size="xl">
      {opened ? <SplitForm onClose={onClose} {...rest} /> : null}
    </Modal>
  );
}
