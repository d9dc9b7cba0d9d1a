/** 4. Cross entropy and KL divergence: two editable distributions, the identity H(p,q) = H(p) + D(p‖q), asymmetry. */
import * as Plot from '@observablehq/plot';
import { Categorical, crossEntropy, entropy, klDivergence, relEntr, surprisal } from 'surprisal';
import { fmt } from '../format.js';
import { OUTCOMES, onPair, pair, setPair } from '../state.js';
import { byId, chart, colors, distributionEditor, guarded, say, show } from '../ui.js';

const bits = { base: 'bits' } as const;

export function mountCrossEntropy(): void {
  const controls = byId('ce-controls');
  let p: Float64Array = new Float64Array(4);
  let q: Float64Array = new Float64Array(4);
  let parts = { H: 0, D: 0, Hpq: 0, Dqp: 0 };

  const start = pair();
  const editP = distributionEditor(
    controls,
    { id: 'ce-p', legend: 'p: the truth', names: OUTCOMES, weights: start.p },
    (w) => setPair({ p: w }, 'cross-entropy'),
  );
  const editQ = distributionEditor(
    controls,
    { id: 'ce-q', legend: 'q: the model', names: OUTCOMES, weights: start.q },
    (w) => setPair({ q: w }, 'cross-entropy'),
  );
  byId('ce-onehot').addEventListener('click', () => setPair({ p: [0, 100, 0, 0] }, 'preset'));
  byId('ce-equal').addEventListener('click', () => setPair({ q: pair().p }, 'preset'));
  byId('ce-swap').addEventListener('click', () => {
    const now = pair();
    setPair({ p: now.q, q: now.p }, 'preset');
  });

  const drawIdentity = chart(byId('ce-identity-chart'), (width) => {
    const finite = Number.isFinite(parts.Hpq);
    const rows = [
      { bar: 'H(p) + D(p‖q)', part: 'H(p)', value: parts.H },
      { bar: 'H(p) + D(p‖q)', part: 'D(p‖q)', value: finite ? parts.D : 0 },
      { bar: 'H(p, q)', part: 'H(p, q)', value: finite ? parts.Hpq : 0 },
    ];
    return Plot.plot({
      width,
      height: 130,
      marginLeft: 110,
      x: { label: 'bits', grid: true },
      y: { label: null, domain: ['H(p) + D(p‖q)', 'H(p, q)'] },
      color: {
        domain: ['H(p)', 'D(p‖q)', 'H(p, q)'],
        range: [colors.p, colors.q, colors.accent],
        legend: true,
      },
      marks: [
        Plot.barX(
          rows,
          Plot.stackX({ y: 'bar', x: 'value', fill: 'part', order: ['H(p)', 'D(p‖q)', 'H(p, q)'] }),
        ),
        Plot.ruleX([0]),
        finite ? Plot.ruleX([parts.Hpq], { stroke: '#111', strokeDasharray: '3 3' }) : null,
      ],
    });
  });

  const drawAsymmetry = chart(byId('ce-asymmetry-chart'), (width) => {
    const rows = OUTCOMES.flatMap((x, i) => [
      { x, direction: 'D(p‖q) terms', value: relEntr(p[i], q[i]) / Math.LN2 },
      { x, direction: 'D(q‖p) terms', value: relEntr(q[i], p[i]) / Math.LN2 },
    ]).map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : Number.NaN }));
    return Plot.plot({
      width,
      height: 220,
      x: { label: null, domain: OUTCOMES as unknown as string[] },
      fx: { label: null, domain: ['D(p‖q) terms', 'D(q‖p) terms'] },
      y: { label: 'bits', grid: true },
      color: { domain: ['D(p‖q) terms', 'D(q‖p) terms'], range: [colors.p, colors.q] },
      marks: [
        Plot.barY(rows, { fx: 'direction', x: 'x', y: 'value', fill: 'direction' }),
        Plot.ruleY([0]),
        Plot.text(
          rows.filter((r) => Number.isNaN(r.value)),
          { fx: 'direction', x: 'x', y: 0, text: () => '∞', dy: -8, fill: '#111' },
        ),
      ],
    });
  });

  function update(): void {
    guarded('ce-error', () => {
      const now = pair();
      p = new Categorical(now.p, { normalize: true }).probs;
      q = new Categorical(now.q, { normalize: true }).probs;
      editP.showProbs(p);
      editQ.showProbs(q);
      const H = entropy(p, bits);
      const D = klDivergence(p, q, bits);
      const Hpq = crossEntropy(p, q, bits);
      const Dqp = klDivergence(q, p, bits);
      parts = { H, D, Hpq, Dqp };
      show('ce-H', H);
      show('ce-Dpq', D);
      show('ce-sum', H + D);
      show('ce-Hpq', Hpq);
      show('ce-onehot-loss', surprisal(q[1], bits));
      show('ce-Dqp', Dqp);
      show('ce-Hq', entropy(q, bits));
      show('ce-Hqp', crossEntropy(q, p, bits));
      say(
        'ce-identity',
        !Number.isFinite(Hpq)
          ? '∞: q gives probability 0 to an outcome p can produce, so no finite code works.'
          : Math.abs(H + D - Hpq) < 1e-9
            ? `✓ H(p) + D(p‖q) = ${fmt(H + D)} = H(p, q) bits`
            : `✗ ${fmt(H + D)} ≠ ${fmt(Hpq)}`,
      );
      drawIdentity();
      drawAsymmetry();
    });
  }

  onPair((next, source) => {
    if (source !== 'cross-entropy') {
      editP.set(next.p);
      editQ.set(next.q);
    }
    update();
  });
  update();
}
