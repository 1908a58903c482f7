#!/usr/bin/env python3
"""The reference attack curve for `feinvert app privacy`: a small numpy DP-SGD of the
same algorithm, split and hyper-parameters as the app's defaults, with numpy's own
random streams (PCG64), averaged over 400 seeds.

DP-SGD (Abadi et al. 2016) on the standardized linear model t = w.z + b (z the
features standardized by the training mean and population s.d., t the target
likewise): theta = 0; at each of T steps every training row is taken with
probability q (Poisson sampling), its squared-loss gradient (theta.z~ - t) z~
(z~ = [z, 1]) is clipped to norm C, the clipped gradients are summed, N(0, sigma^2
C^2 I) is added and theta -= eta * sum / (q n). The model is mapped back to raw units
and attacked like the OLS model (its residual sigma on the training rows, the
training prior). Epsilon per sigma from dp-accounting's RdpAccountant (default
orders), improved and classic conversions.

Writes privacy_reference_curve.csv here and in the Swift fixtures.
"""
import importlib.metadata
import math
import os
import shutil

import numpy as np
from dp_accounting import dp_event
from dp_accounting.rdp import rdp_privacy_accountant as rdp

import privacy_common as pc

TRAIN_FRACTION, SEED, SENSITIVE = 0.5, 1, "sex"
SIGMAS = [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
Q, T, C, ETA, DELTA, SEEDS = 0.1, 1000, 1.0, 0.1, 1e-5, 400


def dp_sgd(Z, t, sigma, rng):
    n, d = Z.shape
    theta = np.zeros(d)
    for _ in range(T):
        take = rng.random(n) < Q
        Zb = Z[take]
        G = (Zb @ theta - t[take])[:, None] * Zb
        norms = np.linalg.norm(G, axis=1)
        G *= np.minimum(1.0, C / np.maximum(norms, 1e-300))[:, None]
        theta -= ETA * (G.sum(axis=0) + sigma * C * rng.standard_normal(d)) / (Q * n)
    return theta


def main():
    names, X, y = pc.load()
    k = names.index(SENSITIVE)
    train, test = pc.split(len(y), TRAIN_FRACTION, SEED)
    Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
    mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
    sd[sd == 0] = 1.0
    my, sy = ytr.mean(), ytr.std()
    Z = np.hstack([(Xtr - mu) / sd, np.ones((len(train), 1))])
    t = (ytr - my) / sy
    values, pi = pc.prior(Xtr[:, k])
    base_m = pc.baseline_accuracy(Xtr, k, values, pi)
    base_n = pc.baseline_accuracy(Xte, k, values, pi)
    rows = [
        "# numpy DP-SGD reference curve (reference_curve.py): diabetes.csv, train fraction 0.5, split seed 1,",
        "# q = %r, steps = %d, clip = %r, learning rate = %r, delta = %r, %d seeds of numpy PCG64" % (Q, T, C, ETA, DELTA, SEEDS),
        "# dp-accounting %s; member_baseline = %r; nonmember_baseline = %r"
        % (importlib.metadata.version("dp-accounting"), base_m, base_n),
        "sigma,epsilon_improved,epsilon_classic,member_accuracy,member_sd,nonmember_accuracy,nonmember_sd,test_rmse,test_rmse_sd",
    ]
    for sigma in SIGMAS:
        if sigma > 0:
            acc = rdp.RdpAccountant()
            acc.compose(dp_event.PoissonSampledDpEvent(Q, dp_event.GaussianDpEvent(sigma)), T)
            eps = acc.get_epsilon(DELTA)
            classic = min(r - math.log(DELTA) / (a - 1) for a, r in zip(rdp.DEFAULT_RDP_ORDERS, acc._rdp))
        else:
            eps = classic = math.inf
        am, an, rm = [], [], []
        for s in range(SEEDS):
            theta = dp_sgd(Z, t, sigma, np.random.default_rng(1000 + s))
            w = theta[:-1] / sd * sy
            beta = np.concatenate([[my + sy * (theta[-1] - np.dot(theta[:-1], mu / sd))], w])
            rs = pc.residual_sigma(beta, Xtr, ytr)
            am.append(pc.attack_accuracy(beta, Xtr, ytr, k, rs, values, pi))
            an.append(pc.attack_accuracy(beta, Xte, yte, k, rs, values, pi))
            rm.append(math.sqrt(np.mean((yte - pc.design(Xte) @ beta) ** 2)))
        row = [sigma, eps, classic, np.mean(am), np.std(am, ddof=1), np.mean(an), np.std(an, ddof=1),
               np.mean(rm), np.std(rm, ddof=1)]
        rows.append(",".join("inf" if math.isinf(v) else repr(float(v)) for v in row))
        print(rows[-1], flush=True)
    path = os.path.join(pc.HERE, "privacy_reference_curve.csv")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    if os.path.isdir(pc.FIXTURES):
        shutil.copy(path, os.path.join(pc.FIXTURES, "privacy_reference_curve.csv"))


if __name__ == "__main__":
    main()
