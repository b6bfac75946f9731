import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import copyStreams from 'pg-copy-streams';
import { isoInstant } from '../domain/shared/clock.ts';
import type { Database } from './database.ts';

export type Row = readonly (string | number | boolean | Date | null)[];

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Escapes one value for COPY's text format. */
function copyText(v: Row[number]): string {
  if (v === null) return '\\N';
  if (v instanceof Date) return isoInstant(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const text = String(v);
  // most values need no escaping: test once before the four replacements
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`Bad identifier ${s}`);
  return `"${s}"`;
};

/**
 * Loads many rows into one table, fast, in one transaction (all or nothing).
 * - PostgreSQL server: streams `COPY … FROM STDIN`.
 * - PGlite: `INSERT … SELECT FROM unnest(…)` in batches (COPY through the pg adapter is not supported there).
 */
export async function bulkLoad(
  database: Database,
  table: string,
  columns: string[],
  rows: Iterable<Row> | AsyncIterable<Row>,
  opts: { batchSize?: number } = {},
): Promise<number> {
  const cols = columns.map(ident).join(', ');
  const client = await database.pool.connect();
  let count = 0;
  try {
    await client.query('BEGIN');
    if (database.kind === 'postgres') {
      const stream = client.query(copyStreams.from(`COPY ${ident(table)} (${cols}) FROM STDIN`));
      let buf = '';
      /** Appends a row; returns the text to send once about 1 MB is ready. */
      const add = (r: Row): string | null => {
        const parts = new Array<string>(r.length);
        for (let i = 0; i < r.length; i++) parts[i] = copyText(r[i]);
        buf += `${parts.join('\t')}\n`;
        count++;
        if (buf.length <= 1 << 20) return null;
        const out = buf;
        buf = '';
        return out;
      };
      async function* lines() {
        // a plain iterable (an array of rows) is read without awaiting each row
        if (Symbol.iterator in rows) {
          for (const r of rows) {
            const out = add(r);
            if (out) yield out;
          }
        } else {
          for await (const r of rows) {
            const out = add(r);
            if (out) yield out;
          }
        }
        if (buf) yield buf;
      }
      await pipeline(Readable.from(lines()), stream);
    } else {
      const types = await client.query<{ column_name: string; udt_name: string }>(
        `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      );
      const typeOf = new Map(types.rows.map((t) => [t.column_name, t.udt_name]));
      const casts = columns.map((c, i) => {
        const t = typeOf.get(c);
        if (!t) throw new Error(`No column ${table}.${c}`);
        return `$${i + 1}::${t}[]`;
      });
      const text = `INSERT INTO ${ident(table)} (${cols}) SELECT * FROM unnest(${casts.join(', ')})`;
      const size = opts.batchSize ?? 5000;
      let batch: Row[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const arrays = columns.map((_, i) => batch.map((r) => (r[i] instanceof Date ? (r[i] as Date).toISOString() : r[i])));
        await client.query(text, arrays);
        count += batch.length;
        batch = [];
      };
      for await (const r of rows as AsyncIterable<Row>) {
        batch.push(r);
        if (batch.length >= size) await flush();
      }
      await flush();
    }
    await client.query('COMMIT');
    return count;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
