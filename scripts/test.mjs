// `npm test`: types, lint, then the tests in two Vitest processes — unit + integration, then the browser tests in a
// process of their own, so that they start from a clean process. Arguments are passed to Vitest; a JSON report
// (--outputFile.json=FILE) covers both runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

for (const [cmd, args] of [
  [npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  [npx, ['tsc', '--noEmit', '-p', 'web/tsconfig.json']],
  [npx, ['biome', 'check', 'src', 'test', 'web/src', 'bench', 'scripts']],
]) {
  const status = run(cmd, args);
  if (status !== 0) process.exit(status);
}

const extra = process.argv.slice(2);
const jsonArg = extra.find((a) => a.startsWith('--outputFile.json='));
const jsonFile = jsonArg?.slice('--outputFile.json='.length);
const phases = [
  ['--project', 'unit', '--project', 'integration'],
  ['--project', 'e2e'],
];
let failed = false;
const parts = [];
for (const [i, projects] of phases.entries()) {
  const part = jsonFile ? `${jsonFile}.part${i + 1}` : null;
  const args = ['vitest', 'run', ...projects, ...extra.map((a) => (a === jsonArg && part ? `--outputFile.json=${part}` : a))];
  if (run(npx, args) !== 0) failed = true;
  if (part) parts.push(part);
}
if (jsonFile) {
  const merged = { numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTests: 0, numTotalTests: 0, success: true, testResults: [] };
  for (const p of parts) {
    let r;
    try {
      r = JSON.parse(fs.readFileSync(p, 'utf8'));
    } catch {
      merged.success = false;
      merged.numRuntimeErrorTests += 1;
      continue;
    }
    merged.numPassedTests += r.numPassedTests ?? 0;
    merged.numFailedTests += r.numFailedTests ?? 0;
    merged.numRuntimeErrorTests += r.numRuntimeErrorTests ?? 0;
    merged.numTotalTests += r.numTotalTests ?? 0;
    merged.success &&= r.success !== false;
    merged.testResults.push(...(r.testResults ?? []));
    fs.rmSync(p, { force: true });
  }
  fs.writeFileSync(jsonFile, JSON.stringify(merged));
}
process.exit(failed ? 1 : 0);
