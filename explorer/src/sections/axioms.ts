/** 1. Shannon's axioms: continuity, maximisation and additivity checked live on an editable distribution. */
import * as Plot from '@observablehq/plot';
import { Categorical, conditionalEntropy, entropy } from 'surprisal';
import { dragBars } from '../drag.js';
import { fmt } from '../format.js';
import { byId, chart, colors, distributionEditor, expose, guarded, say, show } from '../ui.js';

const bits = { base: 'bits' } as const;
const NAMES = ['cat', 'dog', 'bird', 'fish'] as const;
/** Probability moved by the continuity check. */
const NUDGE = 0.01;

export function mountAxioms(): void {
  const controls = byId('axioms-controls');
  let probs: Float64Array = new Float64Array(4);
  let curve: { p1: number; H: number }[] = [];

  const editor = distributionEditor(
    controls,
    { id: 'axioms-p', legend: 'The distribution p', names: NAMES, weights: [40, 30, 20, 10] },
    () => update(),
  );
  controls.append(byId('axioms-uniform'));
  byId('axioms-uniform').addEventListener('click', () => {
    editor.set([25, 25, 25, 25]);
    update();
  });

  const draw = chart(byId('axioms-chart'), (width) =>
    Plot.plot({
      width,
      height: 220,
      x: { label: 'p(cat)', domain: [0, 1] },
      y: { label: 'H (bits)', domain: [0, 2], grid: true },
      marks: [
        Plot.ruleY([2], { stroke: colors.muted, strokeDasharray: '4 3' }),
        Plot.line(curve, { x: 'p1', y: 'H', stroke: colors.p, strokeWidth: 2 }),
        Plot.dot([{ p1: probs[0], H: entropy(probs, bits) }], { x: 'p1', y: 'H', r: 5, fill: colors.q }),
      ],
    }),
  );

  // The weights as bars to drag (pointer or touch; the keyboard once the chart has focus).
  const bars = byId('axioms-bars');
  const drawBars = chart(bars, (width) =>
    Plot.plot({
      width,
      height: 180,
      x: { label: null, domain: NAMES as unknown as string[] },
      y: { label: 'weight (drag a bar)', domain: [0, 100], grid: true },
      marks: [
        Plot.barY(
          editor.weights().map((w, i) => ({ name: NAMES[i], w })),
          { x: 'name', y: 'w', fill: colors.p },
        ),
        Plot.ruleY([0]),
      ],
    }),
  );
  dragBars(
    bars,
    NAMES.map((_, i) => byId<HTMLInputElement>(`axioms-p-${i}`)),
    NAMES,
    'Weights of p',
  );

  function update(): void {
    drawBars();
    guarded('axioms-error', () => {
      const p = new Categorical(editor.weights(), { normalize: true }).probs;
      probs = p;
      editor.showProbs(p);
      const H = entropy(p, bits);
      show('axioms-H', H);

      // Continuity: move NUDGE of probability from the likeliest outcome to the least likely.
      const hi = p.indexOf(Math.max(...p));
      const lo = p.indexOf(Math.min(...p));
      const nudged = Float64Array.from(p);
      const moved = hi === lo ? 0 : Math.min(NUDGE, nudged[hi]);
      nudged[hi] -= moved;
      nudged[lo] += moved;
      const Hn = entropy(nudged, bits);
      show('axioms-H-nudged', Hn);
      show('axioms-dH', Math.abs(Hn - H));

      // The continuity curve: p(cat) sweeps [0, 1], the other outcomes keep their proportions.
      const rest = p[1] + p[2] + p[3];
      const shares = rest > 0 ? [p[1] / rest, p[2] / rest, p[3] / rest] : [1 / 3, 1 / 3, 1 / 3];
      curve = [];
      for (let i = 0; i <= 100; i++) {
        const p1 = i / 100;
        const sweep = [p1, ...shares.map((s) => (1 - p1) * s)];
        curve.push({ p1, H: entropy(sweep, { ...bits, normalize: true }) });
      }

      // Maximisation: nothing beats the uniform distribution over the same outcomes.
      const Hmax = entropy([0.25, 0.25, 0.25, 0.25], bits);
      show('axioms-Hmax', Hmax);
      show('axioms-gap', Hmax - H);
      say(
        'axioms-max-ok',
        H <= Hmax + 1e-12
          ? `✓ H(p) = ${fmt(H)} ≤ ${fmt(Hmax)} bits${Hmax - H < 1e-12 ? ': p is uniform, the maximum' : ''}`
          : '✗ H(p) exceeds the uniform entropy',
      );

      // Additivity: first the pair ({cat, dog} or {bird, fish}), then the member within it.
      const table = [
        [p[0], p[1]],
        [p[2], p[3]],
      ];
      const Hgroup = entropy([p[0] + p[1], p[2] + p[3]], { ...bits, normalize: true });
      const Hwithin = conditionalEntropy(table, bits);
      show('axioms-Hgroup', Hgroup);
      show('axioms-Hwithin', Hwithin);
      show('axioms-chain', Hgroup + Hwithin);
      say(
        'axioms-chain-ok',
        Math.abs(Hgroup + Hwithin - H) < 1e-9
          ? `✓ H(X) + H(Y | X) = ${fmt(Hgroup + Hwithin)} = H(p) bits`
          : `✗ H(X) + H(Y | X) = ${fmt(Hgroup + Hwithin)} ≠ ${fmt(H)}`,
      );
      expose('axioms', { p: Array.from(p), nudged: Array.from(nudged), table });
      draw();
    });
  }
  update();
}
