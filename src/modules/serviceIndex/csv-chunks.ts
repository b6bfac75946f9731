import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/** A quoted field still open at the end of the file: the file was cut short (or its quotes are broken). */
export class CsvQuoteError extends Error {
  constructor(readonly row: number) {
    super(`Unterminated quoted field at row ${row}`);
    this.name = 'CsvQuoteError';
  }
}

/**
 * The rows of a delimited text stream (comma, semicolon or tab, guessed from the first lines), a chunk of rows at a
 * time, header first. The stream is paused while the consumer works on a chunk, so memory stays bounded whatever the
 * file's size. Empty lines are skipped. A stream error, or a quoted field left open, ends the iteration with an error.
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
      } else {
        rowsBefore += results.data.length;
        queue.push(results.data);
        p.pause();
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
      const next = queue.shift();
      if (next) {
        yield next;
        if (queue.length === 0 && !finished && !failure) (parser as Papa.Parser | null)?.resume();
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!finished) (parser as Papa.Parser | null)?.abort();
  }
}
