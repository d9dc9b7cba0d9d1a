// The seed's rare-event finance example, done for real: the probability of a 5-sigma loss.
// Run: npm run build && node examples/rare-events.mjs   (prints the table quoted in the README)
import { crossEntropyMethod, gaussianTail, Normal, portfolioLossTail } from 'surprisal';

const S = 100000;
const seed = 1;
const fmt = (x, d = 3) => (Number.isNaN(x) ? '—' : Number.isFinite(x) ? x.toPrecision(d) : String(x));
const row = (name, r, exact) => {
  const vr = r.value > 0 ? (exact * (1 - exact)) / (S * r.stdError ** 2) : Number.NaN;
  const need = S * (r.relativeError / 0.01) ** 2;
  console.log(
    `  ${name.padEnd(34)}${fmt(r.value, 5).padStart(12)}${fmt(r.relativeError).padStart(10)}${fmt(vr).padStart(11)}${fmt(need).padStart(11)}${fmt(r.ess).padStart(10)}${fmt(r.khat).padStart(10)}`,
  );
};
const header = () =>
  console.log(
    `  ${'method'.padEnd(34)}${'estimate'.padStart(12)}${'rel.err'.padStart(10)}${'var.red.'.padStart(11)}${'S for 1%'.padStart(11)}${'ESS'.padStart(10)}${'k̂'.padStart(10)}`,
  );

console.log(
  `P(Z > 5), Z ~ N(0, 1): exact ½·erfc(5/√2) = ${gaussianTail({ threshold: 5, samples: 2 }).exact}  (S = ${S} draws each)`,
);
header();
for (const method of ['naive', 'shift', 'exponential']) {
  const r = gaussianTail({ threshold: 5, method, samples: S, seed });
  row(
    method === 'exponential'
      ? 'a + Exp(a) proposal (default)'
      : method === 'shift'
        ? 'mean shift N(5, 1)'
        : 'naive Monte Carlo',
    r,
    r.exact,
  );
}
const ce = crossEntropyMethod({
  nominal: [new Normal(0, 1)],
  score: (x) => x[0],
  threshold: 5,
  finalSamples: S,
  seed,
  fitScale: false,
});
row('cross-entropy method', ce, gaussianTail({ threshold: 5, samples: 2 }).exact);

const cov = [
  [0.04, 0.01, 0],
  [0.01, 0.09, 0.02],
  [0, 0.02, 0.16],
];
const w = [0.5, 0.3, 0.2];
let v = 0;
for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += w[i] * w[j] * cov[i][j];
for (const df of [undefined, 4]) {
  const base = {
    weights: w,
    mean: [0, 0, 0],
    covariance: cov,
    df,
    threshold: 5 * Math.sqrt(v),
    samples: S,
    seed,
  };
  const exact = portfolioLossTail({ ...base, samples: 2 }).exact;
  console.log(
    `\nPortfolio of 3 correlated ${df ? `Student-t (ν = ${df})` : 'Gaussian'} assets, P(loss > 5·√(wᵀΣw)): exact ${exact}`,
  );
  header();
  for (const method of ['naive', 'shift', 'ce']) {
    row(
      method === 'ce'
        ? 'cross-entropy method'
        : method === 'shift'
          ? 'mean shift of the factor'
          : 'naive Monte Carlo',
      portfolioLossTail({ ...base, method }),
      exact,
    );
  }
}
console.log('\nk̂ > 0.7 (or Infinity) flags an estimate not to trust: see the Student-t mean shift.');
