/**
 * Seed plan for the units of Gia Lai province (the province formed on 2025-07-01
 * by merging old Gia Lai (64) and Bình Định (52)).
 *
 * Pure: the reference JSON (shared/reference/data/gialai_units.json) is passed in,
 * nothing is read from disk. The plan is turned into `units`, `unit_groups` and
 * `unit_lineage` rows by the caller (the DB layer resolves `key`s into ids).
 *
 * Validity periods are half-open: `validFrom` is the first day the unit exists,
 * `validTo` is the first day it no longer exists (exclusive end); `null` means open.
 *
 * What the plan contains:
 * - the new province (code 52 from 2025-07-01) and the two old provinces
 *   (Gia Lai 64, Bình Định 52, both ending 2025-07-01), each old → new as a 'merge';
 * - the 28 old districts (ending 2025-07-01, no successor: their communes carry on);
 * - the 15 provincial agencies (from 2025-07-01) with ILLUSTRATIVE internal codes
 *   derived from their names (no official code exists in the source);
 * - the 135 new communes/wards (from 2025-07-01) with their official NSO codes;
 * - the 373 old communes/wards/towns (ending 2025-07-01) and one lineage row per
 *   row of the NSO conversion table (376 rows).
 *
 * Codes are reused across periods (new province 52 = old Bình Định 52; every new
 * commune reuses the code of one of its predecessors, e.g. Phường Quy Nhơn 21583 =
 * old Phường Thị Nại 21583), which is why every unit has a plan-unique `key`
 * ('commune:21583@2025' vs 'commune:21583@old') besides its code.
 */

export type UnitKind = 'province' | 'agency' | 'district' | 'commune';
export type LineageKind = 'merge' | 'split' | 'rename';

export interface SeedGroup {
  code: string;
  name: string;
  nameEn: string;
}

export interface SeedUnit {
  /** Unique within the plan, e.g. 'commune:21583@2025', 'commune:21583@old', 'district:622@old'. */
  key: string;
  code: string;
  /** Full Vietnamese name, e.g. 'Phường Quy Nhơn', 'Thành phố Pleiku', 'Sở Nội vụ', 'Tỉnh Gia Lai'. */
  name: string;
  kind: UnitKind;
  parentKey: string | null;
  validFrom: string | null;
  /** Exclusive end: the first day the unit no longer exists. */
  validTo: string | null;
  groupCodes: string[];
  note: string | null;
}

export interface SeedLineage {
  predecessorKey: string;
  successorKey: string;
  date: string;
  kind: LineageKind;
  partial: boolean;
  note: string | null;
}

export interface SeedPlan {
  groups: SeedGroup[];
  units: SeedUnit[];
  lineage: SeedLineage[];
}

// ---------------------------------------------------------------------------
// Source shape (the subset of gialai_units.json that is used)
// ---------------------------------------------------------------------------

export interface GiaLaiSourcePredecessor {
  name: string;
  fullName: string;
  kind: string;
  code: string;
  oldDistrict: string;
  oldDistrictCode: string;
  oldProvince: string;
  note: string;
  nameInGsoList_2025_01_04?: string;
}

export interface GiaLaiSourceCommune {
  name: string;
  fullName: string;
  kind: string;
  code: string;
  codeNote?: string;
  formedFrom: GiaLaiSourcePredecessor[];
}

export interface GiaLaiSource {
  _sources?: string[];
  _verified?: string;
  province: {
    name: string;
    code: string;
    effectiveFrom: string;
    formedFrom: string[];
    formedFromCodes: Record<string, string>;
  };
  agencies: { name: string }[];
  oldDistricts: { name: string; oldProvince: string; code: string }[];
  communes: GiaLaiSourceCommune[];
}

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/** Date the merged province and the new two-level local government took effect. */
export const GIALAI_MERGER_DATE = '2025-07-01';

export const AGENCIES_GROUP_CODE = 'agencies';
export const COMMUNES_GROUP_CODE = 'communes';

export const UNIT_GROUPS: readonly SeedGroup[] = [
  { code: AGENCIES_GROUP_CODE, name: 'Khối sở, ban, ngành', nameEn: 'Provincial departments and agencies' },
  { code: COMMUNES_GROUP_CODE, name: 'Khối xã, phường', nameEn: 'Communes and wards' },
];

export const ILLUSTRATIVE_AGENCY_CODE_NOTE =
  'Mã đơn vị là mã nội bộ minh họa (sinh từ chữ cái đầu của tên), không phải mã chính thức. ' +
  'Illustrative internal code derived from the name, not an official code.';

/** Conversion-table notes meaning the whole old unit went into the new one. */
const FULL_TRANSFER_NOTES = new Set(['Nhập toàn bộ', 'Giữ nguyên']);
/** Conversion-table notes meaning only part of the old unit went into the new one. */
const PARTIAL_TRANSFER_RE = /một phần|phần còn lại/i;

