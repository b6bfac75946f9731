// npx tsx bench/surveys.ts — only the surveys scenario of `npm run bench` (see bench/survey-load.ts).
// Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SURVEY_N, BENCH_SURVEY_CLIENTS.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { ManualClock } from '../src/domain/shared/clock.ts';
import { benchSurveys } from './survey-load.ts';

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
try {
  const r = await benchSurveys(async () => {
    const name = `cchc_bench_sv_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 16 });
    return { database, drop: () => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined) };
  }, new ManualClock('2030-03-02T02:00:00Z'));
  console.log(
    `CCHC bench surveys — ${new Date().toISOString()} — ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `${r.n.toLocaleString('en')} submissions, ${r.clients} clients: ${r.perSecond.toFixed(0)} submissions/s sustained (goal ≥ 1,000/s), ` +
      `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms; ${r.retriesAfterTimeout} retried after a timeout; rows lost ${r.lost}, duplicated ${r.duplicated}; ` +
      `server process CPU ${r.serverMsPerSubmission.toFixed(2)} ms per request`,
  );
  if (r.lost !== 0 || r.duplicated !== 0) process.exitCode = 1;
} finally {
  await admin.end();
}
