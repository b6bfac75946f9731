import { describe, expect, it } from 'vitest';
import { type DiffNode, diffFrameworks } from './diff.ts';

const n = (code: string, over: Partial<DiffNode> = {}): DiffNode => ({
  code,
  parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
  title: `Tiêu chí ${code}`,
  maxPoints: '2',
  source: 'self',
  kind: 'normal',
  method: { type: 'direct' },
  guidance: null,
  ...over,
});

describe('framework diff against last year', () => {
  it('finds added, removed and changed nodes by code; equal decimals are not changes', () => {
    const last = [n('1', { maxPoints: '4' }), n('1.1'), n('1.2'), n('2', { maxPoints: '2.50' })];
    const next = [n('1', { maxPoints: '4' }), n('1.1', { maxPoints: '1.5', title: 'Ban hành kế hoạch CCHC năm' }), n('1.3'), n('2', { maxPoints: '2.5' })];
    const d = diffFrameworks(last, next);
    expect(d.added.map((x) => x.code)).toEqual(['1.3']);
    expect(d.removed.map((x) => x.code)).toEqual(['1.2']);
    expect(d.changed).toEqual([
      {
        code: '1.1',
        fields: [
          { field: 'title', before: 'Tiêu chí 1.1', after: 'Ban hành kế hoạch CCHC năm' },
          { field: 'maxPoints', before: '2', after: '1.5' },
        ],
      },
    ]);
    expect(d.unchanged).toBe(2);
  });

  it('sees a changed scoring method and a moved node', () => {
    const d = diffFrameworks([n('1'), n('1.1')], [n('1'), n('1.1', { parentCode: '2', method: { type: 'boolean' } })]);
    expect(d.changed[0].fields.map((f) => f.field)).toEqual(['parentCode', 'method']);
  });
});
