/**
 * Classification (xếp loại / nhóm) of a unit by its index.
 *
 * Thresholds are data per framework (methodology §1.4 "Thresholds must be configurable"): PAR 2022 provinces
 * Nhóm A ≥ 90%, B 80–<90%, C 70–<80%; Nam Định sở Nhóm I ≥ 90%, II 80–<90% (huyện ≥ 80 / 70–<80); Khánh Hòa
 * Tốt / Khá / Trung bình / Yếu; Thừa Thiên Huế cấp xã Xuất sắc / Tốt / Khá / Trung bình.
 *
 * Decision: the class is read from the PUBLISHED index (rounded half-up to 2 decimals), because that is the number
 * the decision lists next to the class; an exact 89.995 publishes as 90.00 and is therefore Nhóm A. Classifying on
 * the exact value would print "90.00 — Nhóm B", which no reader could check.
 */

import { compare, type DecimalInput, dec, roundHalfUp } from '../shared/decimal.ts';
import type { ClassThreshold } from './framework.ts';

/**
 * The first class (classes are sorted by minIndex, highest first — validated by buildTree) whose minIndex ≤ the
 * published index; null below every threshold. `publishedIndex` is rounded half-up to 2 decimals here as well, so
 * passing the exact index gives the same answer.
 */
export function classify(publishedIndex: DecimalInput, classes: readonly ClassThreshold[]): string | null {
  const index = roundHalfUp(dec(publishedIndex), 2);
  for (const c of classes) if (compare(c.minIndex, index) <= 0) return c.name;
  return null;
}
