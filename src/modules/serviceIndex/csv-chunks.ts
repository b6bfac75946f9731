import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/** A quoted field still open at the end of the file: the file was cut short (or its quotes are broken). */
export class CsvQuoteError extends Error {
  constructor(readonly row: number) {
    super(`Unterminated quoted field at row ${row}`);
    this.name = 'CsvQuoteError';
  }
}

/** Parsed blocks waiting for the consumer before the text stream is paused. */
const HIGH_WATER = 4;

/**
 * The rows of a delimited text stream (comma, semicolon or tab, guessed from the first lines), a chunk of rows at a
 * time, header first. The text stream is paused while parsed rows wait for the consumer, so memory stays bounded
 * whatever the file's size. Empty lines are skipped. A stream error, or a quoted field left open, ends the iteration
 * with an error.
 */
export async function* csvChunks(text: Readable): AsyncGenerator<string[][]> {
  const queue: string[][][] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let parser: Papa.Parser | null = null;
  let rowsBefore = 0;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  Papa.parse<string[]>(text as unknown as File, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: true,
    chunk(results, p) {
      parser = p;
      const quote = results.errors.find((e) => e.type === 'Quotes');
      if (quote) {
        failure = new CsvQuoteError(rowsBefore + (quote.row ?? 0) + 1);
        p.abort();
      } else if (results.data.length > 0) {
        rowsBefore += results.data.length;
        queue.push(results.data);
        if (queue.length >= HIGH_WATER) text.pause();
      }
      signal();
    },
    complete() {
      finished = true;
      signal();
    },
    error(e: Error) {
      failure = e;
      signal();
    },
  });
  try {
    while (true) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) {
        if (queue.length < HIGH_WATER && !finished) text.resume();
        yield next;
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!finished) {
      (parser as Papa.Parser | null)?.abort();
      text.destroy();
    }
  }
}
