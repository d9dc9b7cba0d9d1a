/**
 * The computation behind `surprisal tail`: the seed's rare-event example, P(Z > a) for a standard normal or
 * P(loss > a·σ) for a portfolio, by the library's samplers. Plain data in, plain data out, so that it can run
 * in a worker thread while the main thread shows progress.
 * @module
 */
import {
  crossEntropyMethod,
  type GaussianTailMethod,
  gaussianTail,
  Normal,
  ndtr,
  portfolioLossTail,
  type Seed,
} from '../index.js';

/** What to run. */
export interface TailSpec {
  dist: 'normal' | 'portfolio';
  method: 'naive' | 'shift' | 'exponential' | 'ce';
  threshold: number;
  samples: number;
  seed: Seed;
  /** Cross-entropy method: elite fraction and draws per level. */
  rho?: number;
  levelSamples?: number;
  portfolio?: { weights: number[]; mean: number[]; covariance: number[][]; df?: number };
}

/** What came out. */
export interface TailResult {
  value: number;
  stdError: number;
  relativeError: number;
  exact: number;
  ess: number;
  khat: number;
  hits?: number;
  /** Cross-entropy method: the intermediate levels reached. */
  levels?: number[];
  /** Portfolio: the loss threshold x = threshold·σ_L (threshold in standard deviations) and σ_L = √(wᵀΣw). */
  lossThreshold?: number;
  sigma?: number;
}

/** The seed's portfolio: three correlated assets (examples/rare-events.mjs). */
export const DEFAULT_PORTFOLIO = {
  weights: [0.5, 0.3, 0.2],
  mean: [0, 0, 0],
  covariance: [
    [0.04, 0.01, 0],
    [0.01, 0.09, 0.02],
    [0, 0.02, 0.16],
  ],
};

/** Runs the sampler the spec names. */
export function runTail(spec: TailSpec): TailResult {
  if (spec.dist === 'normal') {
    if (spec.method === 'ce') {
      const r = crossEntropyMethod({
        nominal: [new Normal(0, 1)],
        score: (x) => x[0],
        threshold: spec.threshold,
        finalSamples: spec.samples,
        seed: spec.seed,
        // One Gaussian component: move the mean only, the optimal exponential tilt (see crossEntropyMethod).
        fitScale: false,
        ...(spec.rho === undefined ? {} : { rho: spec.rho }),
        ...(spec.levelSamples === undefined ? {} : { samples: spec.levelSamples }),
      });
      return {
        value: r.value,
        stdError: r.stdError,
        relativeError: r.relativeError,
        exact: ndtr(-spec.threshold),
        ess: r.ess,
        khat: r.khat,
        levels: r.levels,
      };
    }
    const r = gaussianTail({
      threshold: spec.threshold,
      method: spec.method as GaussianTailMethod,
      samples: spec.samples,
      seed: spec.seed,
    });
    return {
      value: r.value,
      stdError: r.stdError,
      relativeError: r.relativeError,
      exact: r.exact,
      ess: r.ess,
      khat: r.khat,
      hits: r.hits,
    };
  }
  const p: NonNullable<TailSpec['portfolio']> = spec.portfolio ?? DEFAULT_PORTFOLIO;
  const w = p.weights;
  let v = 0;
  for (let i = 0; i < w.length; i++)
    for (let j = 0; j < w.length; j++) v += w[i] * w[j] * (p.covariance[i]?.[j] ?? 0);
  const sigma = Math.sqrt(v);
  const lossThreshold = spec.threshold * sigma;
  const r = portfolioLossTail({
    weights: p.weights,
    mean: p.mean,
    covariance: p.covariance,
    df: p.df,
    threshold: lossThreshold,
    method: spec.method as 'naive' | 'shift' | 'ce',
    samples: spec.samples,
    seed: spec.seed,
  });
  return {
    value: r.value,
    stdError: r.stdError,
    relativeError: r.relativeError,
    exact: r.exact,
    ess: r.ess,
    khat: r.khat,
    lossThreshold,
    sigma,
  };
}