const UNIT_CODE_RE = /^[A-Za-z0-9_.-]{1,32}$/;

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

export function newUnitKey(kind: UnitKind, code: string): string {
  return `${kind}:${code}@2025`;
}

export function oldUnitKey(kind: UnitKind, code: string): string {
  return `${kind}:${code}@old`;
}

// ---------------------------------------------------------------------------
// Illustrative agency codes
// ---------------------------------------------------------------------------

/** Function words left out of the initials ('Sở Giáo dục và Đào tạo' → 'SGDDT'). */
const CODE_STOP_WORDS = new Set(['va']);

/** Lower-case ASCII form: diacritics removed, 'đ' → 'd'. */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

function codeWords(name: string): string[] {
  return stripDiacritics(name)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !CODE_STOP_WORDS.has(w));
}

/**
 * Readable code from an agency name: initials of its words without diacritics,
 * upper case, leaving out 'và' ('Sở Nội vụ' → 'SNV', 'Sở Văn hóa, Thể thao và Du lịch' → 'SVHTTDL').
 */
export function agencyCodeFromName(name: string): string {
  const words = codeWords(name);
  if (words.length === 0) throw new Error(`Cannot derive a code from agency name ${JSON.stringify(name)}`);
  return words
    .map((w) => w[0])
    .join('')
    .toUpperCase()
    .slice(0, 32);
}

/**
 * Codes for a list of agency names, in order. A name whose initials are already
 * taken (by an earlier name in the list) gets a longer variant: the first word
 * after the first whose second letter makes it distinct is spelled with two
 * letters ('Sở Ngoại vụ' after 'Sở Nội vụ' → 'SNGV'); failing that, a numeric
 * suffix ('-2', '-3', …). Deterministic for a given input order.
 */
export function assignAgencyCodes(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const words = codeWords(name);
    const base = agencyCodeFromName(name);
    const candidates = [base];
    for (let i = 1; i < words.length; i++) {
      if (words[i].length < 2) continue;
      candidates.push(
        words
          .map((w, j) => (j === i ? w.slice(0, 2) : w[0]))
          .join('')
          .toUpperCase(),
      );
    }
    let code = candidates.find((c) => c.length <= 32 && !taken.has(c));
    for (let n = 2; code === undefined; n++) {
      const c = `${base.slice(0, 29)}-${n}`;
      if (!taken.has(c)) code = c;
    }
    taken.add(code);
    return code;
  });
}

// ---------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------

function fail(message: string): never {
  throw new Error(`gialai seed: ${message}`);
}

function isPartialTransfer(note: string): boolean {
  if (FULL_TRANSFER_NOTES.has(note.trim())) return false;
  if (PARTIAL_TRANSFER_RE.test(note)) return true;
  return fail(`unknown conversion-table note ${JSON.stringify(note)} (neither full nor partial transfer)`);
}

function checkCode(code: string, what: string): string {
  if (!UNIT_CODE_RE.test(code)) fail(`invalid code ${JSON.stringify(code)} for ${what}`);
  return code;
}

/**
 * Builds the seed plan from the parsed contents of gialai_units.json.
 * Throws (with a 'gialai seed:' message) when the source is inconsistent:
 * unknown old district or province, one old commune described differently in two
 * rows, an unknown transfer note, a duplicate key.
 */
