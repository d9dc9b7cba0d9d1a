#!/usr/bin/env node
// Installs the benchmarks' peers (bench/package.json: tfjs, onnxruntime-node) into bench/node_modules, apart from
// the library's own install: `npm run bench:install`; `--if-missing` (used by `npm run bench`) does nothing when
// they are all present. onnxruntime-node's postinstall would download CUDA binaries from api.nuget.org (and fail
// offline); its CPU binaries ship in the tarball, so that download is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('.', import.meta.url));
const { dependencies } = JSON.parse(readFileSync(join(bench, 'package.json'), 'utf8'));
const missing = Object.keys(dependencies).filter(
  (name) => !existsSync(join(bench, 'node_modules', name, 'package.json')),
);
if (process.argv.includes('--if-missing') && missing.length === 0) process.exit(0);

console.log(`bench: installing ${Object.keys(dependencies).join(', ')} into bench/node_modules`);
const command = existsSync(join(bench, 'package-lock.json')) ? 'ci' : 'install';
const result = spawnSync('npm', [command, '--no-audit', '--no-fund'], {
  cwd: bench,
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  shell: process.platform === 'win32',
});
if (result.status !== 0) {
  console.error(
    `bench: \`npm ${command}\` in bench/ failed (${result.error?.message ?? `exit ${result.status}`})`,
  );
  process.exit(1);
}
