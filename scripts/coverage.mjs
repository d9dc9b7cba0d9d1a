#!/usr/bin/env node
/**
 * Coverage of the 95% intervals of the discrete estimators, by simulation: for each regime a known distribution,
 * `--replicates` seeded samples drawn from it, and for each estimator the share of its intervals (`confidence:
 * 0.95`) that contain the true value. Prints a Markdown table (estimator × regime → coverage), the one in the
 * README's "Coverage of the intervals" section.
 *
 *   npm run build && node scripts/coverage.mjs [--replicates 200] [--seed 1] [--only entropy|kl|mi]
 *
 * Imports the built library (dist/), as a user would. test/estimators/coverage.test.ts checks a subset with
 * fewer replicates.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lib = await import(pathToFileURL(join(here, '..', 'dist', 'index.js')).href);
const { createRng, multinomial, estimateEntropy, estimateKlDivergence, estimateMutualInformation } = lib;

const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const R = Number(flag('replicates', 200));
const seed = Number(flag('seed', 1));
const only = flag('only', undefined);

const zipf = (k, s) => {
  const w = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** s);
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
};
const entropyOf = (p) => -p.reduce((a, x) => a + (x > 0 ? x * Math.log(x) : 0), 0);
const klOf = (p, q) => p.reduce((a, x, i) => a + (x > 0 ? x * Math.log(x / q[i]) : 0), 0);
/** MI of a joint table given as rows. */
const miOf = (t) => {
  const px = t.map((r) => r.reduce((a, b) => a + b, 0));
  const py = t[0].map((_, j) => t.reduce((a, r) => a + r[j], 0));
  let s = 0;
  t.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v > 0) s += v * Math.log(v / (px[i] * py[j]));
    });
  });
  return s;
};
const normalise = (w) => {
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
};

// The regimes. Entropy and KL: distributions over K bins; MI: joint tables.
const ENTROPY_REGIMES = {
  'uniform (K=3, N=150)': { p: [1 / 3, 1 / 3, 1 / 3], n: 150 },
  'K ≪ N (K=5, N=1000)': { p: [0.4, 0.25, 0.15, 0.12, 0.08], n: 1000 },
  'K ≫ N (Zipf K=1000, N=100)': { p: zipf(1000, 1), n: 100 },
  'heavy tail (Zipf K=100, N=500)': { p: zipf(100, 1), n: 500 },
  'small N (K=4, N=20)': { p: [0.5, 0.25, 0.15, 0.1], n: 20 },
};
const KL_REGIMES = {
  'p = q uniform (K=3, n=m=150)': { p: [1 / 3, 1 / 3, 1 / 3], q: [1 / 3, 1 / 3, 1 / 3], n: 150 },
  'K ≪ N (K=5, n=m=1000)': {
    p: [0.4, 0.25, 0.15, 0.12, 0.08],
    q: [0.2, 0.2, 0.2, 0.2, 0.2],
    n: 1000,
  },
  'K ≫ N (Zipf K=1000, n=m=100)': { p: zipf(1000, 1), q: zipf(1000, 0.8), n: 100 },
  'heavy tail (Zipf K=100, n=m=500)': { p: zipf(100, 1), q: zipf(100, 0.8), n: 500 },
  'small N (K=4, n=m=20)': { p: [0.5, 0.25, 0.15, 0.1], q: [0.25, 0.25, 0.25, 0.25], n: 20 },
};
const dependent = (k, rho) =>
  Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? rho : (1 - rho) / (k - 1)) / k),
  );
