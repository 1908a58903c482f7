#!/usr/bin/env python3
"""Extracts scikit-learn's bundled diabetes data once and writes the files the
privacy example ships (run with scikit-learn installed; no network is needed).

Writes, next to this script:
  diabetes_data_raw.csv  the decompressed raw feature file exactly as scikit-learn
                         ships it (442 rows, 10 space-separated columns, no header)
  diabetes_target.csv    the decompressed target file exactly as shipped (442 rows)
  diabetes.csv           the app's input: a CSV with a header
                         age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression whose feature
                         cells are the raw file's tokens verbatim and whose target
                         cells are the shortest decimal that reads back to the same
                         float64 (so every value parses to the identical double)

and checks the SHA-256 digests of shared/spec/apps.md section 10:
  raw X (float64 LE, row-major, load_diabetes(scaled=False).data)
      6b93b2556c8942c79d8374838768047adf9d1f4044510b9f948ddace62567d75
  target (float64 LE)
      4911e8747aff95aa1cd523fea86dd91cfd1cd14c1a8ead274f1913b14fa853c4
  decompressed diabetes_data_raw.csv
      86badf50b4f9436ddd1e497dc0ae1b93166f8120221ee7dca4634fe849f3be7c
"""
import gzip
import hashlib
import os

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes

HERE = os.path.dirname(os.path.abspath(__file__))
X_SHA = "6b93b2556c8942c79d8374838768047adf9d1f4044510b9f948ddace62567d75"
Y_SHA = "4911e8747aff95aa1cd523fea86dd91cfd1cd14c1a8ead274f1913b14fa853c4"
RAW_SHA = "86badf50b4f9436ddd1e497dc0ae1b93166f8120221ee7dca4634fe849f3be7c"
NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def sha(b):
    return hashlib.sha256(b).hexdigest()


def main():
    data_dir = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")
    raw = gzip.open(os.path.join(data_dir, "diabetes_data_raw.csv.gz")).read()
    target = gzip.open(os.path.join(data_dir, "diabetes_target.csv.gz")).read()
    X, y = load_diabetes(return_X_y=True, scaled=False)
    assert X.shape == (442, 10) and y.shape == (442,)
    assert sha(np.ascontiguousarray(X, dtype="<f8").tobytes()) == X_SHA
    assert sha(np.ascontiguousarray(y, dtype="<f8").tobytes()) == Y_SHA
    assert sha(raw) == RAW_SHA
    codes, counts = np.unique(X[:, 1], return_counts=True)
    assert list(codes) == [1.0, 2.0] and list(counts) == [235, 207]

    with open(os.path.join(HERE, "diabetes_data_raw.csv"), "wb") as f:
        f.write(raw)
    with open(os.path.join(HERE, "diabetes_target.csv"), "wb") as f:
        f.write(target)

    rows = raw.decode("ascii").strip("\n").split("\n")
    lines = [
        "# scikit-learn's diabetes data (sklearn.datasets.load_diabetes(scaled=False)),",
        "# from scikit-learn %s (BSD-3-Clause; see LICENSE-diabetes.txt). Data: Efron, Hastie," % sklearn.__version__,
        "# Johnstone & Tibshirani (2004), \"Least Angle Regression\", Ann. Statist. 32:407-499.",
        "# Features verbatim from diabetes_data_raw.csv; progression from diabetes_target.csv.",
        "# sex is coded 1 or 2 as in the raw file (1: 235 patients, 2: 207).",
        ",".join(NAMES + ["progression"]),
    ]
    for k, row in enumerate(rows):
        tokens = row.split(" ")
        assert len(tokens) == 10 and np.array_equal(np.array(tokens, dtype=float), X[k])
        lines.append(",".join(tokens + [repr(float(y[k]))]))
    with open(os.path.join(HERE, "diabetes.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")

    # The app's CSV reads back to the same doubles.
    back = np.genfromtxt(os.path.join(HERE, "diabetes.csv"), delimiter=",", skip_header=6)
    assert sha(np.ascontiguousarray(back[:, :10], dtype="<f8").tobytes()) == X_SHA
    assert sha(np.ascontiguousarray(back[:, 10], dtype="<f8").tobytes()) == Y_SHA
    print("diabetes_target.csv sha256", sha(target))
    print("diabetes.csv sha256", sha(open(os.path.join(HERE, "diabetes.csv"), "rb").read()))
    print("all checksums verified")


if __name__ == "__main__":
    main()
