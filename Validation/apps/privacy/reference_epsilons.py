#!/usr/bin/env python3
"""Reference (epsilon, delta) values of the Poisson-sampled Gaussian mechanism from
Google's dp-accounting package (pip install dp-accounting; run here with 0.6.0),
held out for the Swift accountant's tests (shared/spec/apps.md section 10).

For each (q, sigma, T, delta) setting an RdpAccountant with the default orders
(1.1 ... 10.9 by 0.1, 11 ... 63, 128, 256, 512, 1024, the spec's list) composes
PoissonSampledDpEvent(q, GaussianDpEvent(sigma)) T times. Written:

  privacy_reference_epsilons.csv  per setting: the improved conversion's epsilon
      and optimal order (dp-accounting's get_epsilon_and_optimal_order), and the
      classic conversion min_a RDP(a) + log(1/delta)/(a - 1) applied to the
      accountant's own RDP vector (dp-accounting no longer ships the classic one).
  privacy_reference_rdp.csv       the accountant's RDP vector per setting and order
      (inf where dp-accounting's fractional series did not converge).

Both are written next to this script and copied to the Swift test fixtures.
"""
import importlib.metadata
import math
import os
import shutil

import numpy as np
from dp_accounting import dp_event
from dp_accounting.rdp import rdp_privacy_accountant as rdp

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "Tests", "InversionExamplesTests", "Fixtures")

# (q, sigma, T, delta). The first three are the published cases; the next five the
# app's default curve (q = 0.1, T = 1000); then small/large q, one step, q = 1, a
# case where dp-accounting's fractional series fails to converge at low orders
# (sigma = 0.5), and one where the KL bound gives epsilon = 0.
SETTINGS = [
    (0.01, 4.0, 10000, 1e-5),              # Abadi et al. 2016
    (256 / 60000, 1.12, 14063, 1e-5),      # TF-Privacy MNIST, 60 epochs
    (256 / 60000, 1.2, 2344, 1e-5),        # TF-Privacy MNIST, 10 epochs
    (0.1, 1.0, 1000, 1e-5),
    (0.1, 2.0, 1000, 1e-5),
    (0.1, 4.0, 1000, 1e-5),
    (0.1, 8.0, 1000, 1e-5),
    (0.1, 16.0, 1000, 1e-5),
    (0.1, 0.5, 1000, 1e-5),
    (0.05, 2.0, 500, 1e-6),
    (0.001, 0.8, 100000, 1e-7),
    (0.5, 10.0, 50, 1e-3),
    (1.0, 5.0, 10, 1e-5),
    (0.02, 1.5, 1, 1e-5),
    (0.3, 3.0, 7, 1e-4),
    (0.01, 100.0, 1, 0.1),
]


def main():
    orders = rdp.DEFAULT_RDP_ORDERS
    version = importlib.metadata.version("dp-accounting")
    eps_rows = ["# dp-accounting %s RdpAccountant, default orders; T-fold PoissonSampledDpEvent(q, GaussianDpEvent(sigma))"
                % version,
                "# produced by Validation/apps/privacy/reference_epsilons.py",
                "setting,q,sigma,steps,delta,epsilon_improved,order_improved,epsilon_classic,order_classic"]
    rdp_rows = ["# dp-accounting RdpAccountant RDP vectors (inf: series not converged); reference_epsilons.py",
                "setting,order,rdp"]
    for k, (q, sigma, steps, delta) in enumerate(SETTINGS):
        acc = rdp.RdpAccountant(orders)
        acc.compose(dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(sigma)), steps)
        eps, order = acc.get_epsilon_and_optimal_order(delta)
        vec = np.asarray(acc._rdp, dtype=float)
        classic = [r - math.log(delta) / (a - 1) for a, r in zip(orders, vec)]
        j = int(np.argmin(classic))
        eps_rows.append(",".join([str(k), repr(q), repr(sigma), str(steps), repr(delta),
                                  repr(float(eps)), repr(float(order)),
                                  repr(float(max(0.0, classic[j]))), repr(float(orders[j]))]))
        for a, r in zip(orders, vec):
            rdp_rows.append("%d,%r,%s" % (k, float(a), "inf" if math.isinf(r) else repr(float(r))))
        print(k, q, sigma, steps, delta, float(eps), float(order), classic[j], orders[j])
    for name, rows in [("privacy_reference_epsilons.csv", eps_rows), ("privacy_reference_rdp.csv", rdp_rows)]:
        path = os.path.join(HERE, name)
        with open(path, "w") as f:
            f.write("\n".join(rows) + "\n")
        if os.path.isdir(FIXTURES):
            shutil.copy(path, os.path.join(FIXTURES, name))


if __name__ == "__main__":
    main()
