// Benchmark: PSIS and PSIS-LOO (surprisal) against R's loo, side by side in one run on the same data:
// `psis` on 10^6 log ratios (loo::psis) and `loo` on a [4000 draws, 1000 observations] log-likelihood
// (loo::loo with cores = 1), each with r_eff = 1, and loo with `threads` = the core count. Medians of repeated runs, with the core count.
// Needs `npm run build` and Debian's r-cran-loo (Rscript). Run: node bench/loo.mjs [repeats]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, loo, psis } from '../dist/index.js';

const repeats = Number(process.argv[2] ?? 5);
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
function time(f) {
  f(); // one warm-up call (JIT), as R's first call is not counted either
  const ts = [];
  let v;
  for (let i = 0; i < repeats; i++) {
    const t = process.hrtime.bigint();
    v = f();
    ts.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds: median(ts), value: v };
}

// A normal model's pointwise log-likelihood with 2% outlying observations (their k̂ are high), and the log
// ratios of a Student-t(3) target against a normal proposal.
const S = 4000;
const N = 1000;
const P = 1_000_000;
const rng = createRng(20261207);
const y = Float64Array.from({ length: N }, (_, i) => (i % 50 === 0 ? 6 : rng.normal()));
const ll = new Float64Array(S * N);
for (let s = 0; s < S; s++) {
  const mu = 0.03 * rng.normal();
  const sigma = Math.exp(0.02 * rng.normal());
  for (let i = 0; i < N; i++) {
    const z = (y[i] - mu) / sigma;
    ll[s * N + i] = -0.5 * z * z - Math.log(sigma) - 0.9189385332046728;
  }
}
const lr = new Float64Array(P);
for (let i = 0; i < P; i++) {
  const x = rng.normal();
  lr[i] = -2 * Math.log1p((x * x) / 3) + 0.5 * x * x;
}

const dir = mkdtempSync(join(tmpdir(), 'surprisal-loo-'));
writeFileSync(join(dir, 'll.bin'), Buffer.from(ll.buffer));
writeFileSync(join(dir, 'lr.bin'), Buffer.from(lr.buffer));
writeFileSync(join(dir, 'meta.txt'), `${S} ${N} ${P}\n`);
const script = fileURLToPath(new URL('loo_r.R', import.meta.url));
const r = spawnSync('Rscript', [script, dir, String(repeats)], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const ref = JSON.parse(r.stdout.trim().split('\n').pop());
const p = time(() => psis(lr).khat);
const l = time(() => loo({ data: ll, shape: [S, N] }).estimates.elpdLoo.value);
const threads = cpus().length;
const lt = time(() => loo({ data: ll, shape: [S, N] }, { threads }).estimates.elpdLoo.value);

console.log(
  `# ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${ref.R}, loo ${ref.loo}; medians of ${repeats}`,
);
console.log('| call | surprisal (s) | R loo (s) | speed-up (R / surprisal) | result (ours / R) |');
console.log('|---|---|---|---|---|');
const row = (name, ours, theirs, a, b) =>
  console.log(
    `| ${name} | ${ours.toFixed(4)} | ${theirs.toFixed(4)} | ${(theirs / ours).toFixed(2)}× | ${a} / ${b} |`,
  );
row('psis, 10⁶ draws (k̂)', p.seconds, ref.psisSeconds, p.value, ref.psisKhat);
row(`loo, [${S}, ${N}] (elpd_loo)`, l.seconds, ref.looSeconds, l.value, ref.elpdLoo);
row(
  `loo, [${S}, ${N}], threads: ${threads} (vs loo cores = 1)`,
  lt.seconds,
  ref.looSeconds,
  lt.value,
  ref.elpdLoo,
);
