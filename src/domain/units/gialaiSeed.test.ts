import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AGENCIES_GROUP_CODE,
  agencyCodeFromName,
  assignAgencyCodes,
  buildGiaLaiSeed,
  COMMUNES_GROUP_CODE,
  type GiaLaiSource,
  newUnitKey,
  oldUnitKey,
  type SeedUnit,
} from './gialaiSeed.ts';

const source = JSON.parse(readFileSync(fileURLToPath(new URL('../../../data/gialai_units.json', import.meta.url)), 'utf8')) as GiaLaiSource;
const plan = buildGiaLaiSeed(source);
const DATE = '2025-07-01';

const byKey = new Map(plan.units.map((u) => [u.key, u]));
const unit = (key: string): SeedUnit => {
  const u = byKey.get(key);
  if (!u) throw new Error(`no unit ${key}`);
  return u;
};
const newCommunes = plan.units.filter((u) => u.kind === 'commune' && u.validFrom === DATE);
const oldCommunes = plan.units.filter((u) => u.kind === 'commune' && u.validTo === DATE);
const newCommuneByName = (name: string): SeedUnit => {
  const found = newCommunes.filter((u) => u.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const communeLineage = plan.lineage.filter((l) => byKey.get(l.successorKey)?.kind === 'commune');
const predecessorsOf = (u: SeedUnit) => communeLineage.filter((l) => l.successorKey === u.key).map((l) => ({ ...l, pred: unit(l.predecessorKey) }));

describe('buildGiaLaiSeed — reference figures', () => {
  it('has the two unit groups', () => {
    expect(plan.groups.map((g) => g.code)).toEqual([AGENCIES_GROUP_CODE, COMMUNES_GROUP_CODE]);
    expect(plan.groups.find((g) => g.code === 'agencies')?.name).toBe('Khối sở, ban, ngành');
    expect(plan.groups.find((g) => g.code === 'communes')?.name).toBe('Khối xã, phường');
  });

  it('models the new province and the two merged old provinces', () => {
    const provinces = plan.units.filter((u) => u.kind === 'province');
    expect(provinces).toHaveLength(3);
    const newP = unit('province:52@2025');
    expect(newP).toMatchObject({ code: '52', name: 'Tỉnh Gia Lai', validFrom: DATE, validTo: null, parentKey: null });
    expect(unit('province:64@old')).toMatchObject({ code: '64', name: 'Tỉnh Gia Lai', validFrom: null, validTo: DATE });
    expect(unit('province:52@old')).toMatchObject({ code: '52', name: 'Tỉnh Bình Định', validFrom: null, validTo: DATE });
    const provinceLineage = plan.lineage.filter((l) => l.successorKey === newP.key);
    expect(provinceLineage.map((l) => l.predecessorKey).sort()).toEqual(['province:52@old', 'province:64@old']);
    for (const l of provinceLineage) expect(l).toMatchObject({ kind: 'merge', date: DATE, partial: false });
  });

  it('has 28 old districts under their old province, ending 2025-07-01, with no successor', () => {
    const districts = plan.units.filter((u) => u.kind === 'district');
    expect(districts).toHaveLength(28);
    expect(districts.filter((d) => d.parentKey === 'province:64@old')).toHaveLength(17);
    expect(districts.filter((d) => d.parentKey === 'province:52@old')).toHaveLength(11);
    for (const d of districts) {
      expect(d).toMatchObject({ validFrom: null, validTo: DATE });
      expect(d.code).toMatch(/^\d{3}$/);
    }
    expect(unit('district:622@old').name).toBe('Thành phố Pleiku');
    const districtKeys = new Set(districts.map((d) => d.key));
    expect(plan.lineage.some((l) => districtKeys.has(l.predecessorKey) || districtKeys.has(l.successorKey))).toBe(false);
  });

  it('has 15 agencies with illustrative codes in the agencies group', () => {
    const agencies = plan.units.filter((u) => u.kind === 'agency');
    expect(agencies).toHaveLength(15);
    for (const a of agencies) {
      expect(a).toMatchObject({ parentKey: 'province:52@2025', validFrom: DATE, validTo: null, groupCodes: ['agencies'] });
      expect(a.code).toMatch(/^[A-Z0-9-]{1,32}$/);
      expect(a.note).toMatch(/minh họa/);
      expect(a.note).toMatch(/not an official code/);
    }
    expect(agencies.find((a) => a.name === 'Sở Nội vụ')?.code).toBe('SNV');
    expect(agencies.find((a) => a.name === 'Sở Ngoại vụ')?.code).toBe('SNGV');
    expect(agencies.find((a) => a.name === 'Sở Giáo dục và Đào tạo')?.code).toBe('SGDDT');
    expect(agencies.find((a) => a.name === 'Sở Văn hóa, Thể thao và Du lịch')?.code).toBe('SVHTTDL');
    expect(new Set(agencies.map((a) => a.code)).size).toBe(15);
  });

  it('has 135 new communes: 110 xã + 25 phường, under the new province, in the communes group', () => {
    expect(newCommunes).toHaveLength(135);
    expect(newCommunes.filter((u) => u.name.startsWith('Xã '))).toHaveLength(110);
    expect(newCommunes.filter((u) => u.name.startsWith('Phường '))).toHaveLength(25);
    for (const c of newCommunes) {
      expect(c).toMatchObject({ parentKey: 'province:52@2025', validTo: null, groupCodes: ['communes'] });
      expect(c.code).toMatch(/^\d{5}$/);
    }
    expect(unit('commune:21583@2025').name).toBe('Phường Quy Nhơn');
  });

  it('has 373 distinct old communes, each under its old district, ending 2025-07-01', () => {
    expect(oldCommunes).toHaveLength(373);
    for (const c of oldCommunes) {
      expect(c.validFrom).toBeNull();
      expect(unit(c.parentKey ?? '').kind).toBe('district');
    }
    expect(unit('commune:21583@old')).toMatchObject({ name: 'Phường Thị Nại', parentKey: 'district:540@old' });
  });

  it('has 376 lineage rows into communes, one per conversion-table row', () => {
    expect(communeLineage).toHaveLength(376);
    expect(plan.lineage).toHaveLength(376 + 2);
    for (const l of communeLineage) {
      expect(l.date).toBe(DATE);
      expect(byKey.get(l.predecessorKey)?.validTo).toBe(DATE);
      expect(byKey.get(l.successorKey)?.validFrom).toBe(DATE);
      expect(l.note).toBeTruthy();
    }
    // Every old commune has at least one successor; every new one at least one predecessor.
    expect(new Set(communeLineage.map((l) => l.predecessorKey)).size).toBe(373);
    expect(new Set(communeLineage.map((l) => l.successorKey)).size).toBe(135);
  });

  it('uses unique keys and never has two units with the same code in overlapping periods', () => {
    expect(new Set(plan.units.map((u) => u.key)).size).toBe(plan.units.length);
    expect(plan.units).toHaveLength(3 + 28 + 15 + 135 + 373);
    const start = (u: SeedUnit) => u.validFrom ?? '0000-01-01';
    const end = (u: SeedUnit) => u.validTo ?? '9999-12-31';
    const byCode = new Map<string, SeedUnit[]>();
    for (const u of plan.units) byCode.set(u.code, [...(byCode.get(u.code) ?? []), u]);
    let reused = 0;
    for (const [code, list] of byCode) {
      if (list.length > 1) reused++;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const overlap = start(list[i]) < end(list[j]) && start(list[j]) < end(list[i]);
          expect(overlap, `code ${code}: ${list[i].key} / ${list[j].key}`).toBe(false);
        }
      }
    }
    // Province 52 and every new commune code reuse an old code.
    expect(reused).toBe(1 + 135);
  });

  it('every lineage row and parent refers to a unit of the plan', () => {
    for (const l of plan.lineage) {
      expect(byKey.has(l.predecessorKey)).toBe(true);
      expect(byKey.has(l.successorKey)).toBe(true);
    }
    for (const u of plan.units) if (u.parentKey !== null) expect(byKey.has(u.parentKey)).toBe(true);
  });
});