export function buildGiaLaiSeed(source: GiaLaiSource): SeedPlan {
  const date = source.province.effectiveFrom || GIALAI_MERGER_DATE;
  const units: SeedUnit[] = [];
  const lineage: SeedLineage[] = [];
  const keys = new Set<string>();

  const addUnit = (unit: SeedUnit): void => {
    if (keys.has(unit.key)) fail(`duplicate unit key ${unit.key}`);
    keys.add(unit.key);
    units.push(unit);
  };

  // --- Provinces -----------------------------------------------------------
  const newProvinceKey = newUnitKey('province', checkCode(source.province.code, 'the new province'));
  addUnit({
    key: newProvinceKey,
    code: source.province.code,
    name: `Tỉnh ${source.province.name}`,
    kind: 'province',
    parentKey: null,
    validFrom: date,
    validTo: null,
    groupCodes: [],
    note: `Hợp nhất từ ${source.province.formedFrom.map((p) => `tỉnh ${p}`).join(' và ')}.`,
  });

  const oldProvinceKeyByName = new Map<string, string>();
  for (const oldName of source.province.formedFrom) {
    const code = source.province.formedFromCodes[oldName];
    if (code === undefined) fail(`no code for old province ${oldName}`);
    const key = oldUnitKey('province', checkCode(code, `old province ${oldName}`));
    oldProvinceKeyByName.set(oldName, key);
    addUnit({
      key,
      code,
      name: `Tỉnh ${oldName}`,
      kind: 'province',
      parentKey: null,
      validFrom: null,
      validTo: date,
      groupCodes: [],
      note: null,
    });
    lineage.push({
      predecessorKey: key,
      successorKey: newProvinceKey,
      date,
      kind: 'merge',
      partial: false,
      note: `Tỉnh ${oldName} hợp nhất vào tỉnh ${source.province.name} mới.`,
    });
  }

  // --- Old districts (abolished, no successor) -----------------------------
  const districtKeyByCode = new Map<string, string>();
  for (const d of source.oldDistricts) {
    const provinceKey = oldProvinceKeyByName.get(d.oldProvince);
    if (provinceKey === undefined) fail(`district ${d.name} has unknown old province ${d.oldProvince}`);
    const key = oldUnitKey('district', checkCode(d.code, `district ${d.name}`));
    districtKeyByCode.set(d.code, key);
    addUnit({
      key,
      code: d.code,
      name: d.name,
      kind: 'district',
      parentKey: provinceKey,
      validFrom: null,
      validTo: date,
      groupCodes: [],
      note: 'Cấp huyện chấm dứt hoạt động từ 01/07/2025 (chính quyền địa phương hai cấp); các xã, phường kế thừa.',
    });
  }

  // --- Agencies -------------------------------------------------------------
  const agencyCodes = assignAgencyCodes(source.agencies.map((a) => a.name));
  source.agencies.forEach((a, i) => {
    addUnit({
      key: newUnitKey('agency', agencyCodes[i]),
      code: agencyCodes[i],
      name: a.name,
      kind: 'agency',
      parentKey: newProvinceKey,
      validFrom: date,
      validTo: null,
      groupCodes: [AGENCIES_GROUP_CODE],
      note: ILLUSTRATIVE_AGENCY_CODE_NOTE,
    });
  });

  // --- New communes -----------------------------------------------------------
  for (const c of source.communes) {
    addUnit({
      key: newUnitKey('commune', checkCode(c.code, `commune ${c.fullName}`)),
      code: c.code,
      name: c.fullName,
      kind: 'commune',
      parentKey: newProvinceKey,
      validFrom: date,
      validTo: null,
      groupCodes: [COMMUNES_GROUP_CODE],
      note: c.codeNote ?? null,
    });
  }

  // --- Old communes: one unit per distinct old code ---------------------------
  const oldByCode = new Map<string, GiaLaiSourcePredecessor>();
  const feedCount = new Map<string, number>();
  for (const c of source.communes) {
    for (const p of c.formedFrom) {
      feedCount.set(p.code, (feedCount.get(p.code) ?? 0) + 1);
      const seen = oldByCode.get(p.code);
      if (seen === undefined) {
        oldByCode.set(p.code, p);
      } else if (seen.fullName !== p.fullName || seen.oldDistrictCode !== p.oldDistrictCode || seen.oldProvince !== p.oldProvince) {
        fail(`old commune ${p.code} is described differently in two rows (${seen.fullName} / ${p.fullName})`);
      }
    }
  }
  for (const p of oldByCode.values()) {
    const districtKey = districtKeyByCode.get(p.oldDistrictCode);
    if (districtKey === undefined) fail(`old commune ${p.fullName} has unknown old district ${p.oldDistrictCode}`);
    const gsoName = p.nameInGsoList_2025_01_04;
    addUnit({
      key: oldUnitKey('commune', checkCode(p.code, `old commune ${p.fullName}`)),
      code: p.code,
      name: p.fullName,
      kind: 'commune',
      parentKey: districtKey,
      validFrom: null,
      validTo: date,
      groupCodes: [],
      note: gsoName !== undefined && gsoName !== p.fullName ? `Tên trong danh mục ĐVHC của GSO ngày 04/01/2025: ${gsoName}` : null,
    });
  }

  // --- Commune lineage: one row per conversion-table row ----------------------
  for (const c of source.communes) {
    const successorKey = newUnitKey('commune', c.code);
    for (const p of c.formedFrom) {
      const partial = isPartialTransfer(p.note);
      const splits = (feedCount.get(p.code) ?? 0) > 1;
      let kind: LineageKind;
      if (splits || (partial && c.formedFrom.length === 1)) kind = 'split';
      else if (c.formedFrom.length > 1) kind = 'merge';
      else kind = 'rename';
      lineage.push({
        predecessorKey: oldUnitKey('commune', p.code),
        successorKey,
        date,
        kind,
        partial,
        note: p.note,
      });
    }
  }

  return { groups: UNIT_GROUPS.map((g) => ({ ...g })), units, lineage };
}
