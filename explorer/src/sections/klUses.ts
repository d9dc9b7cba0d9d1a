/**
 * Where KL is used: the KL term of a variational autoencoder (closed form by the library's kl), a trust region
 * on a policy update (klDivergence between the old and the new softmax policy), and distillation at a
 * temperature (klDivergence between softened teacher and student).
 */
import * as Plot from '@observablehq/plot';
import { kl, klDivergence, Normal, softmax } from 'surprisal';
import { fmt } from '../format.js';
import { byId, chart, colors, expose, guarded, say, show, slider } from '../ui.js';

const ACTIONS = ['left', 'right', 'up', 'down'] as const;
/** The old policy's logits and the direction of the update (an advantage-weighted gradient). */
export const POLICY = { logits: [1, 0.5, 0, -0.5], direction: [-1, 2, 0.5, -1.5] } as const;
/** The trust region's radius δ (TRPO's max_kl of 0.01). */
export const DELTA = 0.01;
const CLASSES = ['cat', 'dog', 'bird', 'fish'] as const;
/** The teacher's and the student's logits for one image. */
export const DISTILL = { teacher: [5, 2.5, 1, -1], student: [3, 2.8, 0, 0] } as const;

/** The new policy after a step of size eta. */
export function stepped(eta: number): Float64Array {
  return softmax(POLICY.logits.map((z, i) => z + eta * POLICY.direction[i]));
}

/** Softmax at temperature T. */
export function soft(logits: readonly number[], T: number): Float64Array {
  return softmax(logits.map((z) => z / T));
}

export function mountKlUses(): void {
  const controls = byId('ku-controls');
  let mu = 1;
  let sigma = 0.5;
  let eta = 0.05;
  let T = 1;

  slider(
    controls,
    {
      id: 'ku-mu',
      label: 'VAE encoder mean μ',
      min: -3,
      max: 3,
      step: 0.05,
      value: mu,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      mu = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'ku-sigma',
      label: 'VAE encoder standard deviation σ',
      min: 0.05,
      max: 3,
      step: 0.05,
      value: sigma,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      sigma = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'ku-eta',
      label: 'Policy step size η',
      min: 0,
      max: 0.5,
      step: 0.005,
      value: eta,
      format: (v) => fmt(v, 3),
    },
    (v) => {
      eta = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'ku-T',
      label: 'Distillation temperature T',
      min: 0.5,
      max: 10,
      step: 0.5,
      value: T,
      format: (v) => fmt(v, 1),
    },
    (v) => {
      T = v;
      update();
    },
  );

  const drawVae = chart(byId('ku-vae-chart'), (width) => {
    const q = new Normal(mu, sigma);
    const prior = new Normal(0, 1);
    const rows: { x: number; f: number; d: string }[] = [];
    for (let i = 0; i <= 300; i++) {
      const x = -5 + (10 * i) / 300;
      rows.push({ x, f: Math.exp(q.logProb(x)), d: 'encoder q(z | x)' });
      rows.push({ x, f: Math.exp(prior.logProb(x)), d: 'prior N(0, 1)' });
    }
    return Plot.plot({
      width,
      height: 180,
      x: { label: 'z', domain: [-5, 5] },
      y: { label: 'density', grid: true },
      color: { domain: ['encoder q(z | x)', 'prior N(0, 1)'], range: [colors.q, colors.p], legend: true },
      marks: [Plot.line(rows, { x: 'x', y: 'f', stroke: 'd', strokeWidth: 2 }), Plot.ruleY([0])],
    });
  });

  const drawDistill = chart(byId('ku-distill-chart'), (width) => {
    const t = soft(DISTILL.teacher, T);
    const s = soft(DISTILL.student, T);
    const rows = CLASSES.flatMap((c, i) => [
      { c, who: 'teacher', p: t[i] },
      { c, who: 'student', p: s[i] },
    ]);
    return Plot.plot({
      width,
      height: 180,
      x: { label: null, domain: CLASSES as unknown as string[] },
      fx: { label: null, domain: ['teacher', 'student'] },
      y: { label: `softmax(z / ${fmt(T, 1)})`, domain: [0, 1], grid: true },
      color: { domain: ['teacher', 'student'], range: [colors.accent, colors.q] },
      marks: [Plot.barY(rows, { fx: 'who', x: 'c', y: 'p', fill: 'who' }), Plot.ruleY([0])],
    });
  });

  function update(): void {
    guarded('ku-error', () => {
      // VAE: the KL term of the ELBO, closed form against the standard normal prior.
      const vae = kl(new Normal(mu, sigma), new Normal(0, 1));
      show('ku-vae-kl', vae);
      show('ku-vae-formula', 0.5 * (mu * mu + sigma * sigma - 1 - 2 * Math.log(sigma)));

      // Trust region: KL(π_old ‖ π_new) must stay within δ.
      const old = softmax(POLICY.logits);
      const now = stepped(eta);
      const d = klDivergence(old, now);
      show('ku-tr-kl', d);
      ACTIONS.forEach((_, i) => {
        show(`ku-tr-old-${i}`, old[i], 3);
        show(`ku-tr-new-${i}`, now[i], 3);
      });
      // The largest step inside the region, by bisection on the library's KL (it grows with η here).
      let lo = 0;
      let hi = 1;
      for (let i = 0; i < 50; i++) {
        const m = (lo + hi) / 2;
        if (klDivergence(old, stepped(m)) <= DELTA) lo = m;
        else hi = m;
      }
      show('ku-tr-eta-max', lo);
      say(
        'ku-tr-verdict',
        d <= DELTA
          ? `✓ inside the trust region: KL = ${fmt(d)} ≤ δ = ${DELTA}`
          : `✗ outside: KL = ${fmt(d)} > δ = ${DELTA}; TRPO would shrink the step to η = ${fmt(lo)}`,
      );

      // Distillation: the student matches the teacher's softened distribution; T² keeps gradients comparable.
      const t = soft(DISTILL.teacher, T);
      const s = soft(DISTILL.student, T);
      const dk = klDivergence(t, s);
      show('ku-distill-kl', dk);
      show('ku-distill-loss', T * T * dk);
      show('ku-distill-teacher-dog', t[1], 3);
      expose('klUses', { mu, sigma, eta, T });
      drawVae();
      drawDistill();
    });
  }
  update();
}
