/**
 * SciPy's own tests of the convex-analysis functions entr, rel_entr, kl_div (and xlogy, xlog1py beside them),
 * ported from scipy/special/tests/test_basic.py (SciPy 1.17.1). SciPy's reference functions (`xfunc`) are
 * written out here as SciPy writes them; assert_func_equal's rtol = atol = 1e-13 is kept. Then the accuracy
 * that the gh-20710 cases ask for, over a sweep of 197 pairs against mpmath (test/fixtures/scipy_parity.json).
 */
import { describe, expect, it } from 'vitest';
import { entr, klDiv, relEntr, xlog1py, xlogy } from '../../../src/index.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

const F = 'scipy/special/tests/test_basic.py';
const EPS = 2 ** -52;

/** Every (sign·value, sign·value) pair of SciPy's grids, as itertools.product builds them. */
function grid(values: number[]): [number, number][] {
  const out: [number, number][] = [];
  const signed = [-1, 1].flatMap((s) => values.map((v) => s * v));
  for (const a of signed) for (const b of signed) out.push([a, b]);
  return out;
}

/** assert_func_equal: equal non-finite values (NaN = NaN), else |got − want| ≤ atol + rtol·|want|. */
function funcEqual(
  f: (...a: number[]) => number,
  xfunc: (...a: number[]) => number,
  points: number[][],
): void {
  for (const p of points) {
    const got = f(...p);
    const want = xfunc(...p);
    if (Number.isNaN(want)) expect(got, `(${p})`).toBeNaN();
    else expectClose(got, want, 1e-13, 1e-13, `(${p})`);
  }
}

describe(`${F} (convex analysis)`, () => {
  it(`${F}::test_xlogy (real points)`, () => {
    const xfunc = (x: number, y: number) => (x === 0 && !Number.isNaN(y) ? x : x * Math.log(y));
    funcEqual(xlogy, xfunc, [
      [0, 0],
      [0, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
      [1, 2],
    ]);
  });

  it(`${F}::test_xlog1py`, () => {
    const xfunc = (x: number, y: number) => (x === 0 && !Number.isNaN(y) ? x : x * Math.log1p(y));
    funcEqual(xlog1py, xfunc, [
      [0, 0],
      [0, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
      [1, 2],
      [1, 1e-30],
    ]);
  });

  it(`${F}::test_entr`, () => {
    const xfunc = (x: number) => (x < 0 ? Number.NEGATIVE_INFINITY : -xlogy(x, x));
    const points = [-1, 1].flatMap((s) => [0, 0.5, 1, Number.POSITIVE_INFINITY].map((v) => [s * v]));
    funcEqual(entr, xfunc, points);
  });

  it(`${F}::test_kl_div`, () => {
    const xfunc = (x: number, y: number) => {
      if (x < 0 || y < 0 || (y === 0 && x !== 0)) return Number.POSITIVE_INFINITY;
      if (x === Number.POSITIVE_INFINITY || y === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      if (x === 0) return y;
      return xlogy(x, x / y) - x + y;
    };
    funcEqual(klDiv, xfunc, grid([0, 0.5, 1]));
  });

  it(`${F}::test_kl_div limits at Infinity (deliberately different from SciPy's NaN)`, () => {
    // The test's xfunc says kl_div is +inf when x or y is +inf ("limits within the natural domain"); SciPy's
    // implementation returns NaN for kl_div(inf, 1) and kl_div(1, inf) (inf - inf inside its formula), but its
    // grid has no infinities, so its test never sees that. The library returns the limit.
    const inf = Number.POSITIVE_INFINITY;
    expect(klDiv(inf, 1)).toBe(inf);
    expect(klDiv(1, inf)).toBe(inf);
    expect(klDiv(0, inf)).toBe(inf); // SciPy: inf (the x = 0 branch)
    expect(klDiv(inf, inf)).toBeNaN(); // no limit: kl_div(t, t) = 0, kl_div(t, t²) -> inf
  });

  it(`${F}::test_rel_entr`, () => {
    const xfunc = (x: number, y: number) => {
      if (x > 0 && y > 0) return xlogy(x, x / y);
      if (x === 0 && y >= 0) return 0;
      return Number.POSITIVE_INFINITY;
    };
    funcEqual(relEntr, xfunc, grid([0, 0.5, 1]));
  });

  it(`${F}::test_rel_entr_gh_20710_near_zero`, () => {
    const inputs = [
      [0.9456657713430001, 0.9456657713430094],
      [0.48066098564791515, 0.48066098564794774],
      [0.786048657854401, 0.7860486578542367],
    ];
    const expected = [-9.325873406851269e-15, -3.258504577274724e-14, 1.6431300764454033e-13];
    expectClose(
      inputs.map(([x, y]) => relEntr(x, y)),
      expected,
      1e-13,
      0,
    );
  });

  it(`${F}::test_rel_entr_gh_20710_overflow`, () => {
    const inputs = [
      [4, 2.22e-308], // overflow
      [1e-200, 1e200], // underflow
      [2.22e-308, 1e15], // subnormal
    ];
    const expected = [2839.139983229607, -9.210340371976183e-198, -1.6493212008074475e-305];
    expectClose(
      inputs.map(([x, y]) => relEntr(x, y)),
      expected,
      1e-13,
      0,
    );
  });
});

interface Convex {
  args: [number, number][];
  rel_entr: number[];
  kl_div: number[];
  scipy_rel_entr: number[];
  scipy_kl_div: number[];
}

describe('relEntr and klDiv against mpmath (100 digits) near x = y, at ratios that leave the normal range', () => {
  const fx = loadFixture<{ convex: Convex }>('scipy_parity.json').convex;

  /** Largest error in ulps (units of ε|want|) over the sweep; fails at the first case past `ulps`. */
  function sweep(f: (x: number, y: number) => number, want: number[], ulps: number): number {
    let worst = 0;
    fx.args.forEach(([x, y], i) => {
      const got = f(x, y);
      const w = want[i];
      if (!Number.isFinite(w) || w === 0) {
        expect(got, `(${x}, ${y})`).toBe(w);
        return;
      }
      // Results in the subnormal range carry absolute, not relative, precision.
      const err = Math.abs(got - w) / Math.max(EPS * Math.abs(w), 2 ** -1074);
      if (err > ulps) expect.fail(`(${x}, ${y}): got ${got}, want ${w} (${err.toFixed(1)} ulp)`);
      worst = Math.max(worst, err);
    });
    return worst;
  }

  it('relEntr(x, y) is within 4 ulp of x·log(x/y) on all 197 pairs (measured 1.0)', () => {
    expect(sweep(relEntr, fx.rel_entr, 4)).toBeLessThan(4);
  });

  it('klDiv(x, y) is within 8 ulp of x·log(x/y) − x + y on all 197 pairs (measured 1.9)', () => {
    expect(sweep(klDiv, fx.kl_div, 8)).toBeLessThan(8);
  });

  it('SciPy 1.10 (before gh-20710) is far off on the same pairs: the sweep can fail', () => {
    // The fixture keeps SciPy 1.10's values: a sweep that accepted them would not be testing anything.
    let bad = 0;
    fx.args.forEach((_, i) => {
      const w = fx.rel_entr[i];
      const s = fx.scipy_rel_entr[i];
      if (Number.isFinite(w) && w !== 0 && Math.abs(s - w) > 4 * EPS * Math.abs(w)) bad++;
    });
    expect(bad).toBeGreaterThan(20);
  });
});
