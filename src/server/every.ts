/**
 * Runs `task` every `everyMs` in the background of the running server: never two passes at once (a tick that finds
 * one still running is skipped), a failure handed to `onError` and tried again at the next tick, and a timer that does
 * not keep the process alive. With `now`, the first pass starts at once. Returns the function that stops it.
 */
export function runEvery(everyMs: number, task: () => Promise<void>, onError: (e: unknown) => void, opts: { now?: boolean } = {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  };
  const t = setInterval(tick, everyMs);
  t.unref();
  if (opts.now) void tick();
  return () => clearInterval(t);
}
