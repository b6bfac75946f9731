import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { Client, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends())('auth and request handling on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reports health with the database kind', async () => {
    const r = await new Client(s.url).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: kind, version: 'test' });
  });

  it('signs in with an HttpOnly SameSite cookie and answers /me', async () => {
    const c = new Client(s.url);
    const r = await c.login('sonoivu', DEMO_PASSWORD);
    expect(r.status).toBe(200);
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('cchc_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await c.get('/api/auth/me');
    expect(me.body.user.username).toBe('sonoivu');
    expect(me.body.user.roles).toEqual([{ role: 'parOffice', unitId: null, unitName: null }]);
    expect(me.body.user.permissions).toContain('calendar.manage');
    expect(me.body.user.permissions).not.toContain('unit.write');
  });

  it('refuses wrong credentials with a Vietnamese problem+json and an English one on request', async () => {
    const c = new Client(s.url);
    const r = await c.login('sonoivu', 'wrong-password');
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 401, code: 'bad_credentials', detail: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    c.lang = 'en';
    const e = await c.login('nobody', 'x');
    expect(e.body.detail).toBe('Wrong username or password.');
  });

  it('locks an account after five failures, even for the right password, until the lock expires', async () => {
    const c = new Client(s.url);
    for (let i = 0; i < 4; i++) expect((await c.login('hoidong', 'bad')).status).toBe(401);
    expect((await c.login('hoidong', 'bad')).status).toBe(423);
    const locked = await c.login('hoidong', DEMO_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('account_locked');
    s.clock.advance(16 * 60_000);
    expect((await c.login('hoidong', DEMO_PASSWORD)).status).toBe(200);
  });

  it('expires an idle session', async () => {
    const c = await loginAs(s.url, 'thamdinh');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    s.clock.advance(3 * 3600_000);
    const r = await c.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('session_expired');
    expect((await c.get('/api/units')).status).toBe(401);
  });

  it('requires the CSRF header on cookie-authenticated writes and changes nothing without it', async () => {
    const c = await loginAs(s.url, 'admin');
    const before = await c.get('/api/calendar/holidays?year=2027');
    const csrf = c.csrf;
    c.csrf = '';
    const r = await c.post('/api/calendar/holidays', { day: '2027-05-19', name: 'Ngày thử' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('csrf_failed');
    c.csrf = 'forged';
    expect((await c.post('/api/calendar/holidays', { day: '2027-05-19', name: 'Ngày thử' })).status).toBe(403);
    c.csrf = csrf;
    expect((await c.get('/api/calendar/holidays?year=2027')).body).toEqual(before.body);
  });

  it('issues API tokens by password exchange; they work without CSRF and stop working when revoked', async () => {
    const anon = new Client(s.url);
    const t = await anon.post('/api/auth/token', { username: 'admin', password: 'admin-test-pw' });
    expect(t.status).toBe(201);
    expect(t.body.token).toMatch(/^cchc_/);
    const bot = new Client(s.url);
    bot.bearer = t.body.token;
    expect((await bot.get('/api/auth/me')).body.user.username).toBe('admin');
    const w = await bot.post('/api/calendar/holidays', { day: '2027-06-01', name: 'Ngày nghỉ bổ sung (thử)' });
    expect(w.status).toBe(201);
    // the token is stored hashed only
    const stored = await s.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', t.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(t.body.token);
    expect(stored.token_hash).toHaveLength(64);
    const admin = await loginAs(s.url, 'admin');
    expect((await admin.delete(`/api/tokens/${t.body.id}`)).status).toBe(204);
    const after = await bot.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('invalid_token');
    bot.bearer = 'cchc_not-a-token';
    expect((await bot.get('/api/units')).status).toBe(401);
  });

  it('creates, lists and revokes own tokens from a session', async () => {
    const c = await loginAs(s.url, 'quynhon.canbo');
    const t = await c.post('/api/tokens', { name: 'Đồng bộ thử' });
    expect(t.status).toBe(201);
    const list = await c.get('/api/tokens');
    expect(list.body.items.map((x: { name: string }) => x.name)).toContain('Đồng bộ thử');
    expect(JSON.stringify(list.body)).not.toContain(t.body.token);
    expect((await c.delete(`/api/tokens/${t.body.id}`)).status).toBe(204);
  });

  it('signs out and the cookie no longer works', async () => {
    const c = await loginAs(s.url, 'lanhdaotinh');
    const cookie = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    c.cookie = cookie;
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('rejects malformed JSON, oversized bodies, unknown fields and wrong types with field paths', async () => {
    const c = await loginAs(s.url, 'admin');
    const bad = await c.request('POST', '/api/units', undefined, { headers: { 'content-type': 'application/json' }, raw: '{"code": "X1", ' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('malformed_json');
    const big = await c.request('POST', '/api/units', undefined, {
      headers: { 'content-type': 'application/json' },
      raw: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    const unknown = await c.post('/api/units', { code: 'X1', name: 'Xã Thử', kind: 'commune', parentId: null, validFrom: '2026-01-01', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual({ path: 'body', message: 'Trường không được hỗ trợ: colour.' });
    const wrongType = await c.post('/api/units', { code: 'X1', name: 42, kind: 'commune', parentId: null, validFrom: '2026-01-01' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].path).toBe('body.name');
    const missing = await c.post('/api/units', { code: 'X1', kind: 'commune', parentId: null, validFrom: '2026-01-01' });
    expect(missing.body.errors).toContainEqual({ path: 'body.name', message: 'Bắt buộc nhập.' });
    const fraction = await c.post('/api/calendar/holidays', { day: '2026-13-01', name: 'x' });
    expect(fraction.body.errors[0].path).toBe('body.day');
    const units = await c.get('/api/units?q=X1');
    expect(units.body.items).toEqual([]);
  });

  it('answers unknown API routes with problem+json 404', async () => {
    const r = await new Client(s.url).get('/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('route_not_found');
  });

  it('rate-limits the token endpoint per address', async () => {
    const c = new Client(s.url);
    let last = 0;
    for (let i = 0; i < 25; i++) last = (await c.post('/api/auth/token', { username: 'nobody', password: 'x' })).status;
    expect(last).toBe(429);
  });
});
