/**
 * PyTorch's own loss test cases, run through the losses here (issue #17). The inputs come from PyTorch's test
 * suite and the expected values from PyTorch itself, through test/fixtures/generate_loss_broadcasting.py
 * (loss_broadcasting.json): each case names its source in `source`:
 *   - torch/testing/_internal/common_methods_invocations.py: the OpInfo sample inputs test/test_ops.py runs for
 *     nn.functional.{binary_cross_entropy, binary_cross_entropy_with_logits, kl_div, gaussian_nll_loss,
 *     poisson_nll_loss, nll_loss, cross_entropy}, and error_inputs_poisson_nll_loss;
 *   - torch/testing/_internal/common_nn.py `criterion_tests` and the *_no_reduce_test() functions (the module
 *     tests of test/test_nn.py) for NLLLoss,
 *     CrossEntropyLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, PoissonNLLLoss, at their reduction, 'sum', 'none';
 *   - test/test_nn.py: test_gaussian_nll_loss_broadcasting, test_loss_equal_input_target_shape;
 *   - the broadcasting rules of torch.nn.functional (which losses broadcast the target, which refuse, var's sizes).
 * Where PyTorch raises, the loss here throws a SurprisalError whose message carries PyTorch's text; the few
 * places where it deliberately differs are listed in DIFFERENT, each with its reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropyLoss,
  gaussianNllLoss,
  klDivLoss,
  nllLoss,
  poissonNllLoss,
  SurprisalError,
} from '../../../src/index.js';

type Num = number | string;
interface T {
  data: Num[];
  shape: number[];
}
interface Case {
  name: string;
  source: string;
  fn: string;
  input: T;
  target: T;
  var?: T;
  options: Record<string, Num | boolean | T>;
  expected?: { loss: Num | T; grad: T; gradVar?: T };
  error?: { type: string; message: string };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/loss_broadcasting.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function num(v: Num): number {
  return typeof v === 'number' ? v : Number(v);
}
function tensor(t: T): { data: Float64Array; shape: number[] } {
  return { data: Float64Array.from(t.data, num), shape: t.shape };
}
function isTensor(v: unknown): v is T {
  return typeof v === 'object' && v !== null && 'data' in v;
}

/** The options as the loss here takes them: class weights as a vector, other tensors as { data, shape }. */
function optionsOf(c: Case): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options)) {
    if (isTensor(v))
      o[k] =
        (c.fn === 'nllLoss' || c.fn === 'crossEntropyLoss') && k === 'weight' ? tensor(v).data : tensor(v);
    else o[k] = typeof v === 'string' && k !== 'reduction' ? num(v) : v;
  }
  return o;
}

function call(c: Case) {
  const x = tensor(c.input);
  const o = optionsOf(c) as never;
  switch (c.fn) {
    case 'binaryCrossEntropy':
      return binaryCrossEntropy(x, tensor(c.target), o);
    case 'binaryCrossEntropyWithLogits':
      return binaryCrossEntropyWithLogits(x, tensor(c.target), o);
    case 'klDivLoss':
      return klDivLoss(x, tensor(c.target), o);
    case 'poissonNllLoss':
      return poissonNllLoss(x, tensor(c.target), o);
    case 'gaussianNllLoss':
      return gaussianNllLoss(x, tensor(c.target), tensor(c.var as T), o);
    case 'nllLoss':
      return nllLoss(x, { data: c.target.data.map(num), shape: c.target.shape }, o);
    case 'crossEntropyLoss': {
      const probs =
        c.target.shape.length === c.input.shape.length &&
        c.target.shape.every((d, i) => d === c.input.shape[i]);
      return crossEntropyLoss(
        x,
        probs ? tensor(c.target) : { data: c.target.data.map(num), shape: c.target.shape },
        o,
      );
    }
    default:
      throw new Error(`no such loss: ${c.fn}`);
  }
}

