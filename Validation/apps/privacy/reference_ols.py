#!/usr/bin/env python3
"""Non-private OLS on the privacy example's fixed split, and the attack on it.

numpy.linalg.lstsq (LAPACK gelsd) and sklearn's LinearRegression on the training rows
of diabetes.csv (train fraction 0.5, split seed 1); their coefficients agree to
1e-12 relative, and the Swift test compares feinvert's to lstsq's at 1e-9.
Writes privacy_reference_ols.csv (here and in the Swift fixtures) with the attack's
accuracies as metadata.
"""
import os
import shutil

import numpy as np
from sklearn.linear_model import LinearRegression

import privacy_common as pc

TRAIN_FRACTION, SEED, SENSITIVE = 0.5, 1, "sex"


def main():
    names, X, y = pc.load()
    train, test = pc.split(len(y), TRAIN_FRACTION, SEED)
    beta, *_ = np.linalg.lstsq(pc.design(X[train]), y[train], rcond=None)
    lr = LinearRegression().fit(X[train], y[train])
    sk = np.concatenate([[lr.intercept_], lr.coef_])
    assert np.max(np.abs(sk - beta) / np.abs(beta)) < 1e-9
    k = names.index(SENSITIVE)
    sigma = pc.residual_sigma(beta, X[train], y[train])
    values, pi = pc.prior(X[train, k])
    acc_m = pc.attack_accuracy(beta, X[train], y[train], k, sigma, values, pi)
    acc_n = pc.attack_accuracy(beta, X[test], y[test], k, sigma, values, pi)
    base_m = pc.baseline_accuracy(X[train], k, values, pi)
    base_n = pc.baseline_accuracy(X[test], k, values, pi)
    rows = [
        "# numpy.linalg.lstsq OLS on diabetes.csv, train fraction 0.5, split seed 1 (reference_ols.py)",
        "# train_rows = %d" % len(train),
        "# first_train_rows = %s" % " ".join(str(i) for i in train[:10]),
        "# residual_sigma = %r" % sigma,
        "# prior = %s" % " ".join(repr(float(p)) for p in pi),
        "# member_accuracy = %r" % acc_m,
        "# nonmember_accuracy = %r" % acc_n,
        "# member_baseline = %r" % base_m,
        "# nonmember_baseline = %r" % base_n,
        "# sklearn_max_relative_difference = %r" % float(np.max(np.abs(sk - beta) / np.abs(beta))),
        "name,coefficient",
        "intercept,%r" % float(beta[0]),
    ] + ["%s,%r" % (n, float(b)) for n, b in zip(names, beta[1:])]
    path = os.path.join(pc.HERE, "privacy_reference_ols.csv")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    if os.path.isdir(pc.FIXTURES):
        shutil.copy(path, os.path.join(pc.FIXTURES, "privacy_reference_ols.csv"))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
