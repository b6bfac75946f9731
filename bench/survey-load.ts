// Load driver for the public survey submit endpoint, shared by `npm run bench` (surveys scenario) and the integrity
// test (test/integration/surveys-integrity.test.ts). Clients run in child processes (plain node:http with keep-alive),
// so that the server's event loop and CPU time are not shared with them.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import type { Clock } from '../src/domain/shared/clock.ts';
import type { QuestionnaireContent } from '../src/domain/surveys/questionnaire.ts';
import { systemActor } from '../src/modules/auth/context.ts';
import { createQuestionnaire } from '../src/modules/surveys/questionnaires.ts';
import { drawSample } from '../src/modules/surveys/sample.ts';
import { createSurvey, openSurvey } from '../src/modules/surveys/surveys.ts';

const t = (vi: string) => ({ vi, en: vi });
export const LOAD_QUESTIONNAIRE: QuestionnaireContent = {
  title: t('Phiếu đo tải'),
  languages: ['vi', 'en'],
  formula: { kind: 'shareSatisfied' },
  sections: [
    {
      id: 'acc',
      element: 'access',
      title: t('Tiếp cận'),
      questions: [
        { id: 'a1', type: 'scale5', required: true, text: t('a1') },
        { id: 'a2', type: 'scale5', required: true, text: t('a2') },
        { id: 'a3', type: 'scale5', required: true, text: t('a3') },
      ],
    },
    {
      id: 'cs',
      element: 'civilServant',
      title: t('Công chức'),
      questions: [
        { id: 'c1', type: 'scale5', required: true, text: t('c1') },
        { id: 'c2', type: 'scale5', required: true, text: t('c2') },
        { id: 'note', type: 'text', required: false, maxLength: 500, text: t('Ý kiến') },
      ],
    },
  ],
};

