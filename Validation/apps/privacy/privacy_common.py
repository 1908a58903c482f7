"""Shared pieces of the privacy example's reference scripts (numpy only).

The algorithm is the one `feinvert app privacy` runs (Sources/PrivacyExamples/Privacy):
written again here, independently, from the description in README.md.
"""
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "Tests", "InversionExamplesTests", "Fixtures")
MASK = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea & Flood (2014); the same integers as FECommon's SplitMix64."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def load(path=os.path.join(HERE, "diabetes.csv"), target="progression"):
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    header = lines[0].split(",")
    data = np.array([[float(c) for c in l.split(",")] for l in lines[1:]])
    k = header.index(target)
    names = [h for h in header if h != target]
    X = np.delete(data, k, axis=1)
    return names, X, data[:, k]


def split(n, train_fraction, seed):
    """Fisher-Yates with SplitMix64 (j = next() mod (i + 1)); train = the first
    round(f n) of the permutation, both parts in ascending row order."""
    g = SplitMix64(seed)
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = g.next() % (i + 1)
        p[i], p[j] = p[j], p[i]
    n_train = int(math.floor(train_fraction * n + 0.5))
    return np.array(sorted(p[:n_train])), np.array(sorted(p[n_train:]))


def design(X):
    return np.hstack([np.ones((len(X), 1)), X])


def residual_sigma(beta, X, y):
    """sqrt(RSS / (n - parameters)) on the training rows: the residual the attacker is given."""
    r = y - design(X) @ beta
    return math.sqrt(float(r @ r) / (len(y) - len(beta)))


def prior(s):
    values = sorted(set(s.tolist()))
    return values, np.array([np.mean(s == v) for v in values])


def attack_accuracy(beta, X, y, k, sigma, values, pi):
    """Fredrikson et al. (2014): argmax_s log pi(s) - (y - f(x_-s, s))^2 / (2 sigma^2);
    ties go to the first (smallest) value."""
    scores = []
    for v, p in zip(values, pi):
        Z = X.copy()
        Z[:, k] = v
        r = y - design(Z) @ beta
        scores.append((math.log(p) if p > 0 else -math.inf) - r * r / (2 * sigma * sigma))
    guess = np.array(values)[np.argmax(np.array(scores), axis=0)]
    return float(np.mean(guess == X[:, k]))


def baseline_accuracy(X, k, values, pi):
    majority = values[int(np.argmax(pi))]
    return float(np.mean(X[:, k] == majority))
