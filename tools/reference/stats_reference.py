#!/usr/bin/env python3
"""Reference values for the statistics of covertmark-analytics, computed with scipy.

Writes JSON fixtures to covertmark-analytics/src/test/resources/reference/. Every
dataset is written out with its expected values, so the Java tests never need
numpy or scipy. Datasets come from numpy's default_rng with the fixed seeds below
and from reference/english.txt (plain English prose, read as UTF-8 bytes).

Run from anywhere with the versions the fixtures were made with:

    python3 tools/reference/stats_reference.py        # numpy 2.4, scipy 1.17.1

What is computed where:
  ks_2samp.json         scipy.stats.ks_2samp, method 'exact' / 'asymp' / 'auto'; and
                        the formula of scipy <= 1.2 (the original CovertMark's):
                        kstwobign.sf((en + 0.12 + 0.11/en) * D), en = sqrt(n*m/(n+m)).
  ks_pvalues.json       the same p-values for given (D, n, m), without data:
                        scipy.stats._stats_py._attempt_exact_2kssamp (what ks_2samp calls
                        for 'exact'), kstwo.sf(D, round(n*m/(n+m))) (what it calls for
                        'asymp'), and the Stephens formula.
  kstwo.json            scipy.stats.kstwo.sf(x, n) and kstwobign.sf(x) on a grid that
                        reaches every branch of scipy's _kolmogn.
  anderson_ksamp.json   scipy.stats.anderson_ksamp(samples) (midrank): statistic,
                        critical values, p-value; includes the two examples of its
                        scipy 1.17.1 docstring with the docstring's printed values.
  chisquare.json        scipy.stats.chisquare(byte counts) against uniform.
  entropy.json          scipy.stats.entropy(counts, base=2) of whole payloads and of
                        their blocks; the mean distinct-byte share over sliding
                        windows (entropy_est), by a direct loop over every window.
"""

import json
import math
import pathlib
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.stats import _stats_py

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "covertmark-analytics" / "src" / "test" / "resources" / "reference"
TEXT = (OUT / "english.txt").read_bytes()

VERSIONS = {"scipy": scipy.__version__, "numpy": np.__version__}


