import type { TFunction } from 'i18next';
import type { FrameworkNode, ScoringMethod } from '../../api/par';
import { effectiveMethod, fmt2, fmtNum, sortedBands } from './shared';

/** One line describing a scoring method ("Chọn mức: …", "Tỷ lệ so với chỉ tiêu 30%", …). */
export function describeMethod(t: TFunction, method: ScoringMethod | null | undefined): string {
  if (!method || typeof method !== 'object' || !('type' in method)) return t('par.method.direct');
  switch (method.type) {
    case 'direct':
      return t('par.method.direct');
    case 'levels':
      return t('par.method.levels', { levels: method.levels.map((l) => `${l.label}: ${fmt2(l.points)}`).join('; ') });
    case 'bands':
      return t('par.method.bands', {
        bands: sortedBands(method)
          .map((b) => `${b.minExclusive ? '>' : '≥'} ${fmtNum(b.minPercent)}% → ${fmt2(b.points)}`)
          .join('; '),
      });
    case 'proportional':
      return t('par.method.proportional', { target: fmtNum(method.targetPercent ?? 100) });
    case 'count':
      return method.cap === undefined
        ? t('par.method.count', { per: fmt2(method.pointsPerItem) })
        : t('par.method.countCap', { per: fmt2(method.pointsPerItem), cap: fmt2(method.cap) });
    case 'boolean':
      return t('par.method.boolean');
    case 'deduction':
      return t('par.method.deduction', { per: fmt2(method.pointsPerItem), floor: fmt2(method.floor) });
    case 'bonus':
      return t('par.method.bonus', { cap: fmt2(method.cap) });
    case 'survey':
      return t('par.method.survey');
    case 'data':
      return t('par.method.data', { indicator: method.indicator || '—' });
    default:
      return JSON.stringify(method);
  }
}

export function describeNodeMethod(t: TFunction, node: FrameworkNode): string {
  return describeMethod(t, effectiveMethod(node));
}
