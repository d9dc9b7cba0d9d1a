/**
 * 5. NLL: a softmax classifier trained in the page by gradient descent. The loss and its gradient with respect to
 * the logits come from the library's crossEntropyLoss; the chain rule back to the weights (a matrix product) is
 * the only calculus done here.
 */
import * as Plot from '@observablehq/plot';
import {
  bitsPerToken,
  createRng,
  crossEntropyLoss,
  logSoftmax,
  nllLoss,
  perplexity,
  softmax,
} from 'surprisal';
import { fmt } from '../format.js';
import { byId, chart, colors, expose, show, slider } from '../ui.js';

const K = 3;
const PER_CLASS = 60;
const CLASS_NAMES = ['core', 'left arc', 'right arc'];
const CLASS_COLORS = [colors.accent, colors.p, colors.q];
type FeatureSet = 'linear' | 'quadratic';

interface Data {
  xy: [number, number][];
  labels: Int32Array;
}

/** Three classes in the plane: a central blob and the two halves of a ring around it (seeded, reproducible). */
export function makeData(seed: number): Data {
  const rng = createRng(seed);
  const xy: [number, number][] = [];
  const labels = new Int32Array(K * PER_CLASS);
  for (let c = 0; c < K; c++) {
    for (let i = 0; i < PER_CLASS; i++) {
      let x: number;
      let y: number;
      if (c === 0) {
        x = rng.normal(0, 0.55);
        y = rng.normal(0, 0.55);
      } else {
        const angle = (c === 1 ? Math.PI / 2 : -Math.PI / 2) + Math.PI * rng.uniform();
        const r = rng.normal(2.3, 0.3);
        x = r * Math.cos(angle);
        y = r * Math.sin(angle);
      }
      labels[c * PER_CLASS + i] = c;
      xy.push([x, y]);
    }
  }
  return { xy, labels };
}

/** The feature vector φ(x, y) of a point (with a constant for the bias). */
export function features(set: FeatureSet, x: number, y: number): number[] {
  return set === 'linear' ? [1, x, y] : [1, x, y, x * x, y * y, x * y];
}

