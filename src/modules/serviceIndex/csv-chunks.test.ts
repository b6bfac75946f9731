import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvQuoteError, csvChunks } from './csv-chunks.ts';

async function rowsOf(text: string | string[]) {
  const rows: string[][] = [];
  for await (const block of csvChunks(Readable.from(Array.isArray(text) ? text : [text], { objectMode: false }))) rows.push(...block);
  return rows;
}

describe('csvChunks', () => {
  it('reads comma, semicolon and tab files, quoted fields with commas, quotes and line breaks, across pieces', async () => {
    expect(await rowsOf('a,b,c\n1,"x, ""y""",3\n\n4,"line\none",6\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['4', 'line\none', '6'],
    ]);
    expect(await rowsOf('a;b\r\n1;2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await rowsOf('a\tb\n1\t2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    // a quoted line break split between two pieces of the stream
    expect(await rowsOf(['a,b\n1,"li', 'ne\ntwo"\n2,3\n'])).toEqual([
      ['a', 'b'],
      ['1', 'line\ntwo'],
      ['2', '3'],
    ]);
  });

  it('refuses a quoted field that is never closed, naming its row', async () => {
    await expect(rowsOf('a,b\n1,2\n3,"open\n')).rejects.toEqual(new CsvQuoteError(3));
  });

  it('reads no further ahead of its consumer than a few pieces (memory stays bounded)', async () => {
    const line = 'HS0000001,1.001757,21583,20251006080000,20251008170000,,DangXuLy,1\n';
    const piece = line.repeat(1000); // ~70 KB
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced >= 40 * piece.length) return void this.push(null);
        produced += piece.length;
        this.push(piece);
      },
    });
    let consumed = 0;
    let furthestAhead = 0;
    for await (const block of csvChunks(source)) {
      consumed += block.length * line.length;
      furthestAhead = Math.max(furthestAhead, produced - consumed);
      await new Promise((r) => setTimeout(r, 2)); // a slow consumer (the database)
    }
    expect(consumed).toBe(40 * piece.length);
    // without the pause the whole 2.8 MB would be read before the consumer caught up
    expect(furthestAhead).toBeLessThan(12 * piece.length);
  });
});
