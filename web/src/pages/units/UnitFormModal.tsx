import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUnit, queryKeys, updateUnit } from '../../api/endpoints';
import { UNIT_KINDS, type Unit, type UnitDetail, type UnitKind, type UnitPatch } from '../../api/types';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { UnitSelect } from '../../components/UnitSelect';
import { groupName } from '../../i18n';
import { fieldError, useParentCandidates, useUnitGroups } from './hooks';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Edit this unit; create a new one when null. */
  editing: UnitDetail | null;
  /** Units valid on the current date (parent candidates). */
  units: readonly Unit[];
  defaultDate: string;
  onSaved: (unit: Unit) => void;
}

export function useKindOptions() {
  const { t } = useTranslation();
  return UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }));
}

export function useGroupOptions() {
  const groups = useUnitGroups();
  return (groups.data ?? []).map((g) => ({ value: g.code, label: groupName(g) }));
}

function UnitForm({ editing, units, defaultDate, onSaved, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const kindOptions = useKindOptions();
  const groupOptions = useGroupOptions();
  const parents = useParentCandidates(units);
  const initial = editing?.unit;
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<UnitKind | null>(initial?.kind ?? null);
  const [parentId, setParentId] = useState<string | null>(initial?.parentId ?? null);
  const [validFrom, setValidFrom] = useState<string | null>(initial ? initial.validFrom : defaultDate);
  const [validTo, setValidTo] = useState<string | null>(initial?.validTo ?? null);
  const [groupCodes, setGroupCodes] = useState<string[]>(initial?.groupCodes ?? []);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  // make sure the current parent is selectable even if it is not valid on the filter date
  const parentOptions = editing?.parent && !parents.some((p) => p.id === editing.parent?.id) ? [...parents, editing.parent] : parents;

  const mutation = useMutation({
    mutationFn: async () => {
      if (editing) {
        // send only what changed
        const before = editing.unit;
        const patch: UnitPatch = {};
        if (name.trim() !== before.name) patch.name = name.trim();
        if (parentId !== before.parentId) patch.parentId = parentId;
        if (validFrom !== before.validFrom) patch.validFrom = validFrom;
        if (validTo !== before.validTo) patch.validTo = validTo;
        if ([...groupCodes].sort().join('|') !== [...before.groupCodes].sort().join('|')) patch.groupCodes = groupCodes;
        return updateUnit(before.id, patch);
      }
      return createUnit({ code: code.trim(), name: name.trim(), kind: kind as UnitKind, parentId, validFrom, groupCodes });
    },
    onSuccess: async (unit) => {
      await qc.invalidateQueries({ queryKey: queryKeys.unitsAll });
      notifySuccess(editing ? t('units.updated', { name: name.trim() }) : t('units.created', { name: name.trim() }));
      onSaved(unit ?? { ...(editing?.unit as Unit), name: name.trim(), parentId, validFrom, validTo, groupCodes });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!editing && !code.trim()) errs.code = t('common.required');
    if (!name.trim()) errs.name = t('common.required');
    if (!editing && !kind) errs.kind = t('units.kindRequired');
    setLocalErrors(errs);
    if (Object.keys(errs).length > 0) return;
    mutation.mutate();
  };

  const err = (field: string) => localErrors[field] ?? fieldError(mutation.error, field);

  return (
    <form onSubmit={onSubmit} noValidate data-testid="unit-form">
      <Stack gap="sm">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('units.code')}
            required={!editing}
            disabled={!!editing}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={err('code')}
            data-testid="unit-form-code"
          />
          <Select
            label={t('units.kind')}
            required={!editing}
            disabled={!!editing}
            data={kindOptions}
            value={kind}
            onChange={(v) => setKind(v as UnitKind | null)}
            error={err('kind')}
            allowDeselect={false}
            data-testid="unit-form-kind"
          />
        </SimpleGrid>
        <TextInput
          label={t('units.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={err('name')}
          data-testid="unit-form-name"
        />
        <UnitSelect
          label={t('units.parent')}
          units={parentOptions}
          exclude={editing ? [editing.unit.id] : undefined}
          value={parentId}
          onChange={setParentId}
          error={err('parentId')}
          data-testid="unit-form-parent"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label={t('units.validFrom')}
            value={validFrom}
            onChange={setValidFrom}
            clearable
            error={err('validFrom')}
            data-testid="unit-form-valid-from"
          />
          {editing ? (
            <DateField
              label={t('units.validTo')}
              description={t('units.validToHint')}
              value={validTo}
              onChange={setValidTo}
              clearable
              error={err('validTo')}
              data-testid="unit-form-valid-to"
            />
          ) : null}
        </SimpleGrid>
        <MultiSelect
          label={t('units.groups')}
          data={groupOptions}
          value={groupCodes}
          onChange={setGroupCodes}
          searchable
          clearable
          error={err('groupCodes')}
          data-testid="unit-form-groups"
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="unit-form-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UnitFormModal({ opened, onClose, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={rest.editing ? t('units.editTitle', { code: rest.editing.unit.code }) : t('units.addTitle')}>
      {/* re-mount the form each time so it starts from fresh values */}
      {opened ? <UnitForm key={rest.editing?.unit.id ?? 'new'} onClose={onClose} {...rest} /> : null}
    </Modal>
  );
}
