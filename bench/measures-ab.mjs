// Two builds of surprisal side by side in one process (issue #20): the same seeded data, the calls of the two
// builds alternating, so that both see the same load; medians and minima of each. For changes of a few per
// cent, where separate runs of bench/measures.mjs differ by more than that on this shared machine.
// Usage: npm run build && A=/path/to/old/dist/index.js [B=dist/index.js] [REPS=21] \
//          node bench/measures-ab.mjs [n=1e6] [calls=ce,kl,ent] [threads=1]
// (an old build: git worktree add /tmp/old <commit> && cd /tmp/old && npm ci && npm run build).
// Calls: ent kl ce js r2 r05 r25 r3 r17 (renyiEntropy α = 2, 0.5, 2.5, 3, 1.7) lse sm lsm (softmax / logSoftmax into
// a reused out) ent32 kl32 lse32. A first line per call shows the two results where they differ.
const A = await import(process.env.A ?? new URL('../dist/index.js', import.meta.url).href);
const B = await import(process.env.B ?? new URL('../dist/index.js', import.meta.url).href);
const n = Number(process.argv[2] ?? 1e6);
const threads = Number(process.argv[4] ?? 1);
const reps = Number(process.env.REPS ?? 21);
let seed = 7;
const r = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const dist = () => {
  const p = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    p[i] = r() + 1e-3;
    s += p[i];
  }
  for (let i = 0; i < n; i++) p[i] /= s;
  return p;
};
const p = dist();
const q = dist();
const x = p.map(() => 20 * r() - 10);
const out = new Float64Array(n);
const [p32, q32, x32] = [p, q, x].map((a) => new Float32Array(a));
const f32 = { tolerance: 1e-4 };
const calls = {
  ent: (S, o) => S.entropy(p, o),
  kl: (S, o) => S.klDivergence(p, q, o),
  ce: (S, o) => S.crossEntropy(p, q, o),
  js: (S, o) => S.jsDivergence(p, q, o),
  r2: (S, o) => S.renyiEntropy(p, { alpha: 2, ...o }),
  r05: (S, o) => S.renyiEntropy(p, { alpha: 0.5, ...o }),
  r25: (S, o) => S.renyiEntropy(p, { alpha: 2.5, ...o }),
  r3: (S, o) => S.renyiEntropy(p, { alpha: 3, ...o }),
  r17: (S, o) => S.renyiEntropy(p, { alpha: 1.7, ...o }),
  lse: (S, o) => S.logSumExp(x, o),
  sm: (S, o) => S.softmax(x, { ...o, out }),
  lsm: (S, o) => S.logSoftmax(x, { ...o, out }),
  ent32: (S, o) => S.entropy(p32, { ...f32, ...o }),
  kl32: (S, o) => S.klDivergence(p32, q32, { ...f32, ...o }),
  lse32: (S, o) => S.logSumExp(x32, o),
};
const median = (t) => [...t].sort((a, b) => a - b)[t.length >> 1];
for (const name of (process.argv[3] ?? 'ce,kl,ent').split(',')) {
  const f = calls[name];
  if (!f) throw new Error(`unknown call ${name}: one of ${Object.keys(calls).join(' ')}`);
  const o = { threads };
  for (let i = 0; i < 5; i++) {
    f(A, o);
    f(B, o);
  }
  const [ta, tb] = [[], []];
  for (let i = 0; i < reps; i++) {
    let t0 = performance.now();
    const va = f(A, o);
    ta.push(performance.now() - t0);
    t0 = performance.now();
    const vb = f(B, o);
    tb.push(performance.now() - t0);
    if (i === 0 && typeof va === 'number' && va !== vb) console.log(`  ${name}: A ${va}, B ${vb}`);
  }
  const [ma, mb] = [median(ta), median(tb)];
  console.log(
    `${name.padEnd(6)} n=${n} threads=${threads}: A median ${ma.toFixed(3)} ms (min ${Math.min(...ta).toFixed(3)}), B median ${mb.toFixed(3)} ms (min ${Math.min(...tb).toFixed(3)}), A/B ${(ma / mb).toFixed(2)}`,
  );
}
