/**
 * Fuzz suite for the library (issue #13): every public function, constructor and method is called with
 * hostile mutations of the valid calls its documentation shows (test/fuzz/seeds.ts, test/fuzz/hostile.ts).
 * Each call must return a finite or documented value, or throw a SurprisalError with a readable message —
 * never another error type, never a hang (each call runs under a wall-clock cap), never NaN where the input
 * holds none (or where the function is not documented to propagate it). Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { callCapped, hasNaNInput, judge } from './harness.js';
import { mutate, mutationArb } from './hostile.js';
import { harvestSeeds, type Seed } from './seeds.js';

/** Calls per target, and the cap on one call. Large enough to find the item-13 defects; bounded for CI. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const CAP_MS = Number(process.env.FUZZ_CAP_MS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

/**
 * Where NaN out is the documented answer to NaN in: SciPy's special functions and elementwise conventions, the
 * distributions' pointwise methods (scipy.stats and torch.distributions propagate NaN), the losses that
 * follow PyTorch (NaN logits give a NaN loss), and compensated sums of NaN.
 */
const PROPAGATES_NAN =
  /^(logSumExp|softmax|logSoftmax|fsum|Accumulator#add|Accumulator#value|crossEntropyLoss|nllLoss|binaryCrossEntropy|binaryCrossEntropyWithLogits|klDivLoss|gaussianNllLoss|poissonNllLoss|bitsPerToken|bitsPerByte|perplexity|[A-Z]\w*#(logProb|prob|cdf|logCdf|survival|logSurvival))$/;

/**
 * Scalar functions with SciPy's convention: NaN outside the domain (xlogy(1, −1), gammaln at a pole is +Inf,
 * ndtri(2), a quantile of 1.5). For numbers, NaN is their documented answer; anything but numbers must throw.
 */
const SCALAR_DOMAIN_NAN =
  /^(betainc|betaincinv|betaln|digamma|erf|erfc|erfcx|gammainc|gammaincc|gammainccinv|gammaincinv|gammaln|log1pmx|logBetaincc|logErfc|logGammaincc|logNdtr|ndtr|ndtri|ndtriExp|trigamma|xlogy|xlog1py|entr|relEntr|klDiv|[A-Z]\w*#quantile)$/;

/** Documented NaN whatever the input: the mean over an all-ignored batch is NaN, as PyTorch. */
const EMPTY_MEAN_NAN = /^(crossEntropyLoss|nllLoss|linearCrossEntropyLoss)$/;

function nanRule(target: string): (args: unknown[]) => boolean {
  if (EMPTY_MEAN_NAN.test(target)) return () => true;
  if (PROPAGATES_NAN.test(target)) return hasNaNInput;
  if (SCALAR_DOMAIN_NAN.test(target)) {
    // Extra arguments are ignored by JavaScript functions: only the declared parameters must be numbers.
    const f = (lib as unknown as Record<string, unknown>)[target];
    const arity = typeof f === 'function' ? f.length : 1;
    return (args) => args.length >= arity && args.slice(0, arity).every((a) => typeof a === 'number');
  }
  return () => false;
}

/** Seeds the examples cannot show: each distribution's pointwise methods and sampler, the kernel memory API. */
function extraSeeds(): Seed[] {
  const out: Seed[] = [];
  const libRecord = lib as unknown as Record<string, unknown>;
  const made = harvestSeeds();
  for (const s of made) {
    if (!s.target.startsWith('new ') || s.threw) continue;
    const name = s.target.slice(4);
    const C = libRecord[name] as new (...a: unknown[]) => Record<string, unknown>;
    const make = () => new C(...structuredClone(s.args));
    let inst: Record<string, unknown>;
    try {
      inst = make();
    } catch {
      continue;
    }
    const univariate = typeof inst.cdf === 'function';
    const x = univariate ? 0.5 : undefined;
    const calls: [string, unknown[]][] = [
      ['logProb', [x ?? (Array.isArray(s.args[0]) ? s.args[0] : [0.5])]],
      ['cdf', [0.5]],
      ['logSurvival', [0.5]],
      ['quantile', [0.3]],
      ['sample', [lib.createRng(1), 3]],
      ['entropy', []],
    ];
    for (const [m, a] of calls) {
      if (typeof inst[m] === 'function')
        out.push({ target: `${name}#${m}`, args: a, receiver: make, threw: false });
    }
    if (name === 'Normal') break;
  }
  out.push(
    { target: 'kernelFloat32Array', args: [8], threw: false },
    { target: 'kernelFloat64Array', args: [8], threw: false },
    { target: 'kernelInt32Array', args: [8], threw: false },
    { target: 'freeKernelArray', args: [new Float32Array(2)], threw: false },
    { target: 'startKernelThreads', args: [1], threw: false },
    { target: 'stopKernelThreads', args: [], threw: false },
    { target: 'new Rng', args: [[1, 2, 3, 4]], threw: false },
  );
  return out;
}

/** Up to three seeds per target, valid ones first. */
function targets(): Map<string, Seed[]> {
  const all = [...harvestSeeds(), ...extraSeeds()];
  const by = new Map<string, Seed[]>();
  for (const s of all) {
    const list = by.get(s.target) ?? [];
    if (list.length < 3 && (!s.threw || list.length === 0)) list.push(s);
    by.set(s.target, list);
  }
  return by;
}

const byTarget = targets();

async function settle(v: unknown): Promise<unknown> {
  if (v && typeof (v as Promise<unknown>).then === 'function') {
    return await Promise.race([
      v as Promise<unknown>,
      new Promise((_r, reject) =>
        setTimeout(() => reject(new Error('promise did not settle within the cap')), CAP_MS),
      ),
    ]);
  }
  return v;
}

describe('fuzz: every public export survives hostile input', () => {
  it('has seeds for every exported function and class', () => {
    const missing = Object.entries(lib)
      .filter(([, v]) => typeof v === 'function')
      .map(([n]) => n)
      .filter((n) => n !== 'SurprisalError' && !byTarget.has(n) && !byTarget.has(`new ${n}`));
    expect(missing).toEqual([]);
  });

  for (const [target, seeds] of byTarget) {
    it(target, async () => {
      const plans = fc.sample(fc.tuple(fc.nat(seeds.length - 1), mutationArb), { numRuns: RUNS, seed: SEED });
      const failures: string[] = [];
      const allowNaN = nanRule(target);
      const libRecord = lib as unknown as Record<string, (...a: unknown[]) => unknown>;
      for (const [which, muts] of plans) {
        const seed = seeds[which];
        const { args, what, unknownKey } = mutate(seed.args, muts);
        const desc = what.join(', ');
        let call: () => unknown;
        if (target.startsWith('new ')) {
          const C = libRecord[target.slice(4)] as unknown as new (...a: unknown[]) => unknown;
          call = () => new C(...args);
        } else if (seed.receiver) {
          let recv: Record<string, (...a: unknown[]) => unknown>;
          try {
            recv = seed.receiver() as Record<string, (...a: unknown[]) => unknown>;
          } catch {
            continue;
          }
          const m = target.slice(target.indexOf('#') + 1);
          call = () => recv[m](...args);
        } else call = () => libRecord[target](...args);
        let outcome = callCapped(call, CAP_MS);
        if (outcome.kind === 'value') {
          try {
            outcome = { ...outcome, value: await settle(outcome.value) };
          } catch (error) {
            outcome = { kind: 'error', error, ms: outcome.ms };
          }
        }
        const f = judge(target, desc, args, outcome, allowNaN, unknownKey);
        if (f && !failures.includes(f)) failures.push(f);
      }
      expect(failures).toEqual([]);
    }, 600_000);
  }
});
