import { describe, expect, it } from 'vitest';
import { div } from '../shared/decimal.ts';
import { competitionRanks, rankDescending } from './ranking.ts';

describe('competition ranking', () => {
  it('ties share a rank and the next rank skips: 1, 2, 2, 4', () => {
    expect(rankDescending(['90', '80', '80', '70'])).toEqual([1, 2, 2, 4]);
    expect(rankDescending(['70', '80', '90', '80'])).toEqual([4, 2, 1, 2]);
    expect(rankDescending(['5', '5', '5'])).toEqual([1, 1, 1]);
    expect(rankDescending(['1', '2', '3', '3', '3', '0'])).toEqual([5, 4, 1, 1, 1, 6]);
  });

  it('compares exactly: 2/3 vs 0.666667', () => {
    expect(rankDescending([div(2, 3), '0.666667', '0.666666'])).toEqual([2, 1, 3]);
    expect(rankDescending(['89.50', '89.5'])).toEqual([1, 1]);
  });

  it('null values get no rank and do not count', () => {
    expect(rankDescending([null, '10', '20', null])).toEqual([null, 2, 1, null]);
    expect(rankDescending([])).toEqual([]);
  });

  it('generic comparator', () => {
    expect(competitionRanks([3, 1, 2, 1], (a, b) => a - b)).toEqual([4, 1, 3, 1]);
  });
});
