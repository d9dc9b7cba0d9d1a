import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { logNdtr, ndtr, ndtri } from '../special/index.js';
import { checkP, checkX, positive, real, sampleBuffer, type UnivariateDistribution } from './family.js';

/**
 * Normal distribution N(loc, scale²), as `torch.distributions.Normal(loc, scale)`.
 *
 * log p(x) = −(x − μ)²/(2σ²) − log σ − ½ log 2π; H = ½ log(2πeσ²). `logSurvival` uses log Φ(−z), exact far
 * in the tail: log P(Z > 40) = −804.6084420137538.
 *
 * @example
 * ```ts
 * const z = new Normal(0, 1);
 * z.entropy();          // 1.4189385332046727
 * z.logSurvival(40);    // -804.6084420137538
 * z.quantile(0.975);    // 1.959963984540054
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless loc is finite and scale > 0.
 */
export class Normal implements UnivariateDistribution {
  readonly family = 'Normal';
  readonly discrete = false;
  readonly loc: number;
  readonly scale: number;

  constructor(loc: number, scale: number) {
    this.loc = real('Normal', 'loc', loc);
    this.scale = positive('Normal', 'scale', scale);
  }

  get params(): number[] {
    return [this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('Normal', 'logProb', x);
    const z = (x - this.loc) / this.scale;
    return -0.5 * z * z - Math.log(this.scale) - HALF_LOG_2PI;
  }

  cdf(x: number): number {
    checkX('Normal', 'cdf', x);
    return ndtr((x - this.loc) / this.scale);
  }

  logSurvival(x: number): number {
    checkX('Normal', 'logSurvival', x);
    return logNdtr(-(x - this.loc) / this.scale);
  }

  quantile(p: number): number {
    checkP('Normal', p);
    return this.loc + this.scale * ndtri(p);
  }

  sample(rng: Rng, n = 1): Float64Array {
    const out = sampleBuffer('Normal', rng, n);
    return rng.fillNormal(out, this.loc, this.scale);
  }

  entropy(): number {
    return 0.5 + HALF_LOG_2PI + Math.log(this.scale);
  }

  get mean(): number {
    return this.loc;
  }

  get variance(): number {
    return this.scale * this.scale;
  }
}
