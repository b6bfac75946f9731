import { describe, expect, it } from 'vitest';
import { dec, div } from '../shared/decimal.ts';
import { classify } from './classify.ts';
import type { ClassThreshold } from './framework.ts';

const t = (name: string, minIndex: string): ClassThreshold => ({ name, minIndex: dec(minIndex) });

// PAR 2022 provinces (methodology §1.4): Nhóm A ≥ 90%, Nhóm B 80–<90%, Nhóm C 70–<80%.
const PAR_2022 = [t('Nhóm A', '90'), t('Nhóm B', '80'), t('Nhóm C', '70')];
// Nam Định 2020 huyện: Nhóm I ≥ 80%, Nhóm II 70–<80%.
const NAM_DINH_HUYEN = [t('Nhóm I', '80'), t('Nhóm II', '70')];

describe('classify', () => {
  it('PAR 2022 groups with their boundaries', () => {
    expect(classify('100', PAR_2022)).toBe('Nhóm A');
    expect(classify('90.00', PAR_2022)).toBe('Nhóm A');
    expect(classify('89.99', PAR_2022)).toBe('Nhóm B');
    expect(classify('80', PAR_2022)).toBe('Nhóm B');
    expect(classify('79.99', PAR_2022)).toBe('Nhóm C');
    expect(classify('70', PAR_2022)).toBe('Nhóm C');
    expect(classify('69.99', PAR_2022)).toBeNull();
  });

  it('uses the published (rounded) index: exact 89.995 → 90.00 → A, 89.994 → 89.99 → B', () => {
    expect(classify('89.995', PAR_2022)).toBe('Nhóm A');
    expect(classify('89.994', PAR_2022)).toBe('Nhóm B');
    expect(classify(div(17999, 200), PAR_2022)).toBe('Nhóm A');
  });

  it('Nam Định huyện: 61.46/70 = 87.80% → Nhóm I', () => {
    expect(classify(div(6146, 70), NAM_DINH_HUYEN)).toBe('Nhóm I');
    expect(classify('75', NAM_DINH_HUYEN)).toBe('Nhóm II');
  });

  it('no classes → null', () => {
    expect(classify('95', [])).toBeNull();
  });
});
