/**
 * Shared inputs of the loo parity tests: test/fixtures/loo_parity.json (test/fixtures/generate_loo_parity.R,
 * which reruns the computations of R loo 2.5.1's tests/testthat files with their own seeds) and loo's example
 * log-likelihood (example_loglik_matrix(), stored once, as loo.json's case `example`).
 */
import { loadFixture } from '../../helpers/fixtures.js';

export interface Est {
  value: number;
  stdError: number;
}
export interface Mat {
  shape: number[];
  data: number[];
}
export interface Expect {
  value: number[];
  paretoK: number[];
}
export interface CompareTable {
  rows: string[];
  table: Record<string, number[]>;
}

export interface ParityFixture {
  psis: {
    chainIds: number[];
    rEffArr: number[];
    rEffVec: number;
    paretoK: number[];
    nEff: number[];
    tailLen: number[];
    logWeightsNormalized4: Mat;
    vec: { paretoK: number; nEff: number; logWeightsNormalized: number[] };
    rEffNaSame: boolean;
    shortTail: { draws: number; paretoK: number[]; logWeightsNormalized4: Mat };
    constantTail: { x: number[]; tailLength: number; paretoK: number; logWeightsNormalized: number[] };
    smoothTailInfinite: { tail: number[]; k: number };
    nEffR1: number;
    nEffR2: number;
  };
  relativeEff: { relativeEff: number[]; essCol1: number; relativeEffCol1: number; S: number };
  eLoo: {
    rEffMat: number[];
    x: Mat;
    mean: Expect;
    var: Expect;
    quantile50: Expect;
    quantile1090: Expect;
    vecMean: Expect;
    vecVar: Expect;
    vecQuantile50: Expect;
    vecQuantile105090: Expect;
    khat: number[];
    wquant: {
      probs: number[];
      x: number[];
      w: number[];
      value: number[];
      xEqual: number[];
      valueEqual: number[];
      quantile7: number[];
    };
  };
  looWaic: {
    loo: {
      estimates: Record<string, Est>;
      pointwise: Record<string, number[]>;
      paretoK: number[];
      nEff: number[];
    };
    waic: { estimates: Record<string, Est>; pointwise: Record<string, number[]> };
    elpd: { estimates: Record<string, Est> };
  };
  compare: {
    waic: Record<'model1' | 'model2' | 'model3', { estimates: Record<string, Est>; elpdWaic: number[] }>;
    same: CompareTable;
    two: CompareTable;
    three: CompareTable;
  };
  modelWeights: {
    y: number[];
    sd: number[][];
    mu: number[];
    rEff: number;
    loo: { estimates: Record<string, Est>; elpdLoo: number[]; paretoK: number[] }[];
    stacking: number[];
    pseudoBmaBB: number[];
    pseudoBma: number[];
  };
}

export const fx = loadFixture<ParityFixture>('loo_parity.json');

/** Relative tolerance of the port (issue #17). */
export const RTOL = 1e-8;

const example = loadFixture<{ cases: { example: { logLik: Mat & { chains: number; chainIds: number[] } } } }>(
  'loo.json',
).cases.example.logLik;

/** example_loglik_matrix(): [1000, 32], chain 1's 500 draws first. */
export const LLmat: Mat = { shape: example.shape, data: example.data };
/** example_loglik_array() in our [chains, draws, N] order. */
export const LLarr: Mat = { shape: [2, 500, 32], data: example.data };
export const S = 1000;
export const N = 32;

/** Column j of a row-major [S, N] matrix, times sign. */
export function col(m: Mat, j: number, sign = 1): Float64Array {
  const [s, n] = m.shape;
  const out = new Float64Array(s);
  for (let i = 0; i < s; i++) out[i] = sign * m.data[i * n + j];
  return out;
}

/** The first `rows` draws of each chain of LLarr ([chains, draws, N]), as loo's LLarr[1:rows, , ]. */
export function firstDraws(rows: number): Mat {
  const data: number[] = [];
  for (let c = 0; c < 2; c++) data.push(...example.data.slice(c * 500 * N, (c * 500 + rows) * N));
  return { shape: [2, rows, N], data };
}
