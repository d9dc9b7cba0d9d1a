/** 9. Deep connections: every quantity of the seed computed live from one p and one q. */
import {
  bitsPerToken,
  Categorical,
  createRng,
  crossEntropy,
  entropy,
  importanceSampling,
  jsDivergence,
  klDivergence,
  nllLoss,
  type Point,
  perplexity,
  surprisal,
} from 'surprisal';
import { fmtInt } from '../format.js';
import { OUTCOMES, onPair, pair, setPair } from '../state.js';
import { byId, expose, guarded, show, slider } from '../ui.js';

const bits = { base: 'bits' } as const;
export const DRAW_COUNTS = [10, 100, 1000, 10000] as const;

export function mountConnections(): void {
  const controls = byId('conn-controls');
  const weights = byId('conn-weights');
  let countIndex = 2;
  let seed = 1;

  // The weight inputs: one row per outcome, one column per distribution.
  const head = document.createElement('div');
  head.className = 'weight-row head';
  head.innerHTML = '<span></span><span>p</span><span>q</span>';
  weights.append(head);
  const inputs: Record<'p' | 'q', HTMLInputElement[]> = { p: [], q: [] };
  OUTCOMES.forEach((name, i) => {
    const row = document.createElement('div');
    row.className = 'weight-row';
    const label = document.createElement('span');
    label.textContent = name;
    row.append(label);
    for (const which of ['p', 'q'] as const) {
      const input = document.createElement('input');
      input.type = 'number';
      input.min = '0';
      input.max = '100';
      input.step = '1';
      input.id = `conn-${which}-${i}`;
      input.setAttribute('aria-label', `${which}: weight of ${name}`);
      input.addEventListener('input', () => {
        const w = inputs[which].map((x) => Number(x.value));
        if (w.every((v) => Number.isFinite(v) && v >= 0)) setPair({ [which]: w }, 'connections');
      });
      inputs[which].push(input);
      row.append(input);
    }
    weights.append(row);
  });

  slider(
    controls,
    {
      id: 'conn-draws',
      label: 'Draws N for the NLL and importance-sampling rows',
      min: 0,
      max: DRAW_COUNTS.length - 1,
      step: 1,
      value: countIndex,
      format: (i) => fmtInt(DRAW_COUNTS[i]),
    },
    (i) => {
      countIndex = i;
      update();
    },
  );
  const seedRow = document.createElement('div');
  seedRow.className = 'control';
  seedRow.innerHTML =
    '<label for="conn-seed">Seed of the draws</label><input type="number" id="conn-seed" min="0" step="1" />';
  const seedInput = seedRow.querySelector('input') as HTMLInputElement;
  seedInput.value = String(seed);
  seedInput.addEventListener('change', () => {
    const v = Number(seedInput.value);
    if (Number.isInteger(v) && v >= 0) {
      seed = v;
      update();
    }
  });
  controls.append(seedRow);

  const outcomeRows = OUTCOMES.map((name, i) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<th scope="row">${name}</th>${['p', 'q', 'Ip', 'Iq']
      .map((c) => `<td><output data-testid="conn-${c}-${i}"></output></td>`)
      .join('')}`;
    return tr;
  });
  byId('conn-outcomes')
    .querySelector('tbody')
    ?.append(...outcomeRows);

  function update(): void {
    guarded('conn-error', () => {
      const now = pair();
      for (const which of ['p', 'q'] as const)
        inputs[which].forEach((input, i) => {
          if (document.activeElement !== input) input.value = String(now[which][i]);
        });
      const P = new Categorical(now.p, { normalize: true });
      const Q = new Categorical(now.q, { normalize: true });
      const p = P.probs;
      const q = Q.probs;
      OUTCOMES.forEach((_, i) => {
        show(`conn-p-${i}`, p[i], 3);
        show(`conn-q-${i}`, q[i], 3);
        show(`conn-Ip-${i}`, surprisal(p[i], bits));
        show(`conn-Iq-${i}`, surprisal(q[i], bits));
      });
      const H = entropy(p, bits);
      const Hpq = crossEntropy(p, q, bits);
      show('conn-entropy', H);
      show('conn-cross-entropy', Hpq);
      show('conn-kl', klDivergence(p, q, bits));
      show('conn-kl-difference', Hpq - H);
      show('conn-kl-reverse', klDivergence(q, p, bits));
      show('conn-js', jsDivergence(p, q, bits));
      show('conn-perplexity', perplexity({ nll: Hpq, base: 'bits' }));

      // NLL: N draws of p scored by the model q (one row of log q per draw, as PyTorch's nll_loss takes).
      const N = DRAW_COUNTS[countIndex];
      show('conn-n', N, 0);
      const draws = P.sample(createRng(seed), N);
      const logq = new Float64Array(N * OUTCOMES.length);
      for (let i = 0; i < N; i++)
        for (let k = 0; k < OUTCOMES.length; k++) logq[i * OUTCOMES.length + k] = Q.logProb(k);
      const nll = nllLoss({ data: logq, shape: [N, OUTCOMES.length] }, Int32Array.from(draws), {
        grad: false,
      }).loss;
      show('conn-nll', bitsPerToken(nll));

      // Importance sampling: the same cross entropy from draws of q, each reweighted by p/q. Where q gives 0 to
      // an outcome p can produce, H(p, q) = ∞ and no reweighting of q's draws can see that outcome: the plain
      // estimate would be finite and silently wrong, so the row gives the reason instead of a number.
      const note = document.querySelector<HTMLElement>('[data-testid="conn-is-note"]') as HTMLElement;
      const unseen = OUTCOMES.filter((_, i) => p[i] > 0 && q[i] === 0);
      if (unseen.length > 0) {
        for (const id of ['conn-is', 'conn-is-se']) {
          const out = document.querySelector<HTMLElement>(`[data-testid="${id}"]`) as HTMLElement;
          out.textContent = '—';
          out.dataset.value = 'NaN';
        }
        note.textContent = `q never draws ${unseen.join(', ')}, which p can produce: H(p, q) = ∞ and no reweighting of q's draws recovers it.`;
        note.hidden = false;
      } else {
        note.textContent = '';
        note.hidden = true;
        const is = importanceSampling({
          logTarget: (x: Point) => P.logProb(x as number),
          proposal: Q,
          f: (x: Point) => surprisal(q[x as number], bits),
          samples: N,
          seed,
        });
        show('conn-is', is.value);
        show('conn-is-se', is.stdError);
      }
      expose('connections', { p: Array.from(p), q: Array.from(q), N, seed });
    });
  }

  onPair(() => update());
  update();
}