describe('buildGiaLaiSeed — lineage kinds and partial transfers', () => {
  const splitCase = (oldName: string, newNames: string[]) => {
    const old = oldCommunes.filter((u) => u.name === oldName);
    expect(old).toHaveLength(1);
    const rows = communeLineage.filter((l) => l.predecessorKey === old[0].key);
    expect(rows.map((l) => unit(l.successorKey).name).sort()).toEqual([...newNames].sort());
    for (const l of rows) expect(l).toMatchObject({ kind: 'split', partial: true });
    return rows;
  };

  it('An Nghĩa feeds Xã An Hòa and Xã An Toàn', () => {
    const rows = splitCase('Xã An Nghĩa', ['Xã An Hòa', 'Xã An Toàn']);
    expect(rows.find((l) => l.successorKey === newCommuneByName('Xã An Toàn').key)?.note).toBe('Nhập một phần diện tích, toàn bộ dân số');
  });

  it('Canh Hiệp feeds Xã Vân Canh and Xã Canh Vinh', () => {
    splitCase('Xã Canh Hiệp', ['Xã Vân Canh', 'Xã Canh Vinh']);
  });

  it('Canh Liên feeds Xã Canh Vinh and Xã Canh Liên', () => {
    splitCase('Xã Canh Liên', ['Xã Canh Vinh', 'Xã Canh Liên']);
  });

  it('only the six split rows are partial', () => {
    expect(communeLineage.filter((l) => l.partial)).toHaveLength(6);
    expect(communeLineage.filter((l) => l.kind === 'split')).toHaveLength(6);
  });

  it('Phường Quy Nhơn merges four wards, including Thị Nại with the same code 21583', () => {
    const quyNhon = newCommuneByName('Phường Quy Nhơn');
    expect(quyNhon.code).toBe('21583');
    const preds = predecessorsOf(quyNhon);
    expect(preds.map((p) => p.pred.name).sort()).toEqual(['Phường Đống Đa', 'Phường Hải Cảng', 'Phường Trần Phú', 'Phường Thị Nại'].sort());
    const thiNai = preds.find((p) => p.pred.name === 'Phường Thị Nại');
    expect(thiNai?.pred.code).toBe('21583');
    expect(thiNai?.pred.key).not.toBe(quyNhon.key);
    for (const p of preds) expect(p).toMatchObject({ kind: 'merge', partial: false, note: 'Nhập toàn bộ' });
  });

  it('models the 9 unchanged communes as old + new unit linked by a full rename', () => {
    const renames = communeLineage.filter((l) => l.kind === 'rename');
    expect(renames).toHaveLength(9);
    const names = renames.map((l) => unit(l.successorKey).name).sort();
    expect(names).toEqual(['Xã Ia O', 'Xã Nhơn Châu', 'Xã Ia Púch', 'Xã Ia Mơ', 'Xã Ia Pnôn', 'Xã Ia Nan', 'Xã Ia Dom', 'Xã Ia Chia', 'Xã Krong'].sort());
    for (const l of renames) {
      const pred = unit(l.predecessorKey);
      const succ = unit(l.successorKey);
      expect(pred.code).toBe(succ.code);
      expect(pred.key).toBe(oldUnitKey('commune', pred.code));
      expect(succ.key).toBe(newUnitKey('commune', succ.code));
      expect(pred.validTo).toBe(DATE);
      expect(succ.validFrom).toBe(DATE);
      expect(l).toMatchObject({ partial: false, note: 'Giữ nguyên' });
    }
  });

  it('the other new communes are merges', () => {
    expect(communeLineage.filter((l) => l.kind === 'merge')).toHaveLength(376 - 6 - 9);
  });

  it('has exactly the six new units that take in communes from more than one old district', () => {
    const cross = newCommunes
      .filter((c) => new Set(predecessorsOf(c).map((p) => p.pred.parentKey)).size > 1)
      .map((c) => c.name)
      .sort();
    expect(cross).toEqual(['Xã Biển Hồ', 'Xã Gào', 'Xã Ia Ko', 'Xã Ia Hrú', 'Phường An Bình', 'Xã Mang Yang'].sort());
    const bienHo = predecessorsOf(newCommuneByName('Xã Biển Hồ'));
    expect(new Set(bienHo.map((p) => p.pred.parentKey))).toEqual(new Set(['district:622@old', 'district:626@old', 'district:627@old']));
  });

  it('keeps source remarks as notes', () => {
    expect(newCommuneByName('Xã Ia Mơ').note).toMatch(/23938/);
    expect(oldCommunes.find((u) => u.name === 'Xã Ia Mrơn')?.note).toMatch(/Xã Ia Ma Rơn/);
  });
});

