import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, tmpRoot } from './env.ts';

export const cliEntry = path.join(repoRoot, 'src/cli/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`node --import tsx src/cli/main.ts …`) as a child process. The environment starts from a clean
 * slate: only PATH/HOME and the given variables, so that a developer's DATABASE_URL or CCHC_* never leaks in.
 */
export function runCli(args: string[], opts: { env: Record<string, string | undefined>; cwd: string; timeoutMs?: number }): Promise<CliResult> {
  // a small demo dossier set keeps `init` quick; a test can ask for more
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CCHC_LOG_LEVEL: 'warn', CCHC_DEMO_DOSSIERS: '1000' };
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cliEntry, ...args],
      { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 180_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A fresh working directory under .test-tmp/ (removed by the caller). */
export function tempDir(prefix: string): string {
  fs.mkdirSync(tmpRoot, { recursive: true });
  return fs.mkdtempSync(path.join(tmpRoot, `${prefix}-`));
}
