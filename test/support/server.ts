import type { AddressInfo } from 'node:net';
import type { Database } from '../../src/db/database.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/http.ts';
import { type Backend, freshDatabase } from './db.ts';
import { TEST_ADMIN_PASSWORD, TEST_NOW } from './env.ts';

export interface TestServer {
  url: string;
  app: App;
  database: Database;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The real app on a real port over a fresh database of the given kind. */
export async function startTestServer(kind: Backend, opts: { serveWeb?: boolean } = {}): Promise<TestServer> {
  const database = await freshDatabase(kind);
  const clock = new ManualClock(TEST_NOW);
  const app = await buildApp(
    { db: database.db, database, clock, dbKind: database.kind, version: 'test', secureCookies: false },
    { logLevel: 'silent', serveWeb: opts.serveWeb ?? false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** An HTTP client with a cookie jar and the CSRF header, like the browser app. */
export class Client {
  cookie = '';
  csrf = '';
  bearer = '';
  lang = 'vi';
  constructor(readonly base: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extra: { headers?: Record<string, string>; raw?: RequestInit['body'] } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'accept-language': this.lang, ...extra.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    let payload: RequestInit['body'] | undefined = extra.raw;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers, body: payload });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair.startsWith('cchc_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await res.json() : type.includes('sheet') ? Buffer.from(await res.arrayBuffer()) : await res.text();
    return { status: res.status, headers: res.headers, body: data as T };
  }
  get<T = any>(p: string) {
    return this.request<T>('GET', p);
  }
  post<T = any>(p: string, b?: unknown) {
    return this.request<T>('POST', p, b ?? {});
  }
  patch<T = any>(p: string, b: unknown) {
    return this.request<T>('PATCH', p, b);
  }
  delete<T = any>(p: string) {
    return this.request<T>('DELETE', p);
  }

  async login(username: string, password: string): Promise<Reply> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export const DEMO_PASSWORD = 'Demo@2025';
export async function loginAs(base: string, username: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.login(username, username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD);
  if (r.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(r.body)}`);
  return c;
}