const zipfTable = (k, s, rho) => {
  const m = zipf(k, s);
  return m.map((pi, i) => m.map((pj, j) => pi * ((1 - rho) * pj + (i === j ? rho : 0))));
};
const MI_REGIMES = {
  'independent uniform (3×3, N=150)': { t: Array.from({ length: 3 }, () => [1 / 9, 1 / 9, 1 / 9]), n: 150 },
  'K ≪ N (3×3, N=1000)': { t: dependent(3, 0.6), n: 1000 },
  'K ≫ N (30×30, N=100)': { t: dependent(30, 0.5), n: 100 },
  'heavy tail (Zipf 20×20, N=500)': { t: zipfTable(20, 1, 0.5), n: 500 },
  'small N (2×2, N=20)': { t: dependent(2, 0.7), n: 20 },
};

const ENTROPY_METHODS = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'chao-shen',
  'shrink',
  'grassberger',
  'nsb',
  'jackknife',
];
const KL_METHODS = ['plugin', 'jeffreys', 'shrink'];
const MI_METHODS = ['plugin', 'miller-madow', 'jeffreys', 'schurmann-grassberger', 'shrink'];

const covers = (ci, truth) => ci !== undefined && ci[0] <= truth + 1e-12 && truth <= ci[1] + 1e-12;

/** Samples (codes) from counts: counts[i] copies of i. */
const expand = (counts) => {
  const out = [];
  counts.forEach((c, i) => {
    for (let r = 0; r < c; r++) out.push(i);
  });
  return out;
};

function table(title, regimes, methods, cell) {
  const names = Object.keys(regimes);
  const lines = [`| ${title} | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---:').join(' | ')} |`];
  const started = performance.now();
  const results = Object.fromEntries(methods.map((m) => [m, []]));
  for (const name of names) {
    const rng = createRng(seed);
    const draws = Array.from({ length: R }, () => regimes[name].draw(rng));
    for (const m of methods) {
      let hit = 0;
      for (const d of draws) if (cell(m, d, regimes[name].truth)) hit++;
      results[m].push((hit / R).toFixed(2));
    }
  }
  for (const m of methods) lines.push(`| ${m} | ${results[m].join(' | ')} |`);
  console.log(lines.join('\n'));
  console.log(
    `\n(${R} replicates per cell, seed ${seed}; ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

if (!only || only === 'entropy') {
  const regimes = Object.fromEntries(
    Object.entries(ENTROPY_REGIMES).map(([k, { p, n }]) => [
      k,
      { truth: entropyOf(p), draw: (rng) => Array.from(multinomial(rng, n, p)) },
    ]),
  );
  table('estimateEntropy', regimes, ENTROPY_METHODS, (method, counts, truth) =>
    covers(estimateEntropy({ counts }, { method, confidence: 0.95 }).ci, truth),
  );
}
if (!only || only === 'kl') {
  const regimes = Object.fromEntries(
    Object.entries(KL_REGIMES).map(([k, { p, q, n }]) => [
      k,
      {
        truth: klOf(p, q),
        draw: (rng) => [Array.from(multinomial(rng, n, p)), Array.from(multinomial(rng, n, q))],
      },
    ]),
  );
  table('estimateKlDivergence', regimes, KL_METHODS, (method, [cp, cq], truth) =>
    covers(estimateKlDivergence({ counts: cp }, { counts: cq }, { method, confidence: 0.95 }).ci, truth),
  );
}
if (!only || only === 'mi') {
  const regimes = Object.fromEntries(
    Object.entries(MI_REGIMES).map(([k, { t, n }]) => {
      const ky = t[0].length;
      const flat = normalise(t.flat());
      return [
        k,
        {
          truth: miOf(t.map((r) => r.map((v) => v / t.flat().reduce((a, b) => a + b, 0)))),
          draw: (rng) => {
            const cells = expand(Array.from(multinomial(rng, n, flat)));
            return [cells.map((c) => Math.floor(c / ky)), cells.map((c) => c % ky)];
          },
        },
      ];
    }),
  );
  table('estimateMutualInformation', regimes, MI_METHODS, (method, [x, y], truth) =>
    covers(estimateMutualInformation(x, y, { method, confidence: 0.95 }).ci, truth),
  );
}
