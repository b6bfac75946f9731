import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, prepareLoadSurvey, runLoad } from '../../bench/survey-load.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/http.ts';
import { backends } from '../support/env.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// The integrity half of the load bench (the speed half is `npm run bench`): concurrent clients over loopback, some
// abandoning their first attempt after 1 ms and retrying with the same id, some sending a success twice.
describe.each(backends())('public submissions under concurrency on %s', (kind) => {
  let s: TestServer;
  let app: App;
  let port = 0;

  beforeAll(async () => {
    s = await startTestServer(kind);
    app = await buildApp(
      { db: s.database.db, database: s.database, clock: s.clock, dbKind: s.database.kind, version: 'test', secureCookies: false },
      { logLevel: 'silent', serveWeb: false, surveyPublicRateLimit: { max: 1_000_000, windowMs: 60_000 } },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
    await s?.close();
  });

  it('stores every response exactly once: none lost, none duplicated, retries acknowledged', async () => {
    const N = 150;
    const { surveyId, tokens } = await prepareLoadSurvey(s.database, s.clock, N);
    const stats = await runLoad({ port, tokens, clients: 24, workers: 2, timeoutEvery: 7, resendEvery: 5 });
    expect(stats.failures).toBe(0);
    expect(stats.accepted).toBe(N);
    // 30 tokens (index % 5 === 0) were sent again after success and acknowledged as duplicates (plus any timed-out
    // first attempt that the server had in fact stored)
    expect(stats.duplicateAcks).toBeGreaterThanOrEqual(30);
    expect(stats.retriesAfterTimeout).toBe(22);
    expect(await countRows(s.database, surveyId)).toEqual({ rows: N, distinctTokens: N, unanswered: 0 });
    // a full replay of every token with fresh ids is refused: nothing more is stored
    const replay = await runLoad({ port, tokens, clients: 8, workers: 1, timeoutEvery: 0, resendEvery: 0 });
    expect(replay.accepted).toBe(0);
    expect(replay.failures).toBe(N);
    expect(await countRows(s.database, surveyId)).toEqual({ rows: N, distinctTokens: N, unanswered: 0 });
  });
});
