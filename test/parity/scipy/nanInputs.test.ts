/**
 * scipy/special/tests/test_nan_inputs.py::test_nan_inputs (SciPy 1.17.1), ported: every ufunc of
 * scipy.special returns NaN when all its arguments are NaN. Here for each SciPy ufunc the library has (under
 * its SciPy name in the title), then for the library's log-space extras that SciPy lacks.
 */
import { describe, expect, it } from 'vitest';
import * as lib from '../../../src/index.js';

const F = 'scipy/special/tests/test_nan_inputs.py::test_nan_inputs';

/** SciPy's ufunc name → the library's function. */
const UFUNCS: Record<string, string> = {
  betainc: 'betainc',
  betaincinv: 'betaincinv',
  betaln: 'betaln',
  entr: 'entr',
  erf: 'erf',
  erfc: 'erfc',
  erfcx: 'erfcx',
  gammainc: 'gammainc',
  gammaincc: 'gammaincc',
  gammainccinv: 'gammainccinv',
  gammaincinv: 'gammaincinv',
  gammaln: 'gammaln',
  kl_div: 'klDiv',
  log_ndtr: 'logNdtr',
  ndtr: 'ndtr',
  ndtri: 'ndtri',
  ndtri_exp: 'ndtriExp',
  psi: 'digamma',
  rel_entr: 'relEntr',
  xlog1py: 'xlog1py',
  xlogy: 'xlogy',
};

const functions = lib as unknown as Record<string, (...a: number[]) => number>;

describe(F, () => {
  for (const [scipy, ours] of Object.entries(UFUNCS)) {
    it(`${F}[${scipy}] (${ours})`, () => {
      const f = functions[ours];
      expect(f(...new Array<number>(f.length).fill(Number.NaN))).toBeNaN();
    });
  }

  for (const ours of ['trigamma', 'logErfc', 'log1pmx', 'logGammaincc', 'logBetaincc']) {
    it(`the same for ${ours} (no SciPy ufunc of that name)`, () => {
      const f = functions[ours];
      expect(f(...new Array<number>(f.length).fill(Number.NaN))).toBeNaN();
    });
  }
});
