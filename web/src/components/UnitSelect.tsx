import { type ComboboxItem, MultiSelect, type MultiSelectProps, type OptionsFilter, Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../api/types';
import { collator, foldText } from '../i18n/format';

export function unitLabel(unit: Pick<Unit, 'code' | 'name'>): string {
  return `${unit.name} (${unit.code})`;
}

/** Accent-insensitive option filter ("da nang" finds "Đà Nẵng"). */
export const foldFilter: OptionsFilter = ({ options, search, limit }) => {
  const needle = foldText(search.trim());
  const result: ComboboxItem[] = [];
  for (const option of options) {
    if ('group' in option) continue;
    if (!needle || foldText(option.label).includes(needle)) {
      result.push(option);
      if (result.length >= limit) break;
    }
  }
  return result;
};

function useUnitOptions(units: readonly Unit[], exclude?: readonly string[]): ComboboxItem[] {
  return useMemo(() => {
    const skip = new Set(exclude ?? []);
    return [...units]
      .filter((u) => !skip.has(u.id))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((u) => ({ value: u.id, label: unitLabel(u) }));
  }, [units, exclude]);
}

type UnitSelectProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  units: readonly Unit[];
  value: string | null;
  onChange: (id: string | null) => void;
  exclude?: readonly string[];
};

export function UnitSelect({ units, value, onChange, exclude, ...rest }: UnitSelectProps) {
  const { t } = useTranslation();
  const data = useUnitOptions(units, exclude);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      filter={foldFilter}
      limit={100}
      placeholder={t('units.selectUnit')}
      nothingFoundMessage={t('units.nothingFound')}
      {...rest}
    />
  );
}

type UnitMultiSelectProps = Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & {
  units: readonly Unit[];
  value: string[];
  onChange: (ids: string[]) => void;
};

export function UnitMultiSelect({ units, value, onChange, ...rest }: UnitMultiSelectProps) {
  const { t } = useTranslation();
  const data = useUnitOptions(units);
  return (
    <MultiSelect
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      filter={foldFilter}
      limit={100}
      placeholder={t('units.selectUnit')}
      nothingFoundMessage={t('units.nothingFound')}
      {...rest}
    />
  );
}
