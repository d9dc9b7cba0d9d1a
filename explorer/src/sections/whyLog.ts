/**
 * Why the logarithm: the information of an event must be 0 for a certain event, decrease with probability and
 * add over independent events. −log p does (the library's surprisal); a linear 1 − p and a sine cos(πp/2) are
 * decreasing with I(1) = 0 too, and fail additivity live. Confident wrong predictions: −log p is unbounded.
 */
import * as Plot from '@observablehq/plot';
import { surprisal } from 'surprisal';
import { fmt } from '../format.js';
import { byId, chart, colors, expose, say, show, slider } from '../ui.js';

const bits = { base: 'bits' } as const;

/** The candidates for the information of an event of probability p; only the first is additive. */
export const CANDIDATES = {
  log: (p: number) => surprisal(p, bits),
  linear: (p: number) => 1 - p,
  sine: (p: number) => Math.cos((Math.PI * p) / 2),
} as const;
type Candidate = keyof typeof CANDIDATES;
const NAMES: Record<Candidate, string> = { log: '−log₂ p', linear: '1 − p', sine: 'cos(πp/2)' };
const COLORS: Record<Candidate, string> = { log: colors.p, linear: colors.muted, sine: colors.q };

/** The confidence slider is logarithmic: position i in [0, 300] is the probability 10^(−3 + i/100). */
export const confidenceAt = (i: number) => 10 ** (-3 + i / 100);

export function mountWhyLog(): void {
  const controls = byId('why-controls');
  let p = 0.5;
  let q = 0.25;
  let r = confidenceAt(200);
  const grid: { p: number; value: number; candidate: string }[] = [];
  for (let i = 1; i <= 200; i++) {
    const x = i / 200;
    for (const c of Object.keys(CANDIDATES) as Candidate[])
      grid.push({ p: x, value: CANDIDATES[c](x), candidate: NAMES[c] });
  }

  slider(
    controls,
    {
      id: 'why-p',
      label: 'Probability of event A, p',
      min: 0.01,
      max: 1,
      step: 0.01,
      value: p,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      p = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'why-q',
      label: 'Probability of an independent event B, q',
      min: 0.01,
      max: 1,
      step: 0.01,
      value: q,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      q = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'why-confidence',
      label: 'Probability the model gave to what then happened',
      min: 0,
      max: 300,
      step: 1,
      value: 200,
      format: (i) => fmt(confidenceAt(i), 3),
    },
    (i) => {
      r = confidenceAt(i);
      update();
    },
  );

  const draw = chart(byId('why-chart'), (width) =>
    Plot.plot({
      width,
      height: 240,
      x: { label: 'probability', domain: [0, 1] },
      y: { label: 'information, bits', domain: [0, 4], clamp: true, grid: true },
      color: { domain: Object.values(NAMES), range: Object.values(COLORS), legend: true },
      marks: [
        Plot.line(grid, { x: 'p', y: 'value', stroke: 'candidate', strokeWidth: 2, clip: true }),
        Plot.dot(
          [
            { x: p, label: 'p' },
            { x: q, label: 'q' },
            { x: p * q, label: 'pq' },
          ].flatMap((d) =>
            (Object.keys(CANDIDATES) as Candidate[]).map((c) => ({
              ...d,
              y: CANDIDATES[c](d.x),
              c: NAMES[c],
            })),
          ),
          { x: 'x', y: 'y', fill: 'c', r: 4 },
        ),
        Plot.text([{ x: p * q }], { x: 'x', y: 4, text: () => 'pq', dy: 8, fill: colors.muted }),
      ],
    }),
  );

  function update(): void {
    for (const c of Object.keys(CANDIDATES) as Candidate[]) {
      const f = CANDIDATES[c];
      const sum = f(p) + f(q);
      const joint = f(p * q);
      show(`why-${c}-sum`, sum);
      show(`why-${c}-joint`, joint);
      say(
        `why-${c}-additive`,
        Math.abs(sum - joint) < 1e-9 ? '✓ equal' : `✗ off by ${fmt(Math.abs(sum - joint))}`,
      );
      show(`why-${c}-loss`, f(r));
    }
    const ratio = surprisal(r, bits) / CANDIDATES.linear(r);
    say(
      'why-confidence-verdict',
      r >= 1
        ? 'Certain and right: every candidate charges nothing.'
        : `At ${fmt(r, 3)}, −log₂ charges ${fmt(surprisal(r, bits), 2)} bits, ${fmt(ratio, 1)} times 1 − p; as the probability goes to 0 the log's charge grows without bound while 1 − p and the sine never pass 1.`,
    );
    expose('whyLog', { p, q, r });
    draw();
  }
  update();
}
