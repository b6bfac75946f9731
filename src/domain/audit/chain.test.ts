import { describe, expect, it } from 'vitest';
import { canonicalJson, changedFields, entryHash, GENESIS_HASH, type StoredAuditEntry, verifyChain } from './chain.ts';

function build(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      id: String(i),
      at: new Date(Date.UTC(2025, 6, 1, 0, 0, i)).toISOString(),
      actorId: null,
      actorName: 'admin',
      action: 'unit.update',
      entityType: 'unit',
      entityId: `u${i}`,
      unitId: null,
      before: { name: `Xã A${i}` },
      after: { name: `Xã B${i}`, groups: ['communes'] },
      ip: '127.0.0.1',
    };
    const hash = entryHash(prev, content);
    out.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('verifies an intact chain', () => {
    const r = verifyChain(build(5), GENESIS_HASH, 1n);
    expect(r).toMatchObject({ ok: true, checked: 5 });
  });

  it('detects an edited field', () => {
    const entries = build(5);
    entries[2] = { ...entries[2], after: { name: 'Xã Giả mạo', groups: ['communes'] } };
    expect(verifyChain(entries)).toEqual({ ok: false, checked: 2, brokenAt: '3', reason: 'hash' });
  });

  it('detects a deleted entry', () => {
    const entries = build(5);
    entries.splice(1, 1);
    expect(verifyChain(entries, GENESIS_HASH, 1n)).toMatchObject({ ok: false, brokenAt: '3' });
  });

  it('detects a rewritten tail (re-hashed after an edit) by the link to its predecessor', () => {
    const entries = build(4);
    const forged = { ...entries[1], actorName: 'mallory' };
    forged.hash = entryHash(forged.prevHash, forged);
    entries[1] = forged;
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: '3', reason: 'link' });
  });

  it('changedFields keeps only differences', () => {
    expect(changedFields({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1] })).toEqual({ before: { b: 'x' }, after: { b: 'y' } });
  });
});
