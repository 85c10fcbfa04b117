package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Trains L2-regularised logistic regression, minimising ½‖w‖² + C·Σ sᵢ·log(1 + e^(−yᵢ(w·xᵢ + b))) with the
 * intercept b unpenalised and sᵢ the class weight of row i: the objective of scikit-learn's
 * {@code LogisticRegression()} (C = 1, L2).
 *
 * <p>It is solved by Newton's method with a backtracking line search, a deterministic batch method that reaches
 * the minimum to round-off in a few iterations; scikit-learn's default lbfgs stops earlier (tol 1e-4, 100
 * iterations), so its coefficients agree with these to a few decimals and its predictions almost always.
 *
 * @param c            inverse regularisation strength; larger fits the training data more closely
 * @param classWeight  how much each class's rows count
 * @param fitIntercept whether to learn b (otherwise b = 0)
 * @param maxIter      the most Newton iterations
 * @param tol          stop once no coefficient moves by more than this in one iteration
 */
@API(status = MAINTAINED, since = "0.1")
public record LogisticRegression(double c, ClassWeight classWeight, boolean fitIntercept, int maxIter, double tol)
        implements ClassifierTrainer {

    public LogisticRegression {
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("C must be positive and finite: " + c);
        }
        Objects.requireNonNull(classWeight, "classWeight");
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be at least 1: " + maxIter);
        }
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("tol must be non-negative: " + tol);
        }
    }

    /** C = 1, no class weights, with an intercept: scikit-learn's defaults. */
    public static LogisticRegression defaults() {
        return new LogisticRegression(1.0, ClassWeight.NONE, true, 100, 1e-10);
    }

    public LogisticRegression withC(double c) {
        return new LogisticRegression(c, classWeight, fitIntercept, maxIter, tol);
    }

    public LogisticRegression withClassWeight(ClassWeight classWeight) {
        return new LogisticRegression(c, classWeight, fitIntercept, maxIter, tol);
    }

    @Override
    public LinearClassifier train(double[][] x, boolean[] labels) {
        int d = ClassWeight.check(x, labels);
        int n = x.length;
        int m = fitIntercept ? d + 1 : d;
        double[] classWeights = classWeight.of(labels);
        double[] rowWeight = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] ? 1.0 : -1.0;
            rowWeight[i] = c * classWeights[labels[i] ? 1 : 0];
        }
        double[] theta = new double[m];
        double[] gradient = new double[m];
        double[][] hessian = new double[m][m];
        double objective = objective(x, y, rowWeight, theta, d);
        for (int iteration = 0; iteration < maxIter; iteration++) {
            derivatives(x, y, rowWeight, theta, d, gradient, hessian);
            double[] step = solve(hessian, gradient);
            double slope = 0;
            for (int k = 0; k < m; k++) {
                slope -= gradient[k] * step[k];
            }
            // Near the minimum a Newton step lowers the objective by less than its rounding error; the allowance
            // keeps the line search from rejecting those last, most accurate steps.
            double allowance = 1e-12 * Math.max(1.0, Math.abs(objective));
            double size = 1.0;
            double[] next = new double[m];
            double nextObjective;
            while (true) {
                for (int k = 0; k < m; k++) {
                    next[k] = theta[k] - size * step[k];
                }
                nextObjective = objective(x, y, rowWeight, next, d);
                if (nextObjective <= objective + 1e-4 * size * slope + allowance || size < 1e-10) {
                    break;
                }
                size /= 2;
            }
            double largestMove = 0;
            for (int k = 0; k < m; k++) {
                largestMove = Math.max(largestMove, Math.abs(next[k] - theta[k]));
            }
            theta = next;
            objective = nextObjective;
            if (largestMove <= tol) {
                break;
            }
        }
        double[] w = new double[d];
        System.arraycopy(theta, 0, w, 0, d);
        return LinearClassifier.of(w, fitIntercept ? theta[d] : 0.0);
    }

    private static double score(double[] row, double[] theta, int d) {
        double z = theta.length > d ? theta[d] : 0.0;
        for (int j = 0; j < d; j++) {
            z += theta[j] * row[j];
        }
        return z;
    }

    private static double objective(double[][] x, double[] y, double[] rowWeight, double[] theta, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += 0.5 * theta[j] * theta[j];
        }
        for (int i = 0; i < x.length; i++) {
            double margin = y[i] * score(x[i], theta, d);
            double logLoss = margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
            sum += rowWeight[i] * logLoss;
        }
        return sum;
    }

    private static void derivatives(double[][] x, double[] y, double[] rowWeight, double[] theta, int d,
                                    double[] gradient, double[][] hessian) {
        int m = theta.length;
        for (int k = 0; k < m; k++) {
            gradient[k] = k < d ? theta[k] : 0.0;
            Arrays.fill(hessian[k], 0.0);
            if (k < d) {
                hessian[k][k] = 1.0;
            }
        }
        for (int i = 0; i < x.length; i++) {
            double margin = y[i] * score(x[i], theta, d);
            double wrong = 1.0 / (1.0 + Math.exp(margin));   // σ(−margin): the probability of the other class
            double g = -rowWeight[i] * y[i] * wrong;
            double h = rowWeight[i] * wrong * (1.0 - wrong);
            double[] row = x[i];
            for (int a = 0; a < m; a++) {
                double xa = a < d ? row[a] : 1.0;
                gradient[a] += g * xa;
                for (int b = 0; b <= a; b++) {
                    hessian[a][b] += h * xa * (b < d ? row[b] : 1.0);
                }
            }
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < a; b++) {
                hessian[b][a] = hessian[a][b];
            }
        }
    }

    /**
     * Solves H·s = g by Cholesky factorisation. H is positive definite (the identity from the penalty on the
     * weights, a positive sum on the intercept); a tiny ridge covers an intercept whose curvature vanished.
     */
    private static double[] solve(double[][] h, double[] g) {
        int m = g.length;
        double[][] l = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = h[a][b];
                for (int k = 0; k < b; k++) {
                    sum -= l[a][k] * l[b][k];
                }
                if (a == b) {
                    l[a][a] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[a][b] = sum / l[b][b];
                }
            }
        }
        double[] s = new double[m];
        for (int a = 0; a < m; a++) {
            double sum = g[a];
            for (int k = 0; k < a; k++) {
                sum -= l[a][k] * s[k];
            }
            s[a] = sum / l[a][a];
        }
        for (int a = m - 1; a >= 0; a--) {
            double sum = s[a];
            for (int k = a + 1; k < m; k++) {
                sum -= l[k][a] * s[k];
            }
            s[a] = sum / l[a][a];
        }
        return s;
    }
}