/** |a − b| ≤ 1e-12·max(1, |b|), with NaN and ±Infinity equal to themselves. */
function close(a: number, b: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}
function expectClose(got: ArrayLike<number>, want: T, what: string, name: string): void {
  const w = want.data.map(num);
  expect(got.length, `${name}: ${what} length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    if (!close(got[i], w[i])) expect.fail(`${name}: ${what}[${i}] = ${got[i]}, PyTorch ${w[i]}`);
  }
}

/**
 * Where this library deliberately differs from PyTorch on a ported case: name pattern → what it does instead
 * and why. Each such case is still run, and its own assertion here checks what this library does.
 */
const DIFFERENT: [RegExp, string, (c: Case) => void][] = [
  [
    /^no_reduce\/PoissonNLLLoss_no_reduce$/,
    'its target is torch.randn (negative "counts"): refused as OUT_OF_RANGE naming the index; PyTorch evaluates ' +
      'exp(x) − y·x for any y, but a Poisson count is ≥ 0 and a negative one is a mistake upstream',
    (c) => {
      const e = thrownBy(c);
      expect(e.code).toBe('OUT_OF_RANGE');
      expect(e.argument).toBe('target');
    },
  ],
  [
    /^no_reduce\/BCELoss_weights_no_reduce_scalar$/,
    "its target is torch.randn(()) (here −1.41): refused as NEGATIVE_PROBABILITY; PyTorch's binary_cross_entropy " +
      'checks only the input range and evaluates the formula, which is not a cross entropy for y outside [0, 1]',
    (c) => {
      const e = thrownBy(c);
      expect(e.code).toBe('NEGATIVE_PROBABILITY');
      expect(e.argument).toBe('target');
    },
  ],
  [
    /^opinfo\/poissonNllLoss\/error\/0$/,
    "reduction 'abc': refused as INVALID_OPTION naming the argument and the allowed values, not PyTorch's \"abc is not valid\"",
    (c) => {
      const e = thrownBy(c);
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('reduction');
    },
  ],
];

function thrownBy(c: Case): SurprisalError {
  try {
    call(c);
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error(
    `${c.name}: PyTorch raised ${c.error?.type} (${c.error?.message}); nothing was thrown here`,
  );
}

const groups = new Map<string, Case[]>();
for (const c of fixture.cases) {
  const key = `${c.name.split('/')[0]} ${c.fn}`;
  groups.set(key, [...(groups.get(key) ?? []), c]);
}

describe('PyTorch loss cases (test/fixtures/loss_broadcasting.json)', () => {
  for (const [key, cases] of groups) {
    it(`${key}: ${cases.length} cases agree with PyTorch (values, gradients, refusals with PyTorch's text)`, () => {
      for (const c of cases) {
        const different = DIFFERENT.find(([re]) => re.test(c.name));
        if (different) {
          different[2](c);
          continue;
        }
        if (c.error) {
          const e = thrownBy(c);
          // PyTorch's message, without its final full stop, is part of ours.
          expect(e.message, `${c.name} (${c.source})`).toContain(c.error.message.replace(/\.$/, ''));
          continue;
        }
        const want = c.expected as NonNullable<Case['expected']>;
        const r = call(c) as {
          loss: number | Float64Array;
          grad?: { data: ArrayLike<number>; shape: number[] };
          gradVar?: { data: ArrayLike<number> };
        };
        if (isTensor(want.loss)) expectClose(r.loss as Float64Array, want.loss, 'loss', c.name);
        else if (!close(r.loss as number, num(want.loss)))
          expect.fail(`${c.name}: loss ${r.loss}, PyTorch ${num(want.loss)}`);
        expectClose(r.grad?.data ?? [], want.grad, 'grad', c.name);
        expect(r.grad?.shape, `${c.name}: grad shape`).toEqual(want.grad.shape);
        if (want.gradVar) expectClose(r.gradVar?.data ?? [], want.gradVar, 'gradVar', c.name);
      }
    });
  }

  it('the deliberate differences are each used by a case', () => {
    for (const [re] of DIFFERENT) expect(fixture.cases.some((c) => re.test(c.name))).toBe(true);
  });
});