/** An open survey (PAR-survey kind: tokens without dossiers) with `n` single-use tokens for one unit. */
export async function prepareLoadSurvey(database: Database, clock: Clock, n: number): Promise<{ surveyId: string; tokens: string[] }> {
  const c = { db: database.db, clock, actor: systemActor('bench'), ip: null };
  let unit = await database.db.selectFrom('units').select('id').where('valid_to', 'is', null).orderBy('code').limit(1).executeTakeFirst();
  if (!unit)
    unit = await database.db
      .insertInto('units')
      .values({ code: '99999', name: 'Đơn vị đo tải', kind: 'commune', parent_id: null, valid_from: null, valid_to: null, note: 'bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
  const q = await createQuestionnaire(c, { code: `LOAD-${randomUUID().slice(0, 8)}`, kind: 'parSurvey', content: LOAD_QUESTIONNAIRE });
  const s = await createSurvey(c, {
    name: 'Đo tải',
    kind: 'parSurvey',
    year: 2030,
    periodFrom: '2030-01-01',
    periodTo: '2030-12-31',
    questionnaireVersionId: q.versionId,
    units: [{ unitId: unit.id, target: n }],
    quotas: [],
    parFeed: [],
  });
  const draw = await drawSample(c, s.id, { seed: 'load', baseUrl: 'http://127.0.0.1' });
  await openSurvey(c, s.id);
  return { surveyId: s.id, tokens: draw.links.map((l) => l.token) };
}

export interface LoadOptions {
  port: number;
  tokens: string[];
  /** concurrent clients in all */
  clients: number;
  workers: number;
  /** every k-th token: the first attempt is abandoned after 1 ms, then retried with the same id */
  timeoutEvery: number;
  /** every k-th token: the client sends its (successful) submission once more */
  resendEvery: number;
}
export interface LoadStats {
  ms: number;
  submitted: number;
  accepted: number;
  duplicateAcks: number;
  retriesAfterTimeout: number;
  failures: number;
  latencies: number[];
}

const CLIENT = `
const http = require('node:http');
const workerData = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const { randomUUID } = require('node:crypto');
const { port, jobs, clients, timeoutEvery, resendEvery } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
function post(path, body, timeoutMs) {
  return new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        let json = null;
        try { json = JSON.parse(Buffer.concat(chunks).toString()); } catch {}
        resolve({ status: res.statusCode, body: json, ms });
      });
    });
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: null, ms: 0 }));
    req.end(data);
  });
}
(async () => {
  const stats = { submitted: 0, accepted: 0, duplicateAcks: 0, retriesAfterTimeout: 0, failures: 0, latencies: [] };
  let next = 0;
  async function client() {
    while (next < jobs.length) {
      const { token, index } = jobs[next++];
      const id = randomUUID();
      const body = { id, answers: { a1: 1 + (index % 5), a2: 4, a3: 5, c1: 1 + ((index * 7) % 5), c2: 3, note: 'Phiếu thứ ' + index + ' <b>inert</b>' } };
      const path = '/api/public/surveys/t/' + token + '/responses';
      let first = true;
      let r;
      for (let attempt = 0; attempt < 20; attempt++) {
        const abandon = first && timeoutEvery > 0 && index % timeoutEvery === 0;
        r = await post(path, body, abandon ? 1 : 30000);
        stats.submitted++;
        if (abandon) stats.retriesAfterTimeout++;
        if (r.status >= 200 && r.status < 500) break;
        first = false;
      }
      if (r.status !== 200) { stats.failures++; continue; }
      if (first) stats.latencies.push(r.ms);
      stats.accepted++;
      if (r.body.duplicate) stats.duplicateAcks++;
      if (resendEvery > 0 && index % resendEvery === 0) {
        const again = await post(path, body, 30000);
        stats.submitted++;
        if (again.status === 200 && again.body.duplicate) stats.duplicateAcks++;
        else stats.failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  process.stdout.write(JSON.stringify(stats));
})();
`;

export async function runLoad(o: LoadOptions): Promise<LoadStats> {
  const per = Math.max(1, Math.ceil(o.clients / o.workers));
  const slices: { token: string; index: number }[][] = Array.from({ length: o.workers }, () => []);
  for (const [index, token] of o.tokens.entries()) slices[index % o.workers].push({ token, index });
  const t0 = process.hrtime.bigint();
  const parts = await Promise.all(
    slices.map(
      (jobs) =>
        new Promise<Omit<LoadStats, 'ms'>>((resolve, reject) => {
          const child = spawn(process.execPath, ['-e', CLIENT], { stdio: ['pipe', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
          });
          child.once('error', reject);
          child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load client exited with ${code}`))));
          child.stdin.end(JSON.stringify({ port: o.port, jobs, clients: per, timeoutEvery: o.timeoutEvery, resendEvery: o.resendEvery }));
        }),
    ),
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return parts.reduce<LoadStats>(
    (a, p) => ({
      ms,
      submitted: a.submitted + p.submitted,
      accepted: a.accepted + p.accepted,
      duplicateAcks: a.duplicateAcks + p.duplicateAcks,
      retriesAfterTimeout: a.retriesAfterTimeout + p.retriesAfterTimeout,
      failures: a.failures + p.failures,
      latencies: a.latencies.concat(p.latencies),
    }),
    { ms, submitted: 0, accepted: 0, duplicateAcks: 0, retriesAfterTimeout: 0, failures: 0, latencies: [] },
  );
}

/** Rows of the survey: total, distinct tokens answered, tokens of the sample left unanswered. */
export async function countRows(database: Database, surveyId: string) {
  const r = await sql<{ rows: string; distinct_tokens: string; unanswered: string }>`
    SELECT (SELECT count(*) FROM survey_responses WHERE survey_id = ${surveyId}) AS rows,
           (SELECT count(DISTINCT sample_id) FROM survey_responses WHERE survey_id = ${surveyId}) AS distinct_tokens,
           (SELECT count(*) FROM survey_samples sm WHERE sm.survey_id = ${surveyId}
              AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.sample_id = sm.id)) AS unanswered`.execute(database.db);
  const x = r.rows[0];
  return { rows: Number(x.rows), distinctTokens: Number(x.distinct_tokens), unanswered: Number(x.unanswered) };
}

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : 0;
};

export interface SurveyBenchResult {
  n: number;
  clients: number;
  ms: number;
  perSecond: number;
  p50: number;
  p95: number;
  lost: number;
  duplicated: number;
  retriesAfterTimeout: number;
  /** CPU time of the server process per request (application side, without PostgreSQL), whatever else runs on the machine */
  serverMsPerSubmission: number;
}

/**
 * The surveys scenario of `npm run bench`: a fresh, migrated PostgreSQL database, `n` single-use tokens, `clients`
 * concurrent clients (in 2 child processes) submitting over loopback, 1 in 50 abandoning its first attempt after 1 ms
 * and retrying with the same id, 1 in 20 re-sending a success. Prints sustained submissions per second, p95 latency,
 * then the row counts (lost and duplicated must be 0).
 */
export async function benchSurveys(openFresh: () => Promise<{ database: Database; drop: () => Promise<void> }>, clock: Clock): Promise<SurveyBenchResult> {
  const { buildApp } = await import('../src/server/app.ts');
  const { prepareDatabase } = await import('../src/modules/setup/start.ts');
  const n = Number(process.env.BENCH_SURVEY_N ?? 20_000);
  const clients = Number(process.env.BENCH_SURVEY_CLIENTS ?? 64);
  const { database, drop } = await openFresh();
  try {
    await prepareDatabase(database.db, clock, { adminPassword: 'bench-admin-pw', demo: false, log: () => {} });
    const { surveyId, tokens } = await prepareLoadSurvey(database, clock, n);
    const app = await buildApp(
      { db: database.db, database, clock, dbKind: database.kind, version: 'bench', secureCookies: false },
      { logLevel: 'silent', serveWeb: false, surveyPublicRateLimit: { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as { port: number }).port;
      // warm-up on a separate small survey (JIT, pool connections)
      const warm = await prepareLoadSurvey(database, clock, 500);
      await runLoad({ port, tokens: warm.tokens, clients, workers: 2, timeoutEvery: 0, resendEvery: 0 });
      const cpu0 = process.cpuUsage();
      const stats = await runLoad({ port, tokens, clients, workers: 2, timeoutEvery: 50, resendEvery: 20 });
      const cpu = process.cpuUsage(cpu0);
      const rows = await countRows(database, surveyId);
      return {
        n,
        clients,
        ms: stats.ms,
        perSecond: (n * 1000) / stats.ms,
        p50: percentile(stats.latencies, 0.5),
        p95: percentile(stats.latencies, 0.95),
        lost: n - rows.distinctTokens,
        duplicated: rows.rows - rows.distinctTokens,
        retriesAfterTimeout: stats.retriesAfterTimeout,
        serverMsPerSubmission: (cpu.user + cpu.system) / 1000 / stats.submitted,
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await drop();
  }
}
