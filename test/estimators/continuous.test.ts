/**
 * estimateDifferentialEntropy, estimateMutualInformation, estimateConditionalMutualInformation and estimateKlDivergence
 * against test/fixtures/estimators.json (written by test/fixtures/generate_estimators.py): SciPy's
 * differential_entropy, scikit-learn's _compute_mi_cc / _compute_mi_cd / mutual_info_score, and brute-force
 * NumPy implementations of Kozachenko–Leonenko, KSG 1 and 2, NPEET's CMI, Wang–Kulkarni–Verdú, Miller–Madow
 * MI and R entropy's mi.shrink; plus the reference values of the research notes (§9).
 *
 * Tolerance: |a − b| ≤ 1e-12·max(1, |b|). The references sum hundreds of terms in a different order (NumPy's
 * pairwise sums, mean of digammas then differences), so agreement is to a few ulp of the sum, not bitwise; the
 * neighbour counts themselves are integers and must agree exactly for the values to agree at all.
 * Set REFERENCE_REPORT=1 to print the largest error per kind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { estimateDifferentialEntropy } from '../../src/estimators/estimateDifferentialEntropy.js';
import { estimateKlDivergence } from '../../src/estimators/estimateKlDivergence.js';
import {
  estimateConditionalMutualInformation,
  estimateMutualInformation,
} from '../../src/estimators/estimateMutualInformation.js';
import { loadFixture } from '../helpers/fixtures.js';

const RTOL = 1e-12;

interface Case {
  kind: string;
  name: string;
  expected: number;
  reference: string;
  [key: string]: unknown;
}

const fixture = loadFixture<{
  versions: Record<string, string>;
  vectors: Record<string, number[]>;
  cases: Case[];
}>('estimators.json');

const worst = new Map<string, number>();
function check(kind: string, got: number, want: number, label: string): void {
  const err = Math.abs(got - want) / Math.max(1, Math.abs(want));
  worst.set(kind, Math.max(worst.get(kind) ?? 0, err));
  if (!(err <= RTOL)) expect.fail(`${label}: got ${got}, want ${want} (relative error ${err})`);
}

afterAll(() => {
  if (process.env.REFERENCE_REPORT)
    for (const [k, v] of worst) console.log(`${k}: largest error ${v.toExponential(2)}`);
});

type Rows = number[] | number[][];

function run(c: Case): number {
  const none = { resamples: 0 };
  switch (c.kind) {
    case 'spacing':
      return estimateDifferentialEntropy(fixture.vectors[c.vector as string], {
        ...none,
        method: c.method as 'auto',
        windowLength: (c.windowLength as number | null) ?? undefined,
        base: (c.base as number | null) ?? undefined,
      }).value;
    case 'knnEntropy':
      return estimateDifferentialEntropy(c.samples as Rows, { ...none, method: 'knn', k: c.k as number })
        .value;
    case 'ksg':
    case 'ksg2':
      return estimateMutualInformation(c.x as Rows, c.y as Rows, {
        ...none,
        method: c.kind,
        k: c.k as number,
      }).value;
    case 'ross':
      return estimateMutualInformation(c.labels as (number | string)[], c.y as number[], {
        ...none,
        method: 'ross',
        k: c.k as number,
      }).value;
    case 'cmi':
      return estimateConditionalMutualInformation(c.x as Rows, c.y as Rows, c.z as Rows, {
        ...none,
        k: c.k as number,
      }).value;
    case 'wkv':
      return estimateKlDivergence(c.p as Rows, c.q as Rows, {
        ...none,
        method: 'knn',
        k: c.k as number,
        norm: c.norm as 'max',
      }).value;
    case 'pluginMi':
    case 'millerMadowMi':
    case 'shrinkMi': {
      const method =
        c.kind === 'pluginMi' ? 'plugin' : c.kind === 'millerMadowMi' ? 'miller-madow' : 'shrink';
      const est = estimateMutualInformation(c.x as string[], c.y as string[], { ...none, method });
      if (method === 'shrink')
        check('shrink lambda', est.lambda as number, c.lambda as number, `${c.name} lambda`);
      return est.value;
    }
    case 'pluginKl':
      return estimateKlDivergence(c.p as string[], c.q as string[], { method: 'plugin' }).value;
    default:
      throw new Error(`unknown kind ${c.kind}`);
  }
}

describe('estimators against SciPy, scikit-learn and NumPy (test/fixtures/estimators.json)', () => {
  it('the fixture holds every kind of case', () => {
    const kinds = new Set(fixture.cases.map((c) => c.kind));
    for (const k of ['spacing', 'knnEntropy', 'ksg', 'ksg2', 'ross', 'cmi', 'wkv', 'pluginMi', 'shrinkMi']) {
      expect(kinds.has(k), k).toBe(true);
    }
  });
  for (const c of fixture.cases) {
    const label = `${c.kind} ${c.name}${c.method ? ` ${c.method}` : ''}${c.windowLength ? ` m=${c.windowLength}` : ''}${c.norm ? ` ${c.norm}` : ''}`;
    it(`${label} matches ${c.reference}`, () => check(c.kind, run(c), c.expected, label));
  }
});

describe('research-note reference values (estimators.md §9)', () => {
  const x = [1, 2, 4, 7, 11, 16, 22, 29, 37, 46];
  const want: [string, number][] = [
    ['vasicek', 3.554567878580761],
    ['van es', 4.042523814457113],
    ['auto', 4.042523814457113],
    ['ebrahimi', 3.810754647673174],
    ['correa', 3.6753614861145167],
  ];
  for (const [method, value] of want) {
    it(`estimateDifferentialEntropy([1, 2, 4, …, 46], { method: '${method}' }) = ${value} (m = 3)`, () => {
      const est = estimateDifferentialEntropy(x, { method: method as 'auto', resamples: 0 });
      expect(est.windowLength).toBe(3);
      check('notes', est.value, value, method);
    });
  }
  it('Kozachenko–Leonenko of [0, 1, 3, 6, 10], k = 1, is 3.4120912799628673', () => {
    check(
      'notes',
      estimateDifferentialEntropy([0, 1, 3, 6, 10], { method: 'knn', k: 1 }).value,
      3.4120912799628673,
      'KL',
    );
  });
  it('KSG-1 / KSG-2 of x = [0, 1, 3, 6, 10], y = [0, 2, 1, 5, 4], k = 1, are 7/60 and 1/12', () => {
    const xs = [0, 1, 3, 6, 10];
    const ys = [0, 2, 1, 5, 4];
    check('notes', estimateMutualInformation(xs, ys, { method: 'ksg', k: 1 }).value, 7 / 60, 'ksg');
    check('notes', estimateMutualInformation(xs, ys, { method: 'ksg2', k: 1 }).value, 1 / 12, 'ksg2');
  });
  it("plug-in MI of scikit-learn's test_dd, x = [0, 1, 1, 0, 0], y = [1, 0, 0, 0, 1], is 0.29110316603236885", () => {
    const v = estimateMutualInformation([0, 1, 1, 0, 0], [1, 0, 0, 0, 1], { method: 'plugin' }).value;
    check('notes', v, 0.29110316603236885, 'test_dd');
  });
});

describe('input forms and units', () => {
  const xs = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.1, -2.2];
  const ys = [0.1, -0.8, 2.0, 1.4, -0.9, 1.1, 2.2, -1.5];
  it('estimateMutualInformation: numbers, Float64Array, one-column rows and { data, shape } give the same KSG', () => {
    const a = estimateMutualInformation(xs, ys, { k: 2, resamples: 0 }).value;
    const b = estimateMutualInformation(Float64Array.from(xs), Float64Array.from(ys), {
      k: 2,
      resamples: 0,
    }).value;
    const c = estimateMutualInformation(
      xs.map((v) => [v]),
      { data: ys, shape: [8, 1] },
      { k: 2, resamples: 0 },
    ).value;
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
  it('estimateDifferentialEntropy: rows and { data, shape: [n, d] } agree; base 2 divides by ln 2', () => {
    const rows = xs.map((v, i) => [v, ys[i]]);
    const data = rows.flat();
    const a = estimateDifferentialEntropy(rows, { resamples: 0 });
    const b = estimateDifferentialEntropy({ data, shape: [8, 2] }, { resamples: 0 });
    expect(b.value).toBe(a.value);
    expect(a.method).toBe('knn');
    expect(a.d).toBe(2);
    const bits = estimateDifferentialEntropy(rows, { resamples: 0, base: 'bits' }).value;
    expect(bits).toBeCloseTo(a.value / Math.LN2, 14);
  });
  it('estimateMutualInformation picks ksg for numbers, ross for labels with numbers, plugin for labels', () => {
    expect(estimateMutualInformation(xs, ys, { resamples: 0 }).method).toBe('ksg');
    const labels = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'];
    const r1 = estimateMutualInformation(labels, ys, { resamples: 0 });
    const r2 = estimateMutualInformation(ys, labels, { resamples: 0 });
    expect(r1.method).toBe('ross');
    expect(r2.value).toBe(r1.value);
    expect(estimateMutualInformation(labels, labels).method).toBe('plugin');
  });
  it('estimateMutualInformation is symmetric for ksg and plugin', () => {
    expect(estimateMutualInformation(ys, xs, { resamples: 0 }).value).toBe(
      estimateMutualInformation(xs, ys, { resamples: 0 }).value,
    );
    const a = ['x', 'y', 'x', 'z', 'z', 'y'];
    const b = [1, 2, 1, 1, 2, 2];
    expect(estimateMutualInformation(b, a, { method: 'plugin' }).value).toBeCloseTo(
      estimateMutualInformation(a, b, { method: 'plugin' }).value,
      15,
    );
  });
  it('plug-in MI of a variable with itself is its plug-in entropy', () => {
    const a = ['x', 'y', 'x', 'z', 'z', 'y', 'x'];
    const h = -(3 / 7) * Math.log(3 / 7) - 2 * (2 / 7) * Math.log(2 / 7);
    expect(estimateMutualInformation(a, a, { method: 'plugin' }).value).toBeCloseTo(h, 14);
  });
});

describe('resamples: n > 0 resamples every method, 0 gives the analytic standard error or NaN', () => {
  const a = ['x', 'y', 'x', 'z', 'z', 'y', 'x', 'y', 'x', 'z'];
  const b = ['u', 'u', 'u', 'v', 'v', 'v', 'u', 'v', 'u', 'v'];
  const xs = [0.1, 1.3, 2.2, 0.7, 1.9, 3.1, 0.4, 2.8, 1.1, 2.5];
  const ys = [0.3, 1.1, 2.6, 0.2, 2.4, 2.9, 0.8, 3.3, 0.9, 2.1];
  it('estimateMutualInformation plugin and miller-madow: delta by default and with 0, bootstrap with n > 0', () => {
    for (const method of ['plugin', 'miller-madow'] as const) {
      const delta = estimateMutualInformation(a, b, { method });
      expect(delta.stdErrorMethod).toBe('delta');
      expect(estimateMutualInformation(a, b, { method, resamples: 0 })).toEqual(delta);
      const boot = estimateMutualInformation(a, b, { method, resamples: 40, seed: 3, confidence: 0.9 });
      expect(boot.stdErrorMethod).toBe('bootstrap');
      expect(boot.replicates).toBe(40);
      expect(boot.value).toBe(delta.value);
      expect(boot.stdError).toBeGreaterThan(0);
      expect(boot).toEqual(
        estimateMutualInformation(a, b, { method, resamples: 40, seed: 3, confidence: 0.9 }),
      );
      const half = estimateMutualInformation(a, b, { method, resamples: 40, resampling: 'half' });
      expect(half.stdErrorMethod).toBe('half');
    }
  });
  it('estimateKlDivergence plugin: delta by default and with 0, bootstrap with n > 0; Infinity keeps NaN', () => {
    const p = ['a', 'a', 'b', 'c', 'a', 'b', 'c', 'a'];
    const q = ['a', 'b', 'b', 'c', 'a', 'c', 'c', 'b'];
    const d0 = estimateKlDivergence(p, q);
    expect(d0.stdErrorMethod).toBe('delta');
    expect(estimateKlDivergence(p, q, { resamples: 0 })).toEqual(d0);
    const boot = estimateKlDivergence(p, q, { resamples: 40, confidence: 0.9 });
    expect(boot.stdErrorMethod).toBe('bootstrap');
    expect(boot.value).toBe(d0.value);
    expect(boot.stdError).toBeGreaterThan(0);
    expect(boot.replicates).toBeGreaterThan(1);
    const inf = estimateKlDivergence(['a', 'z'], ['a', 'b'], { resamples: 40 });
    expect(inf.value).toBe(Number.POSITIVE_INFINITY);
    expect(inf.stdError).toBeNaN();
  });
  it('methods without an analytic standard error: resamples 0 gives NaN and refuses a confidence level up front', () => {
    const calls: [string, (o: object) => { stdError: number; stdErrorMethod: string }][] = [
      ['estimateMutualInformation ksg', (o) => estimateMutualInformation(xs, ys, o)],
      [
        'estimateMutualInformation shrink',
        (o) => estimateMutualInformation(a, b, { method: 'shrink', ...o }),
      ],
      ['estimateConditionalMutualInformation', (o) => estimateConditionalMutualInformation(xs, ys, xs, o)],
      ['estimateKlDivergence knn', (o) => estimateKlDivergence(xs, ys, o)],
      ['estimateDifferentialEntropy', (o) => estimateDifferentialEntropy(xs, o)],
    ];
    for (const [name, f] of calls) {
      const r = f({ resamples: 0 });
      expect([name, r.stdErrorMethod, Number.isNaN(r.stdError)]).toEqual([name, 'none', true]);
      expect(() => f({ resamples: 0, confidence: 0.9 })).toThrow(/confidence needs a standard error/);
    }
  });
});
