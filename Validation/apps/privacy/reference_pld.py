#!/usr/bin/env python3
"""Reference PLD epsilons of the Poisson-sampled Gaussian mechanism from Google's
dp-accounting package (pip install dp-accounting; run here with 0.6.0), held out for the
Swift PLD accountant's tests (shared/spec/apps.md section 10: "the improved conversion
and PLD must give a smaller epsilon").

For each (q, sigma, T, delta) setting of privacy_reference_epsilons.csv a PLDAccountant
(default: add-or-remove-one relation, pessimistic connect-the-dots discretization,
value_discretization_interval 1e-4) composes PoissonSampledDpEvent(q, GaussianDpEvent(sigma))
T times and get_epsilon(delta) is written to privacy_reference_pld.csv, next to this script
and in the Swift test fixtures. Settings dp-accounting cannot finish within 120 s on one
core are left out (their row says so).
"""
import csv
import importlib.metadata
import os
import shutil
import time

import dp_accounting
from dp_accounting.pld import pld_privacy_accountant as pld

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "Tests", "InversionExamplesTests", "Fixtures")


def main():
    with open(os.path.join(HERE, "privacy_reference_epsilons.csv")) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))][1:]
    version = importlib.metadata.version("dp-accounting")
    out = [f"# dp-accounting {version} PLDAccountant (connect the dots, value_discretization_interval 1e-4); "
           "T-fold PoissonSampledDpEvent(q, GaussianDpEvent(sigma))",
           "# produced by Validation/apps/privacy/reference_pld.py",
           "setting,q,sigma,steps,delta,epsilon_pld,seconds"]
    for r in rows:
        setting, q, sigma, steps, delta = int(r[0]), float(r[1]), float(r[2]), int(r[3]), float(r[4])
        if setting in (8,):  # sigma = 0.5, q = 0.1, T = 1000: epsilon in the hundreds, grid too long
            continue
        start = time.time()
        accountant = pld.PLDAccountant(value_discretization_interval=1e-4)
        event = dp_accounting.SelfComposedDpEvent(
            dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(sigma)), steps)
        accountant.compose(event)
        eps = accountant.get_epsilon(delta)
        out.append(f"{setting},{r[1]},{r[2]},{steps},{r[4]},{eps!r},{time.time() - start:.1f}")
        print(out[-1], flush=True)
    text = "\n".join(out) + "\n"
    for path in (os.path.join(HERE, "privacy_reference_pld.csv"), os.path.join(FIXTURES, "privacy_reference_pld.csv")):
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
