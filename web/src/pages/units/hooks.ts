import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError } from '../../api/client';
import { fetchUnitGroups, fetchUnits, queryKeys, type UnitListParams } from '../../api/endpoints';
import type { Unit, UnitKind } from '../../api/types';
import { collator } from '../../i18n/format';

export function useUnits(params: UnitListParams) {
  const normalized: UnitListParams = { date: params.date || undefined, q: params.q || undefined, kind: params.kind || undefined };
  return useQuery({
    queryKey: queryKeys.units(normalized),
    queryFn: ({ signal }) => fetchUnits(normalized, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUnitGroups() {
  return useQuery({ queryKey: queryKeys.unitGroups, queryFn: fetchUnitGroups, staleTime: 10 * 60_000 });
}

export const KIND_COLOR: Record<UnitKind, string> = { province: 'red', agency: 'blue', district: 'gray', commune: 'teal' };

export const KIND_ORDER: Record<UnitKind, number> = { province: 0, agency: 1, district: 2, commune: 3 };

/** Units that can be a parent (province, agencies, districts). */
export function useParentCandidates(units: readonly Unit[] | undefined): Unit[] {
  return useMemo(() => (units ?? []).filter((u) => u.kind !== 'commune'), [units]);
}

export function compareUnits(a: Unit, b: Unit): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.name, b.name) || collator.compare(a.code, b.code);
}

/** Server-side validation message for a form field (problem `errors[].path`), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = error.fieldErrors.find((e) => {
    const path = e.path.replace(/^\/+/, '').replace(/^body[./]/, '');
    return path === field || path.endsWith(`.${field}`) || path.endsWith(`/${field}`);
  });
  return match?.message;
}
