#!/usr/bin/env python3
"""Times scikit-learn's KSG on data written by bench/estimators.mjs: argv = path n repeats.
Prints one JSON line: medians of _compute_mi_cc (the bare estimator, k=3) and of
mutual_info_regression (what users call: scaling + jitter + KSG), and the values."""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_selection import mutual_info_regression
from sklearn.feature_selection._mutual_info import _compute_mi_cc

path, n, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
xy = np.fromfile(path, dtype="<f8").reshape(2, n)
x, y = xy[0].copy(), xy[1].copy()


def timed(f):
    ts, v = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        v = f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), float(np.ravel(v)[0])


t_cc, v_cc = timed(lambda: _compute_mi_cc(x, y, 3))
t_reg, v_reg = timed(lambda: mutual_info_regression(x.reshape(-1, 1), y, n_neighbors=3, random_state=0))
print(json.dumps({"sklearn": sklearn.__version__, "computeMiCc": {"seconds": t_cc, "value": v_cc},
                  "mutualInfoRegression": {"seconds": t_reg, "value": v_reg}}))
