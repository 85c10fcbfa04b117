#!/usr/bin/python3
"""Reference figures for the classifiers in covertmark-analytics (org.covertmark.analytics.classify).

Runs with Debian's own interpreter and its scikit-learn (apt-get install -y python3-sklearn):

    /usr/bin/python3 tools/reference/classifier_reference.py

It writes, under covertmark-analytics/src/test/resources/:
  datasets/breast_cancer.csv        the Breast Cancer Wisconsin (Diagnostic) data set shipped inside
                                    scikit-learn, 569 rows x 30 features + target (0 malignant, 1 benign)
  classify/classifier_reference.json  one fixed 50/50 split (row indices), the StandardScaler fitted on its
                                    training half, and what scikit-learn's classifiers score on its test half

The Java tests read these files; nothing here runs at test time.

For SGDClassifier the fixture also records, per random_state, the 32-bit seed that scikit-learn's dense
SequentialDataset shuffles with (derived from random_state exactly as sklearn.linear_model._stochastic_gradient
.fit_binary derives it), so that a test can replay scikit-learn's own sample order and compare weights.
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RESOURCES = os.path.join(ROOT, "covertmark-analytics", "src", "test", "resources")
SPLIT_SEED = 42
SGD_SEEDS = list(range(20))
INT32_MAX = np.iinfo(np.int32).max
# The weak features used for the class-imbalance figures: with all 30 the classes barely overlap and the
# class weights hardly move the boundary.
WEAK_FEATURES = ["mean texture", "mean smoothness", "mean symmetry"]
MINORITY_FRACTION = 0.1
NOISE_COLUMNS = 20
NOISE_ALPHA = 0.05


def log_loss_name():
    # 'log' was renamed 'log_loss' in scikit-learn 1.1; 'log' is gone in 1.3.
    major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
    return "log_loss" if (major, minor) >= (1, 1) else "log"


def sgd_shuffle_seed(random_state):
    """The uint32 seed _plain_sgd passes to SequentialDataset.shuffle for a dense binary fit."""
    rs = np.random.RandomState(random_state)
    rs.randint(1, INT32_MAX)  # make_dataset's dataset seed (used only for random draws, not shuffling)
    return int(rs.randint(INT32_MAX))


def summary(values):
    values = np.asarray(values, dtype=float)
    return {"mean": float(values.mean()), "std": float(values.std()), "min": float(values.min()),
            "max": float(values.max())}


def export_csv(data, path):
    header = [name for name in data.feature_names] + ["target"]
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row, target in zip(data.data, data.target):
            f.write(",".join(repr(float(v)) for v in row) + "," + str(int(target)) + "\n")


def sgd_runs(loss, penalty, x_train, y_train, x_test, y_test, **extra):
    runs = []
    for seed in SGD_SEEDS:
        model = SGDClassifier(loss=loss, penalty=penalty, class_weight="balanced", random_state=seed, **extra)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x_train, y_train)
        runs.append({
            "random_state": seed,
            "shuffle_seed": sgd_shuffle_seed(seed),
            "accuracy": float(model.score(x_test, y_test)),
            "n_iter": int(model.n_iter_),
            "coef": [float(c) for c in model.coef_[0]],
            "intercept": float(model.intercept_[0]),
        })
    return {
        "params": {"loss": loss, "penalty": penalty, "class_weight": "balanced", "alpha": model.alpha,
                   "max_iter": model.max_iter, "tol": model.tol, "n_iter_no_change": model.n_iter_no_change,
                   "learning_rate": model.learning_rate, "fit_intercept": model.fit_intercept,
                   "shuffle": model.shuffle, "average": model.average, "early_stopping": model.early_stopping},
        "accuracy": summary([r["accuracy"] for r in runs]),
        "runs": runs,
    }


def main():
    data = load_breast_cancer()
    x, y = data.data, data.target
    os.makedirs(os.path.join(RESOURCES, "datasets"), exist_ok=True)
    os.makedirs(os.path.join(RESOURCES, "classify"), exist_ok=True)
    export_csv(data, os.path.join(RESOURCES, "datasets", "breast_cancer.csv"))

    train, test = train_test_split(np.arange(len(y)), train_size=0.5, random_state=SPLIT_SEED, shuffle=True)
    train, test = np.sort(train), np.sort(test)
    scaler = StandardScaler().fit(x[train])
    x_train, x_test = scaler.transform(x[train]), scaler.transform(x[test])
    y_train, y_test = y[train], y[test]

    hinge_l1 = sgd_runs("hinge", "l1", x_train, y_train, x_test, y_test)
    log_l2 = sgd_runs(log_loss_name(), "l2", x_train, y_train, x_test, y_test)

    default_lr = LogisticRegression().fit(x_train, y_train)
    exact_lr = LogisticRegression(solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(x_train, y_train)

    # Class imbalance: the weak features, only the first 10 % (by row index) of the malignant training rows.
    names = list(data.feature_names)
    weak = [names.index(n) for n in WEAK_FEATURES]
    malignant = train[y[train] == 0]
    kept = malignant[: int(len(malignant) * MINORITY_FRACTION)]
    sub = np.sort(np.concatenate([train[y[train] == 1], kept]))
    weak_scaler = StandardScaler().fit(x[sub][:, weak])
    a, b = weak_scaler.transform(x[sub][:, weak]), weak_scaler.transform(x[test][:, weak])
    recall = {}
    for weighting in (None, "balanced"):
        values = []
        for seed in SGD_SEEDS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = SGDClassifier(loss="hinge", penalty="l1", class_weight=weighting, random_state=seed).fit(
                    a, y[sub])
            predicted = model.predict(b)
            values.append(float(np.mean(predicted[y_test == 0] == 0)))
        recall["balanced" if weighting else "none"] = summary(values)

    # Useless features: 20 standard normal columns (numpy's own noise; the Java test draws its own).
    noise = np.random.RandomState(7).standard_normal((len(y), NOISE_COLUMNS))
    xn = np.hstack([x, noise])
    noise_scaler = StandardScaler().fit(xn[train])
    noisy = sgd_runs("hinge", "l1", noise_scaler.transform(xn[train]), y_train, noise_scaler.transform(xn[test]),
                     y_test, alpha=NOISE_ALPHA)
    noise_zeros = [sum(1 for c in r["coef"][30:] if c == 0.0) for r in noisy["runs"]]

    fixture = {
        "generated_by": "tools/reference/classifier_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__},
        "dataset": "datasets/breast_cancer.csv",
        "split": {"how": "train_test_split(arange(569), train_size=0.5, random_state=42, shuffle=True), sorted",
                  "train": [int(i) for i in train], "test": [int(i) for i in test]},
        "scaler": {"mean": [float(v) for v in scaler.mean_], "scale": [float(v) for v in scaler.scale_],
                   "numpy_mean": [float(v) for v in np.mean(x[train], axis=0)],
                   "numpy_std": [float(v) for v in np.std(x[train], axis=0)]},
        "sgd_hinge_l1_balanced": hinge_l1,
        "sgd_log_l2_balanced": log_l2,
        "logistic_regression": {
            "default": {"params": "LogisticRegression() (lbfgs, C=1.0, tol=1e-4, max_iter=100)",
                        "accuracy": float(default_lr.score(x_test, y_test)), "n_iter": int(default_lr.n_iter_[0]),
                        "coef": [float(c) for c in default_lr.coef_[0]],
                        "intercept": float(default_lr.intercept_[0])},
            "exact": {"params": "LogisticRegression(solver='newton-cholesky', tol=1e-12, max_iter=1000)",
                      "accuracy": float(exact_lr.score(x_test, y_test)),
                      "coef": [float(c) for c in exact_lr.coef_[0]], "intercept": float(exact_lr.intercept_[0])},
        },
        "imbalanced": {"features": WEAK_FEATURES, "minority": "malignant (0)",
                       "kept_minority_training_rows": [int(i) for i in kept],
                       "model": "SGDClassifier(loss='hinge', penalty='l1', random_state=0..19)",
                       "minority_recall": recall},
        "noise": {"columns": NOISE_COLUMNS, "alpha": NOISE_ALPHA,
                  "model": "SGDClassifier(loss='hinge', penalty='l1', class_weight='balanced', alpha=0.05)",
                  "accuracy": noisy["accuracy"], "zero_noise_weights": summary(noise_zeros),
                  "zero_noise_weights_per_run": noise_zeros},
    }
    with open(os.path.join(RESOURCES, "classify", "classifier_reference.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")

    print("sklearn", sklearn.__version__, "split", len(train), "/", len(test))
    for name, block in (("hinge+l1", hinge_l1), ("log+l2", log_l2)):
        print(name, block["accuracy"], "n_iter", [r["n_iter"] for r in block["runs"]])
    print("logistic default", fixture["logistic_regression"]["default"]["accuracy"],
          "exact", fixture["logistic_regression"]["exact"]["accuracy"])
    print("imbalanced minority recall", recall)
    print("noise", noisy["accuracy"], "zero noise weights", noise_zeros)


if __name__ == "__main__":
    main()
