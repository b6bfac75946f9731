import { afterEach, describe, expect, it, vi } from 'vitest';
import { runEvery } from './every.ts';

describe('runEvery', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never runs two passes at once, reports a failure and goes on, and stops', async () => {
    vi.useFakeTimers();
    let started = 0;
    let release: () => void = () => {};
    const errors: unknown[] = [];
    const stop = runEvery(
      1000,
      async () => {
        started++;
        if (started === 2) throw new Error('db down');
        if (started === 3) await new Promise<void>((r) => (release = r));
      },
      (e) => errors.push(e),
      { now: true },
    );
    expect(started).toBe(1); // at once
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    expect(errors).toEqual([new Error('db down')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(3);
    await vi.advanceTimersByTimeAsync(3000); // the third pass is still running: ticks are skipped
    expect(started).toBe(3);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(4);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toBe(4);
  });
});
