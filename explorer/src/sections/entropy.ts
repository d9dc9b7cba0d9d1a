/** 3. Entropy: a fair die against a loaded one, in bits, nats or hartleys. */
import * as Plot from '@observablehq/plot';
import { type Base, entropy, perplexity } from 'surprisal';
import { dragCurve } from '../drag.js';
import { fmt } from '../format.js';
import { byId, chart, colors, show, slider } from '../ui.js';

const FACES = ['1', '2', '3', '4', '5', '6'];

/** A die that shows six with probability six and the other faces equally often. */
function loadedDie(six: number): number[] {
  return [...Array(5).fill((1 - six) / 5), six];
}

export function mountEntropy(): void {
  const controls = byId('entropy-controls');
  let six = 0.75;
  let unit: Base = 'bits';
  const fair = Array(6).fill(1 / 6);

  const sixInput = slider(
    controls,
    {
      id: 'entropy-six',
      label: 'Loaded die: probability of a six',
      min: 0,
      max: 1,
      step: 0.01,
      value: six,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      six = v;
      update();
    },
  );
  for (const radio of controls.querySelectorAll<HTMLInputElement>('input[name="entropy-unit"]')) {
    radio.addEventListener('change', () => {
      if (radio.checked) {
        unit = radio.value as Base;
        update();
      }
    });
  }

  const drawBars = chart(byId('entropy-bars'), (width) => {
    const loaded = loadedDie(six);
    const rows = FACES.flatMap((face, i) => [
      { face, die: 'fair', p: fair[i] },
      { face, die: 'loaded', p: loaded[i] },
    ]);
    return Plot.plot({
      width,
      height: 200,
      x: { label: 'face', domain: FACES },
      y: { label: 'probability', domain: [0, 1], grid: true },
      fx: { label: null },
      color: { domain: ['fair', 'loaded'], range: [colors.p, colors.q], legend: true },
      marks: [Plot.barY(rows, { fx: 'die', x: 'face', y: 'p', fill: 'die' }), Plot.ruleY([0])],
    });
  });

  const drawCurve = chart(byId('entropy-curve'), (width) => {
    const curve: { six: number; H: number }[] = [];
    for (let i = 0; i <= 100; i++)
      curve.push({ six: i / 100, H: entropy(loadedDie(i / 100), { base: unit }) });
    return Plot.plot({
      width,
      height: 200,
      x: { label: 'probability of a six', domain: [0, 1] },
      y: { label: `H (${unit})`, grid: true, zero: true },
      marks: [
        Plot.line(curve, { x: 'six', y: 'H', stroke: colors.q, strokeWidth: 2 }),
        Plot.dot([{ six, H: entropy(loadedDie(six), { base: unit }) }], {
          x: 'six',
          y: 'H',
          r: 5,
          fill: colors.q,
        }),
        Plot.dot([{ six: 1 / 6, H: entropy(fair, { base: unit }) }], {
          x: 'six',
          y: 'H',
          r: 5,
          fill: colors.p,
        }),
      ],
    });
  });

  dragCurve(byId('entropy-curve'), sixInput, 'Probability of a six');

  function update(): void {
    const loaded = loadedDie(six);
    show('entropy-fair', entropy(fair, { base: unit }));
    show('entropy-loaded', entropy(loaded, { base: unit }));
    show('entropy-cat', entropy([1, 0, 0], { base: unit }));
    show('entropy-ppl-fair', perplexity(fair));
    show('entropy-ppl-loaded', perplexity(loaded));
    for (const el of document.querySelectorAll<HTMLElement>('#entropy [data-unit]'))
      el.textContent = String(unit);
    drawBars();
    drawCurve();
  }
  update();
}
