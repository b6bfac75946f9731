import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

export const pgliteExtensions = { unaccent, btree_gist };

/**
 * Opens (and on first use creates) an embedded PostgreSQL data directory.
 * A new directory is initialised under a temporary name and renamed when complete, so that a process killed
 * during initialisation never leaves a half-written directory behind for the next start.
 */
export async function openPglite(dataDir: string): Promise<PGlite> {
  const abs = path.resolve(dataDir);
  if (!fs.existsSync(abs)) {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.init-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const fresh = await PGlite.create(tmp, { extensions: pgliteExtensions });
    await fresh.close();
    fs.renameSync(tmp, abs);
  }
  for (const leftover of fs.readdirSync(path.dirname(abs))) {
    if (leftover.startsWith(`${path.basename(abs)}.init-`)) {
      fs.rmSync(path.join(path.dirname(abs), leftover), { recursive: true, force: true });
    }
  }
  return PGlite.create(abs, { extensions: pgliteExtensions });
}