describe('agency codes', () => {
  it('derives initials without diacritics, leaving out "và"', () => {
    expect(agencyCodeFromName('Sở Nội vụ')).toBe('SNV');
    expect(agencyCodeFromName('Văn phòng Ủy ban nhân dân tỉnh')).toBe('VPUBNDT');
    expect(agencyCodeFromName('Sở Dân tộc và Tôn giáo')).toBe('SDTTG');
    expect(agencyCodeFromName('Ban Quản lý Khu kinh tế tỉnh')).toBe('BQLKKTT');
  });

  it('disambiguates collisions deterministically', () => {
    expect(assignAgencyCodes(['Sở Nội vụ', 'Sở Ngoại vụ'])).toEqual(['SNV', 'SNGV']);
    expect(assignAgencyCodes(['Sở Nội vụ', 'Sở Ngoại vụ'])).toEqual(assignAgencyCodes(['Sở Nội vụ', 'Sở Ngoại vụ']));
    expect(assignAgencyCodes(['Sở A', 'Sở A', 'Sở A'])).toEqual(['SA', 'SA-2', 'SA-3']);
  });

  it('is stable for the reference list', () => {
    const codes = buildGiaLaiSeed(source)
      .units.filter((u) => u.kind === 'agency')
      .map((u) => u.code);
    expect(codes).toEqual(plan.units.filter((u) => u.kind === 'agency').map((u) => u.code));
  });
});

describe('buildGiaLaiSeed — source checks', () => {
  it('rejects an unknown transfer note', () => {
    const bad = structuredClone(source);
    bad.communes[0].formedFrom[0].note = 'Chưa rõ';
    expect(() => buildGiaLaiSeed(bad)).toThrow(/unknown conversion-table note/);
  });

  it('rejects a predecessor in an unknown old district', () => {
    const bad = structuredClone(source);
    bad.communes[0].formedFrom[0].oldDistrictCode = '999';
    expect(() => buildGiaLaiSeed(bad)).toThrow(/unknown old district/);
  });
});

describe('data/demo-seed.meta.json', () => {
  it('marks units official and agency codes / users illustrative', () => {
    const meta = JSON.parse(readFileSync(fileURLToPath(new URL('../../../data/demo-seed.meta.json', import.meta.url)), 'utf8')) as Record<
      string,
      { status: string; source?: unknown }
    >;
    expect(meta.units.status).toBe('official');
    expect(meta.units.source).toBeTruthy();
    expect(meta.agencyCodes.status).toBe('illustrative');
    expect(meta.users.status).toBe('illustrative');
  });
});
