/**
 * What changed in a framework against another one (usually last year's): nodes matched by code.
 * The PAR office reviews this before opening a cycle on a copied framework.
 */
export interface DiffNode {
  code: string;
  parentCode: string | null;
  title: string;
  maxPoints: string;
  source: string;
  kind: string;
  method: unknown;
  guidance: string | null;
}

export type FieldName = 'parentCode' | 'title' | 'maxPoints' | 'source' | 'kind' | 'method' | 'guidance';

export interface FrameworkDiff {
  added: DiffNode[];
  removed: DiffNode[];
  changed: { code: string; fields: { field: FieldName; before: unknown; after: unknown }[] }[];
  unchanged: number;
}

const FIELDS: FieldName[] = ['parentCode', 'title', 'maxPoints', 'source', 'kind', 'method', 'guidance'];

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) === Number(b);
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function diffFrameworks(before: readonly DiffNode[], after: readonly DiffNode[]): FrameworkDiff {
  const old = new Map(before.map((n) => [n.code, n]));
  const now = new Map(after.map((n) => [n.code, n]));
  const diff: FrameworkDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const n of after) {
    const o = old.get(n.code);
    if (!o) {
      diff.added.push(n);
      continue;
    }
    const fields = FIELDS.filter((f) => !same(o[f], n[f])).map((f) => ({ field: f, before: o[f], after: n[f] }));
    if (fields.length) diff.changed.push({ code: n.code, fields });
    else diff.unchanged++;
  }
  for (const o of before) if (!now.has(o.code)) diff.removed.push(o);
  return diff;
}