def num(x):
    """A float for JSON; NaN and infinities as strings (JSON has no literal for them)."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def ints(a):
    return [int(v) for v in a]


def floats(a):
    return [float(v) for v in a]


def text_bytes(offset, length):
    """length bytes of the text starting at offset, wrapping around."""
    doubled = TEXT + TEXT
    offset %= len(TEXT)
    return np.frombuffer(doubled[offset:offset + length], dtype=np.uint8)


def random_bytes(seed, length):
    return np.random.default_rng(seed).integers(0, 256, size=length, dtype=np.uint8)


def entropy_bits(data):
    counts = np.bincount(np.asarray(data, dtype=np.int64), minlength=256)
    return float(stats.entropy(counts, base=2))


def block_entropies(data, block):
    data = np.asarray(data)
    blocks = len(data) // block
    return [entropy_bits(data[i * block:(i + 1) * block]) for i in range(blocks)]


# --------------------------------------------------------------------------- KS

def stephens(d, n, m):
    en = math.sqrt(n * m / (n + m))
    return float(stats.kstwobign.sf((en + 0.12 + 0.11 / en) * d))


def ks_run(x, y, method):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = stats.ks_2samp(x, y, method=method)
    fell_back = any("Switching to" in str(w.message) for w in caught)
    return r, fell_back


def ks_case(name, x, y, integer=False):
    n, m = len(x), len(y)
    exact, exact_fell_back = ks_run(x, y, "exact")
    asymp, _ = ks_run(x, y, "asymp")
    auto, auto_fell_back = ks_run(x, y, "auto")
    if max(n, m) <= 10000 and not auto_fell_back:
        auto_method = "EXACT"
    else:
        auto_method = "ASYMPTOTIC"
    return {
        "name": name,
        "x": ints(x) if integer else floats(x),
        "y": ints(y) if integer else floats(y),
        "statistic": num(asymp.statistic),
        "exact": {"pValue": num(exact.pvalue), "method": "ASYMPTOTIC" if exact_fell_back else "EXACT"},
        "asymptotic": {"pValue": num(asymp.pvalue)},
        "stephens": {"pValue": num(stephens(float(asymp.statistic), n, m))},
        "auto": {"pValue": num(auto.pvalue), "method": auto_method},
    }


def ks_fixture():
    rng = np.random.default_rng(20240611)
    cases = []
    cases.append(ks_case("bytes: uniform 1450 vs uniform 1450 (ties)",
                         random_bytes(1, 1450), random_bytes(2, 1450), integer=True))
    cases.append(ks_case("bytes: English text 1450 vs uniform 1450",
                         text_bytes(0, 1450), random_bytes(3, 1450), integer=True))
    cases.append(ks_case("bytes: unequal sizes 300 vs 220, both uniform",
                         random_bytes(4, 300), random_bytes(5, 220), integer=True))
    cases.append(ks_case("bytes: short text 40 vs uniform 40",
                         text_bytes(1000, 40), random_bytes(6, 40), integer=True))
    cases.append(ks_case("small integers with many ties, 5 vs 7",
                         [1, 2, 2, 3, 5], [2, 2, 3, 3, 4, 6, 6], integer=True))
    same = rng.normal(size=50)
    cases.append(ks_case("identical samples", same, same.copy()))
    cases.append(ks_case("clearly different: N(0,1) 100 vs N(2,1) 120",
                         rng.normal(size=100), rng.normal(loc=2, size=120)))
    cases.append(ks_case("same distribution, unequal sizes 100 vs 37",
                         rng.normal(size=100), rng.normal(size=37)))
    cases.append(ks_case("block entropies: 16 vs 16 blocks of 16 bytes, random vs random",
                         block_entropies(random_bytes(7, 256), 16), block_entropies(random_bytes(8, 256), 16)))
    cases.append(ks_case("block entropies: 16 vs 16 blocks of 16 bytes, text vs random",
                         block_entropies(text_bytes(300, 256), 16), block_entropies(random_bytes(9, 256), 16)))
    cases.append(ks_case("block entropies: 90 vs 90 blocks of 16 bytes, random vs random",
                         block_entropies(random_bytes(10, 1450), 16), block_entropies(random_bytes(11, 1450), 16)))
    cases.append(ks_case("one value each", [1.0], [2.0]))
    cases.append(ks_case("large: auto uses the asymptotic distribution, 10001 vs 9000 (integers, ties)",
                         np.round(rng.normal(size=10001) * 100), np.round(rng.normal(loc=0.03, size=9000) * 100),
                         integer=True))
    return {"versions": VERSIONS, "cases": cases}


def ks_pvalues_fixture():
    rows = []
    sizes = [(1, 1), (2, 3), (5, 5), (7, 5), (16, 16), (10, 16), (40, 40), (90, 90), (100, 37), (181, 181),
             (300, 220), (725, 725), (1450, 1450), (1450, 1449), (2000, 64), (12000, 11000)]
    for n, m in sizes:
        g = math.gcd(n, m)
        lcm = n // g * m
        hs = sorted({1, max(1, lcm // 100), max(1, lcm // 20), max(1, lcm // 10), max(1, lcm // 6),
                     max(1, lcm // 4), max(1, lcm // 3), lcm // 2 if lcm >= 2 else 1, lcm})
        for h in hs:
            d = h / lcm
            if max(n, m) <= 10000:  # where ks_2samp's 'auto' would be exact
                ok, _, p_exact = _stats_py._attempt_exact_2kssamp(n, m, g, d, "two-sided")
            else:
                ok, p_exact = False, float("nan")
            en = m * n / (m + n) if m >= n else n * m / (n + m)
            k = np.round(en)
            p_asymp = float(np.clip(stats.kstwo.sf(d, k), 0, 1)) if k >= 1 else float("nan")
            rows.append({"n": n, "m": m, "d": d,
                         "exact": num(p_exact) if ok else None,
                         "asymptotic": num(p_asymp),
                         "stephens": num(stephens(d, n, m))})
    return {"versions": VERSIONS, "rows": rows}


def kstwo_fixture():
    rows = []
    ns = [1, 2, 3, 5, 8, 10, 16, 20, 37, 50, 90, 140, 141, 181, 500, 725, 1000, 5739, 100001]
    fractions = [0.001, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.6, 0.75, 0.9, 0.99]
    for n in ns:
        xs = set(fractions)
        # points near the branch boundaries of _kolmogn: t = n x in {0.5, 1, n-1}, n x^2 in {0.754693, 2.2, 4, 18}
        for t in (0.5, 0.75, 1.0, 1.5, n - 1.0, n - 0.5):
            if 0 < t / n < 1:
                xs.add(t / n)
        for nxx in (0.3, 0.754693, 1.0, 2.2, 3.0, 4.0, 10.0, 18.0, 50.0):
            x = math.sqrt(nxx / n)
            if x < 1:
                xs.add(x)
        for x in sorted(xs):
            rows.append({"n": n, "x": x, "sf": num(stats.kstwo.sf(x, n))})
    big = []
    for x in [0.01, 0.03, 0.04, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.82, 0.83, 1.0, 1.2, 1.36, 1.5, 2.0, 3.0, 5.0, 10.0]:
        big.append({"x": x, "sf": num(stats.kstwobign.sf(x))})
    return {"versions": VERSIONS, "kstwo": rows, "kstwobign": big}


# --------------------------------------------------------------------------- AD

def ad_case(name, samples, integer=False, doc=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = stats.anderson_ksamp(samples, midrank=True)
    case = {
        "name": name,
        "samples": [ints(s) if integer else floats(s) for s in samples],
        "statistic": num(r.statistic),
        "criticalValues": floats(r.critical_values),
        "pValue": num(r.pvalue),
    }
    if doc is not None:
        case["docstring"] = doc
    return case


def ad_fixture():
    cases = []
    # The examples of the scipy 1.17.1 docstring of anderson_ksamp, drawn in the same order from the same rng.
    rng = np.random.default_rng(44925884305279435)
    two = [rng.normal(size=50), rng.normal(loc=0.5, size=30)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        midrank = stats.anderson_ksamp(two, variant="midrank")
    assert math.isclose(midrank.statistic, 3.4444310693448936, rel_tol=1e-12), midrank
    assert math.isclose(midrank.pvalue, 0.013106682406720973, rel_tol=1e-12), midrank
    cases.append(ad_case("scipy 1.17.1 docstring example: two normal samples, shifted", two,
                         doc={"statistic": 3.4444310693448936, "pValue": 0.013106682406720973}))
    three = [rng.normal(size=50), rng.normal(size=30), rng.normal(size=20)]
    # The docstring prints this example with variant='continuous'; check that the data are reproduced by
    # reproducing that output, and keep the midrank values (what the Java class computes) as the fixture.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        continuous = stats.anderson_ksamp(three, variant="continuous")
    assert math.isclose(continuous.statistic, -0.6309662273193832, rel_tol=1e-12), continuous
    assert continuous.pvalue == 0.25, continuous
    cases.append(ad_case("scipy 1.17.1 docstring example: three normal samples (midrank; the docstring's"
                         " continuous-variant output is reproduced by the script)", three))

    rng = np.random.default_rng(7021)
    cases.append(ad_case("bytes with ties: uniform 200 vs uniform 150",
                         [random_bytes(21, 200), random_bytes(22, 150)], integer=True))
    cases.append(ad_case("bytes: English text 300 vs uniform 300",
                         [text_bytes(50, 300), random_bytes(23, 300)], integer=True))
    cases.append(ad_case("block entropies: 16 vs 16, random vs random",
                         [block_entropies(random_bytes(24, 256), 16), block_entropies(random_bytes(25, 256), 16)]))
    cases.append(ad_case("block entropies: 16 vs 16, text vs random",
                         [block_entropies(text_bytes(2000, 256), 16), block_entropies(random_bytes(26, 256), 16)]))
    cases.append(ad_case("block entropies: 90 vs 90 of 1450 bytes, random vs random",
                         [block_entropies(random_bytes(27, 1450), 16), block_entropies(random_bytes(28, 1450), 16)]))
    cases.append(ad_case("block entropies: 181 vs 181 blocks of 8 bytes, text vs random",
                         [block_entropies(text_bytes(4000, 1450), 8), block_entropies(random_bytes(29, 1450), 8)]))
    cases.append(ad_case("k = 3 small integers with ties",
                         [rng.integers(0, 6, size=20), rng.integers(0, 6, size=25), rng.integers(1, 7, size=15)],
                         integer=True))
    cases.append(ad_case("k = 3 continuous, unequal sizes",
                         [rng.normal(size=40), rng.normal(scale=1.5, size=33), rng.normal(loc=0.3, size=27)]))
    x = rng.normal(size=30)
    cases.append(ad_case("identical samples", [x, x.copy()]))
    cases.append(ad_case("clearly different: p-value floored at 0.001",
                         [rng.normal(size=60), rng.normal(loc=3, size=60)]))
    # Shifts chosen so that the statistic falls below, between and above the critical values.
    for shift in (0.35, 0.5, 0.6, 0.75):
        cases.append(ad_case(f"shifted normal samples: N(0,1) 40 vs N({shift},1) 40",
                             [np.random.default_rng(99).normal(size=40),
                              np.random.default_rng(100).normal(loc=shift, size=40)]))
    cases.append(ad_case("smallest computable: two samples of two", [[1.0, 2.0], [2.0, 3.0]]))
    return {"versions": VERSIONS, "cases": cases}


# --------------------------------------------------------------------------- chi-square

def chi_case(name, data):
    counts = np.bincount(np.asarray(data, dtype=np.int64), minlength=256)
    r = stats.chisquare(counts)
    return {"name": name, "bytes": ints(data), "statistic": num(r.statistic), "pValue": num(r.pvalue)}


def chi_fixture():
    cases = [
        chi_case("uniform random 1450 bytes", random_bytes(31, 1450)),
        chi_case("uniform random 20000 bytes", random_bytes(32, 20000)),
        chi_case("English text 1450 bytes", text_bytes(100, 1450)),
        chi_case("all 256 values once", np.arange(256)),
        chi_case("ten bytes", [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]),
        chi_case("constant 100 bytes", [65] * 100),
    ]
    return {"versions": VERSIONS, "cases": cases}


# --------------------------------------------------------------------------- entropy

def mean_distinct_fraction(data, window):
    data = bytes(bytearray(int(v) for v in data))
    if len(data) < window:
        return float("nan")
    windows = len(data) - window + 1
    return sum(len(set(data[i:i + window])) for i in range(windows)) / (windows * window)


def entropy_fixture():
    payloads = [
        ("uniform random 1450 bytes", random_bytes(41, 1450)),
        ("English text 1450 bytes", text_bytes(700, 1450)),
        ("uniform random 100 bytes", random_bytes(42, 100)),
        ("English text 333 bytes", text_bytes(5000, 333)),
    ]
    cases = []
    for name, data in payloads:
        blocks = {str(b): block_entropies(data, b) for b in (8, 16, 32, 64) if len(data) >= b}
        windows = {str(w): num(mean_distinct_fraction(data, w)) for w in (32, 64, 96)}
        cases.append({"name": name, "bytes": ints(data), "entropy": entropy_bits(data),
                      "blockEntropies": blocks, "meanDistinctFraction": windows})
    return {"versions": VERSIONS, "cases": cases}


def write(name, payload):
    path = OUT / name
    with open(path, "w", encoding="utf-8") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path.relative_to(ROOT)}")


def main():
    write("ks_2samp.json", ks_fixture())
    write("ks_pvalues.json", ks_pvalues_fixture())
    write("kstwo.json", kstwo_fixture())
    write("anderson_ksamp.json", ad_fixture())
    write("chisquare.json", chi_fixture())
    write("entropy.json", entropy_fixture())


if __name__ == "__main__":
    main()
