#!/usr/bin/env node
/**
 * `npm run fixtures`: regenerates every reference fixture in test/fixtures by running each generator in turn
 * from the repository root, with inherited stdio; it stops at the first generator that fails (or that did
 * not rewrite its JSON) and exits with its status, then prints the files written and how long each took.
 *
 *   npm run fixtures                     all of them (about 8 minutes; special.json alone takes most of it)
 *   npm run fixtures -- losses psis      only the generators whose file name contains one of the words
 *   node scripts/fixtures.mjs --list     the list as JSON (test/fixtures.test.ts reads it)
 *
 * What it needs (Debian 12 packages; the fixtures record the versions that made them, in `meta.versions`):
 *   - /usr/bin/python3 with python3-numpy, python3-scipy, python3-sklearn, python3-torch, python3-mpmath and
 *     python3-threadpoolctl (comes with python3-sklearn; it names the BLAS in meta), the system Python: do not
 *     pip install; for the generate_*.py scripts;
 *   - Rscript with r-base-core, r-cran-loo (which brings r-cran-matrixstats); r-cran-jsonlite optional
 *     (generate_psis.R then reads its output back), for the generate_*.R scripts;
 *   - sh and gcc, for generate_rng.sh (it compiles xoshiro128starstar.c).
 *   apt-get install -y --no-install-recommends python3-scipy python3-sklearn python3-torch python3-mpmath \
 *     r-base-core r-cran-loo gcc
 *
 * Every fixture JSON carries meta = { generator, command, versions, seed } (Python generators write it with
 * test/fixtures/fixture_meta.py); `command` is the exact command below.
 *
 * Last bits: OpenBLAS (which NumPy, torch and R call for dot and matrix products) picks its CPU kernels per
 * machine, and kernels sum in different orders, so with the same package versions a few values (a Categorical
 * variance, multivariate-normal samples, linearCrossEntropyLoss gradients, loo's stacking weights) move by an
 * ulp or more from one CPU to the next. So this runner pins OPENBLAS_CORETYPE=Haswell, the AVX2 kernels that
 * any x86-64 CPU from the last decade runs, over any value inherited from the environment; on a CPU without
 * AVX2 it warns that last-bit differences are to be expected. meta.versions.blas records the kernels used.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const python = (name, output) => ({
  generator: `test/fixtures/${name}`,
  command: ['/usr/bin/python3', `test/fixtures/${name}`],
  outputs: [`test/fixtures/${output}`],
});
const r = (name, output) => ({
  generator: `test/fixtures/${name}`,
  command: ['Rscript', `test/fixtures/${name}`],
  outputs: [`test/fixtures/${output}`],
});

/** Every generator in test/fixtures, slowest last; test/fixtures.test.ts checks that none is missing. */
const GENERATORS = [
  {
    generator: 'test/fixtures/generate_rng.sh',
    command: ['sh', 'test/fixtures/generate_rng.sh'],
    outputs: ['test/fixtures/rng.json'],
  },
  python('generate_compare_logits.py', 'compare_logits.json'),
  python('generate_linear_ce.py', 'linear_ce.json'),
  python('generate_softmax_entropy.py', 'softmax_entropy.json'),
  python('generate_discrete_estimators.py', 'discrete_estimators.json'),
  python('generate_estimators.py', 'estimators.json'),
  python('generate_losses.py', 'losses.json'),
  python('generate_loss_broadcasting.py', 'loss_broadcasting.json'),
  python('generate_distributions.py', 'distributions.json'),
  python('generate_torch_distributions.py', 'torch_distributions.json'),
  r('generate_psis.R', 'psis.json'),
  r('generate_loo.R', 'loo.json'),
  r('generate_loo_parity.R', 'loo_parity.json'),
  r('generate_r_entropy.R', 'r_entropy.json'),
  python('generate_scipy_parity.py', 'scipy_parity.json'),
  python('generate_betainc_large.py', 'betainc_large.json'),
  python('generate_measures.py', 'measures.json'),
  python('generate_axis_measures.py', 'axis_measures.json'),
  python('generate_dit_measures.py', 'dit_measures.json'),
  python('generate_special.py', 'special.json'),
  python('generate_feature_ranking.py', 'feature_ranking.json'),
];

function mtime(path) {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return null;
  }
}

/** OPENBLAS_CORETYPE for the generators: Haswell where the CPU has AVX2 (see the header), else unset. */
function blasEnv() {
  let cpu = '';
  try {
    cpu = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux: leave OpenBLAS to choose
  }
  if (/\bavx2\b/.test(cpu)) {
    const was = process.env.OPENBLAS_CORETYPE;
    console.log(
      `fixtures: OPENBLAS_CORETYPE=Haswell${was && was !== 'Haswell' ? ` (instead of ${was})` : ''}`,
    );
    return { OPENBLAS_CORETYPE: 'Haswell' };
  }
  console.warn('fixtures: no AVX2 here, so OpenBLAS uses other kernels: expect last-bit differences');
  return {};
}

function main(args) {
  if (args.includes('--list')) {
    const list = GENERATORS.map((g) => ({ ...g, command: g.command.join(' ') }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const words = args.filter((a) => !a.startsWith('-'));
  const chosen = words.length
    ? GENERATORS.filter((g) => words.some((w) => g.generator.includes(w)))
    : GENERATORS;
  if (chosen.length === 0) {
    console.error(`fixtures: no generator matches ${words.join(', ')}`);
    return 2;
  }
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...blasEnv() };
  const written = [];
  const start = performance.now();
  for (const g of chosen) {
    const command = g.command.join(' ');
    console.log(`\n== ${command}`);
    const before = g.outputs.map(mtime);
    const t0 = performance.now();
    const run = spawnSync(g.command[0], g.command.slice(1), {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (run.error || run.status !== 0) {
      const why = run.error ? run.error.message : run.signal ? `signal ${run.signal}` : `exit ${run.status}`;
      console.error(`\nfixtures: ${command} failed (${why}) after ${seconds.toFixed(1)} s`);
      if (written.length) console.error(`written before it: ${written.map((w) => w.path).join(', ')}`);
      return run.status || 1;
    }
    const stale = g.outputs.filter((out, i) => mtime(out) === null || mtime(out) === before[i]);
    if (stale.length) {
      console.error(`\nfixtures: ${command} exited 0 but did not write ${stale.join(', ')}`);
      return 1;
    }
    for (const path of g.outputs) written.push({ path, seconds });
  }
  const total = (performance.now() - start) / 1000;
  console.log(`\nfixtures: wrote ${written.length} file(s) in ${total.toFixed(1)} s`);
  for (const w of written) console.log(`  ${w.path}  (${w.seconds.toFixed(1)} s)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
