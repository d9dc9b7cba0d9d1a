# The peer of bench/profile.mjs: pandas + scikit-learn on the same rows (a CSV copy: Debian's pandas has no
# Parquet engine; its loading is NOT timed, which favours the peer). value_counts entropies of every column,
# then mutual_info_classif of every other column with the target (discrete_features: the columns that are not
# float), as a data scientist would rank features. Prints one JSON line: seconds and the ranking.
# Run: /usr/bin/python3 bench/profile_pandas.py FILE.csv
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.feature_selection import mutual_info_classif

path = sys.argv[1]
df = pd.read_csv(path)
t0 = time.perf_counter()
entropies = {}
for c in df.columns:
    p = df[c].value_counts(normalize=True, dropna=True).to_numpy()
    entropies[c] = float(-(p * np.log(p)).sum())
y = pd.factorize(df["target"])[0]
features = [c for c in df.columns if c not in ("target", "id", "junk")]
X = np.column_stack([df[c].to_numpy(dtype=float) if df[c].dtype.kind == "f" else pd.factorize(df[c])[0] for c in features])
discrete = [df[c].dtype.kind != "f" for c in features]
mi = mutual_info_classif(X, y, discrete_features=discrete, random_state=0)
seconds = time.perf_counter() - t0
ranking = [features[i] for i in np.argsort(-mi, kind="stable")]
print(json.dumps({"seconds": seconds, "ranking": ranking, "mi": dict(zip(features, map(float, mi)))}))
