#!/usr/bin/env node
// Builds the web front-end (web/) with Vite's JS API.
// Skips the build when web/dist/index.html is newer than every source file
// (web/src/**, web/index.html, web/survey.html, web/vite.config.ts). Pass --force to always build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(repoRoot, 'web');
const configFile = join(webDir, 'vite.config.ts');
const distIndex = join(webDir, 'dist', 'index.html');
const force = process.argv.includes('--force');

/** Newest mtime (ms) among a file or all files below a directory. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // catches deleted files (directory mtime changes)
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function isUpToDate() {
  if (!existsSync(distIndex)) return false;
  const built = statSync(distIndex).mtimeMs;
  // the survey pages also bundle the questionnaire rules of the server's domain layer
  const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'survey.html'), configFile, join(repoRoot, 'src/domain/surveys')];
  return sources.every((p) => newestMtime(p) < built);
}

if (!force && isUpToDate()) {
  console.log(`web: up to date, skipping build (${relative(process.cwd(), distIndex) || distIndex})`);
} else {
  const started = performance.now();
  const { build } = await import('vite');
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production' });
  } catch (err) {
    console.error('web: build failed');
    console.error(err);
    process.exit(1);
  }
  const ms = Math.round(performance.now() - started);
  console.log(`web: built ${relative(process.cwd(), join(webDir, 'dist')) || 'web/dist'} in ${ms} ms${force ? ' (forced)' : ''}`);
}
