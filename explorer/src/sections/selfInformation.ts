/** 2. Self-information: drag p and watch the surprise, in bits, nats and hartleys. */
import * as Plot from '@observablehq/plot';
import { surprisal } from 'surprisal';
import { dragCurve } from '../drag.js';
import { fmt } from '../format.js';
import { byId, chart, colors, say, setSlider, show, slider } from '../ui.js';

const PRESETS: Record<string, { p: number; comment: string }> = {
  'si-gravity': { p: 1, comment: 'Certain news is no news: zero bits.' },
  'si-coin': { p: 1 / 2, comment: 'One fair coin flip is exactly one bit.' },
  'si-die': { p: 1 / 6, comment: 'One face of a fair die: log₂ 6 ≈ 2.585 bits.' },
  'si-mercury': {
    p: 0,
    comment: 'An event of probability 0 that happens anyway is infinitely surprising: ∞ bits.',
  },
};

export function mountSelfInformation(): void {
  const controls = byId('si-controls');
  // The exact probability (presets such as 1/6 are finer than the slider's step).
  let p = 0.25;
  const grid: { p: number; bits: number }[] = [];
  for (let i = 1; i <= 400; i++) {
    const x = i / 400;
    grid.push({ p: x, bits: surprisal(x, { base: 'bits' }) });
  }

  const input = slider(
    controls,
    {
      id: 'si-p',
      label: 'Probability of the event, p',
      min: 0,
      max: 1,
      step: 0.001,
      value: p,
      format: (v) => fmt(v, 3),
    },
    (v) => {
      p = v;
      update('');
    },
  );
  controls.prepend(input.parentElement as HTMLElement);

  for (const [id, preset] of Object.entries(PRESETS)) {
    byId(id).addEventListener('click', () => {
      setSlider(input, preset.p);
      p = preset.p;
      update(preset.comment);
    });
  }

  const draw = chart(byId('si-chart'), (width) => {
    const bitsNow = surprisal(p, { base: 'bits' });
    return Plot.plot({
      width,
      height: 240,
      x: { label: 'p', domain: [0, 1] },
      y: { label: 'surprise, bits', domain: [0, 9], clamp: true, grid: true },
      marks: [
        Plot.line(grid, { x: 'p', y: 'bits', stroke: colors.p, strokeWidth: 2, clip: true }),
        Number.isFinite(bitsNow)
          ? Plot.dot([{ p, bits: bitsNow }], { x: 'p', y: 'bits', r: 6, fill: colors.q })
          : Plot.text([{ p: 0, bits: 9 }], {
              x: 'p',
              y: 'bits',
              text: () => '∞ at p = 0',
              dx: 40,
              dy: 8,
              fill: colors.q,
            }),
      ],
    });
  });

  dragCurve(byId('si-chart'), input, 'Probability of the event');

  function update(comment: string): void {
    show('si-bits', surprisal(p, { base: 'bits' }));
    show('si-nats', surprisal(p));
    show('si-hartleys', surprisal(p, { base: 'hartleys' }));
    say(
      'si-comment',
      comment || (p === 1 ? PRESETS['si-gravity'].comment : p === 0 ? PRESETS['si-mercury'].comment : ''),
    );
    draw();
  }
  update('');
}