export function mountNll(): void {
  const controls = byId('nll-controls');
  const select = byId<HTMLSelectElement>('nll-features');
  let featureSet: FeatureSet = 'quadratic';
  let learningRate = 0.2;
  let seed = 7;
  let data = makeData(seed);
  let phi: number[][] = [];
  let weights: number[][] = [];
  let step = 0;
  let history: { step: number; loss: number }[] = [];
  let playing = false;

  const seedRow = document.createElement('div');
  seedRow.className = 'control';
  seedRow.innerHTML =
    '<label for="nll-seed">Data seed</label><input type="number" id="nll-seed" min="0" step="1" />';
  const seedInput = seedRow.querySelector('input') as HTMLInputElement;
  seedInput.value = String(seed);
  slider(
    controls,
    {
      id: 'nll-lr',
      label: 'Learning rate',
      min: 0.01,
      max: 0.5,
      step: 0.01,
      value: learningRate,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      learningRate = v;
    },
  );
  controls.append(seedRow);

  /** Logits of every data point, row-major [N, K]. */
  function logits(): Float64Array {
    const n = phi.length;
    const z = new Float64Array(n * K);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let f = 0; f < phi[i].length; f++) s += weights[k][f] * phi[i][f];
        z[i * K + k] = s;
      }
    return z;
  }

  function reset(): void {
    data = makeData(seed);
    phi = data.xy.map(([x, y]) => features(featureSet, x, y));
    weights = Array.from({ length: K }, () => new Array(phi[0].length).fill(0));
    step = 0;
    history = [
      { step: 0, loss: crossEntropyLoss({ data: logits(), shape: [phi.length, K] }, data.labels).loss },
    ];
    render();
  }

  /** One gradient-descent step: dL/dW = (dL/dz)ᵀ Φ, with dL/dz from crossEntropyLoss. */
  function train(steps: number): void {
    const n = phi.length;
    for (let s = 0; s < steps; s++) {
      const { grad } = crossEntropyLoss({ data: logits(), shape: [n, K] }, data.labels);
      if (!grad) throw new Error('crossEntropyLoss returned no gradient');
      const g = grad.data;
      for (let k = 0; k < K; k++)
        for (let f = 0; f < weights[k].length; f++) {
          let d = 0;
          for (let i = 0; i < n; i++) d += g[i * K + k] * phi[i][f];
          weights[k][f] -= learningRate * d;
        }
      step++;
      history.push({
        step,
        loss: crossEntropyLoss({ data: logits(), shape: [n, K] }, data.labels, { grad: false }).loss,
      });
    }
  }

  const drawRegions = chart(byId('nll-regions'), (width) => {
    const size = Math.min(width, 420);
    const cells: { x1: number; x2: number; y1: number; y2: number; c: string; confidence: number }[] = [];
    const M = 44;
    const lo = -3.6;
    const h = 7.2 / M;
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++) {
        const x = lo + (a + 0.5) * h;
        const y = lo + (b + 0.5) * h;
        const f = features(featureSet, x, y);
        const z = weights.map((w) => w.reduce((s, wf, j) => s + wf * f[j], 0));
        const q = softmax(z);
        let best = 0;
        for (let k = 1; k < K; k++) if (q[k] > q[best]) best = k;
        cells.push({
          x1: x - h / 2,
          x2: x + h / 2,
          y1: y - h / 2,
          y2: y + h / 2,
          c: CLASS_NAMES[best],
          confidence: q[best],
        });
      }
    const points = data.xy.map(([x, y], i) => ({ x, y, c: CLASS_NAMES[data.labels[i]] }));
    return Plot.plot({
      width: size,
      height: size,
      x: { label: 'x₁', domain: [lo, -lo] },
      y: { label: 'x₂', domain: [lo, -lo] },
      color: { domain: CLASS_NAMES, range: CLASS_COLORS, legend: true },
      opacity: { domain: [1 / 3, 1], range: [0.05, 0.45] },
      marks: [
        Plot.rect(cells, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: 'c', fillOpacity: 'confidence' }),
        Plot.dot(points, { x: 'x', y: 'y', fill: 'c', stroke: 'white', strokeWidth: 0.8, r: 3.2 }),
      ],
    });
  });

  const drawCurve = chart(byId('nll-curve'), (width) =>
    Plot.plot({
      width,
      height: 200,
      x: { label: 'step', domain: [0, Math.max(25, step)] },
      y: { label: 'mean NLL (nats)', domain: [0, 1.2], grid: true },
      marks: [
        Plot.ruleY([Math.log(K)], { stroke: colors.muted, strokeDasharray: '4 3' }),
        Plot.text([{ step: 0, loss: Math.log(K) }], {
          x: 'step',
          y: 'loss',
          text: () => 'log 3: a uniform guess',
          dy: -8,
          textAnchor: 'start',
          fill: colors.muted,
        }),
        Plot.line(history, { x: 'step', y: 'loss', stroke: colors.p, strokeWidth: 2 }),
      ],
    }),
  );

  function render(): void {
    const n = phi.length;
    const z = logits();
    const loss = crossEntropyLoss({ data: z, shape: [n, K] }, data.labels, { grad: false }).loss;
    const logq = new Float64Array(n * K);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const row = logSoftmax(z.subarray(i * K, i * K + K));
      logq.set(row, i * K);
      let best = 0;
      for (let k = 1; k < K; k++) if (row[k] > row[best]) best = k;
      if (best === data.labels[i]) correct++;
    }
    show('nll-step', step, 0);
    show('nll-loss', loss);
    show('nll-nllloss', nllLoss({ data: logq, shape: [n, K] }, data.labels, { grad: false }).loss);
    show('nll-bits', bitsPerToken(loss));
    show('nll-ppl', perplexity({ nll: loss }));
    show('nll-acc', correct / n, 3);
    expose('nll', { features: phi, labels: Array.from(data.labels), weights, step, featureSet });
    drawRegions();
    drawCurve();
  }

  const play = byId<HTMLButtonElement>('nll-play');
  function frame(): void {
    if (!playing) return;
    train(3);
    render();
    if (step >= 3000) setPlaying(false);
    else requestAnimationFrame(frame);
  }
  function setPlaying(on: boolean): void {
    playing = on;
    play.setAttribute('aria-pressed', String(on));
    play.textContent = on ? 'Pause' : 'Train';
    if (on) requestAnimationFrame(frame);
  }
  play.addEventListener('click', () => setPlaying(!playing));
  byId('nll-step').addEventListener('click', () => {
    train(25);
    render();
  });
  byId('nll-reset').addEventListener('click', () => {
    setPlaying(false);
    reset();
  });
  select.addEventListener('change', () => {
    featureSet = select.value as FeatureSet;
    setPlaying(false);
    reset();
  });
  seedInput.addEventListener('change', () => {
    const v = Number(seedInput.value);
    if (Number.isInteger(v) && v >= 0) {
      seed = v;
      setPlaying(false);
      reset();
    }
  });
  reset();
}
