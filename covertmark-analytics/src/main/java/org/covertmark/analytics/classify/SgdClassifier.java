package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Trains a linear model by plain stochastic gradient descent, step for step as scikit-learn's
 * {@code SGDClassifier} does on dense data. Checked against scikit-learn 1.2.1: replaying its sample order gives
 * its weights bit for bit (hinge) or to round-off (logistic), and its epoch count.
 *
 * <p>Reproduced:
 * <ul>
 *   <li>hinge (threshold 1) or logistic loss, the loss derivative clipped to ±1e12;</li>
 *   <li>learning rate 'optimal': η = 1/(α·(t₀ + t − 1)) at step t, t₀ = 1/(η₀·α) by Bottou's heuristic, where
 *       η₀ = w̄ / max(1, loss′(−w̄, 1)) and w̄ = √(1/√α) is a typical weight;</li>
 *   <li>L2: the weights shrink by 1 − ηα before each step, kept as a scale factor folded back below 1e-9;</li>
 *   <li>L1: after each step, the cumulative truncated penalty of Tsuruoka, Tsujii and Ananiadou (2009), which
 *       leaves weights at exactly 0;</li>
 *   <li>an unregularised intercept moved by the full step (scikit-learn's intercept decay is 1 for dense input);</li>
 *   <li>class weights multiplying each step;</li>
 *   <li>the stopping rule: after each epoch, if the summed unweighted loss is not below the best so far minus
 *       {@code tol}·n, a no-improvement count goes up (otherwise it resets); training stops when the count reaches
 *       {@code nIterNoChange}, or after {@code maxIter} epochs. {@code tol = -∞} turns the rule off, giving a
 *       fixed number of epochs, as scikit-learn 0.19 and 0.20 did by default ({@code max_iter=None, tol=None}:
 *       5 epochs).</li>
 * </ul>
 *
 * <p>Different: each epoch reshuffles the current order by Fisher–Yates driven by a {@link SplittableRandom}
 * seeded with {@link Builder#seed}, not by scikit-learn's xorshift generator, so seed s gives a different (equally
 * good, reproducible) model than {@code random_state=s}. Not provided: averaging, early stopping on a validation
 * set, sample weights, elastic net, learning-rate schedules other than 'optimal'.
 *
 * <p>Immutable: the same data and seed always give an identical model.
 */
@API(status = MAINTAINED, since = "0.1")
public final class SgdClassifier implements ClassifierTrainer {

    /** The loss minimised, on labels ±1 and the score p. */
    @API(status = MAINTAINED, since = "0.1")
    public enum Loss {
        /** max(0, 1 − yp): a linear SVM; scikit-learn's 'hinge'. */
        HINGE,
        /** log(1 + e^(−yp)): logistic regression; scikit-learn's 'log_loss' (formerly 'log'). */
        LOG
    }

    /** The regulariser on the weights (never on the intercept). */
    @API(status = MAINTAINED, since = "0.1")
    public enum Penalty { NONE, L1, L2 }

    /** A trained model and how training ended. */
    @API(status = MAINTAINED, since = "0.1")
    public record Fit(LinearClassifier model, int epochs, boolean converged) {
    }

    private static final double MAX_DLOSS = 1e12;
    private static final double MIN_SCALE = 1e-9;

    private final Loss loss;
    private final Penalty penalty;
    private final double alpha;
    private final ClassWeight classWeight;
    private final int maxIter;
    private final double tol;
    private final int nIterNoChange;
    private final boolean fitIntercept;
    private final boolean shuffle;
    private final long seed;

    private SgdClassifier(Builder b) {
        this.loss = b.loss;
        this.penalty = b.penalty;
        this.alpha = b.alpha;
        this.classWeight = b.classWeight;
        this.maxIter = b.maxIter;
        this.tol = b.tol;
        this.nIterNoChange = b.nIterNoChange;
        this.fitIntercept = b.fitIntercept;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
    }

    /** A builder holding scikit-learn's defaults: hinge, L2, α = 1e-4, 1000 epochs, tol 1e-3, 5 epochs' patience. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration of the CovertMark SGD strategy: hinge loss, L1 penalty, balanced class weights. */
    @API(status = INTERNAL, since = "0.1")
    public static SgdClassifier strategyDefaults(long seed) {
        return builder().loss(Loss.HINGE).penalty(Penalty.L1).classWeight(ClassWeight.BALANCED).seed(seed).build();
    }

    public Builder toBuilder() {
        return new Builder().loss(loss).penalty(penalty).alpha(alpha).classWeight(classWeight).maxIter(maxIter)
                .tol(tol).nIterNoChange(nIterNoChange).fitIntercept(fitIntercept).shuffle(shuffle).seed(seed);
    }

    @Override
    public LinearClassifier train(double[][] features, boolean[] labels) {
        return fit(features, labels).model();
    }

    /** Trains and also reports the number of epochs run and whether the stopping rule ended training. */
    public Fit fit(double[][] features, boolean[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        return fit(features, labels, order -> {
            for (int i = 0; i < order.length - 1; i++) {
                int j = i + random.nextInt(order.length - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        });
    }

    /** Trains with the given per-epoch reordering of the row order (tests replay scikit-learn's with it). */
    Fit fit(double[][] x, boolean[] labels, Consumer<int[]> shuffler) {
        int d = ClassWeight.check(x, labels);
        int n = x.length;
        double[] classWeights = classWeight.of(labels);
        double[] w = new double[d];
        double wScale = 1.0;
        double intercept = 0.0;
        double[] q = penalty == Penalty.L1 ? new double[d] : null;
        double u = 0.0;

        double typicalW = Math.sqrt(1.0 / Math.sqrt(alpha));
        double eta0 = typicalW / Math.max(1.0, dloss(-typicalW, 1.0));
        double optimalInit = 1.0 / (eta0 * alpha);
        double t = 1.0;

        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double bestLoss = Double.POSITIVE_INFINITY;
        int noImprovement = 0;
        int epochs = 0;
        boolean converged = false;
        while (epochs < maxIter && !converged) {
            epochs++;
            if (shuffle) {
                shuffler.accept(order);
            }
            double sumLoss = 0.0;
            for (int k = 0; k < n; k++) {
                double[] xi = x[order[k]];
                double y = labels[order[k]] ? 1.0 : -1.0;
                double dot = 0.0;
                for (int j = 0; j < d; j++) {
                    dot += w[j] * xi[j];
                }
                double p = dot * wScale + intercept;
                double eta = 1.0 / (alpha * (optimalInit + t - 1));
                sumLoss += loss(p, y);
                double dl = Math.max(-MAX_DLOSS, Math.min(MAX_DLOSS, dloss(p, y)));
                double update = -eta * dl * classWeights[y > 0 ? 1 : 0];
                if (penalty == Penalty.L2) {
                    wScale *= Math.max(0.0, 1.0 - eta * alpha);
                    if (wScale < MIN_SCALE) {
                        for (int j = 0; j < d; j++) {
                            w[j] *= wScale;
                        }
                        wScale = 1.0;
                    }
                }
                if (update != 0.0) {
                    double step = update / wScale;
                    for (int j = 0; j < d; j++) {
                        w[j] += xi[j] * step;
                    }
                    if (fitIntercept) {
                        intercept += update;
                    }
                }
                if (penalty == Penalty.L1) {
                    u += eta * alpha;
                    truncate(w, q, u);
                }
                t += 1;
            }
            if (!Double.isFinite(intercept) || !allFinite(w)) {
                throw new ArithmeticException("floating-point overflow in epoch " + epochs
                        + "; standardise the features first (StandardScaler)");
            }
            if (tol > Double.NEGATIVE_INFINITY && sumLoss > bestLoss - tol * n) {
                noImprovement++;
            } else {
                noImprovement = 0;
            }
            bestLoss = Math.min(bestLoss, sumLoss);
            converged = noImprovement >= nIterNoChange;
        }
        for (int j = 0; j < d; j++) {
            w[j] *= wScale;
        }
        return new Fit(LinearClassifier.of(w, intercept), epochs, converged);
    }

    /**
     * Moves each weight toward 0 by the penalty it has not yet received (u minus what q says it got), never past
     * 0; this is what makes L1 weights exactly 0. Runs with the weight scale at 1, as L1 never shrinks it.
     */
    private static void truncate(double[] w, double[] q, double u) {
        for (int j = 0; j < w.length; j++) {
            double z = w[j];
            if (z > 0.0) {
                w[j] = Math.max(0.0, z - (u + q[j]));
            } else if (z < 0.0) {
                w[j] = Math.min(0.0, z + (u - q[j]));
            }
            q[j] += w[j] - z;
        }
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private double loss(double p, double y) {
        double z = p * y;
        if (loss == Loss.HINGE) {
            return z <= 1.0 ? 1.0 - z : 0.0;
        }
        if (z > 18) {
            return Math.exp(-z);
        }
        if (z < -18) {
            return -z;
        }
        return Math.log(1.0 + Math.exp(-z));
    }

    private double dloss(double p, double y) {
        double z = p * y;
        if (loss == Loss.HINGE) {
            return z <= 1.0 ? -y : 0.0;
        }
        if (z > 18.0) {
            return Math.exp(-z) * -y;
        }
        if (z < -18.0) {
            return -y;
        }
        return -y / (Math.exp(z) + 1.0);
    }

    public Loss loss() {
        return loss;
    }

    public Penalty penalty() {
        return penalty;
    }

    public double alpha() {
        return alpha;
    }

    public ClassWeight classWeight() {
        return classWeight;
    }

    public int maxIter() {
        return maxIter;
    }

    public double tol() {
        return tol;
    }

    public int nIterNoChange() {
        return nIterNoChange;
    }

    public boolean fitIntercept() {
        return fitIntercept;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "SgdClassifier[loss=" + loss + ", penalty=" + penalty + ", alpha=" + alpha + ", classWeight="
                + classWeight + ", maxIter=" + maxIter + ", tol=" + tol + ", nIterNoChange=" + nIterNoChange
                + ", fitIntercept=" + fitIntercept + ", shuffle=" + shuffle + ", seed=" + seed + "]";
    }

    /** Configuration, starting from scikit-learn's defaults. */
    @API(status = MAINTAINED, since = "0.1")
    public static final class Builder {
        private Loss loss = Loss.HINGE;
        private Penalty penalty = Penalty.L2;
        private double alpha = 1e-4;
        private ClassWeight classWeight = ClassWeight.NONE;
        private int maxIter = 1000;
        private double tol = 1e-3;
        private int nIterNoChange = 5;
        private boolean fitIntercept = true;
        private boolean shuffle = true;
        private long seed;

        private Builder() {
        }

        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        public Builder penalty(Penalty penalty) {
            this.penalty = Objects.requireNonNull(penalty, "penalty");
            return this;
        }

        /** Regularisation strength; also sets the 'optimal' learning rate. Must be positive. */
        public Builder alpha(double alpha) {
            if (!(alpha > 0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive and finite: " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        public Builder classWeight(ClassWeight classWeight) {
            this.classWeight = Objects.requireNonNull(classWeight, "classWeight");
            return this;
        }

        /** The most epochs (passes over the data) to run. */
        public Builder maxIter(int maxIter) {
            if (maxIter < 1) {
                throw new IllegalArgumentException("maxIter must be at least 1: " + maxIter);
            }
            this.maxIter = maxIter;
            return this;
        }

        /**
         * The loss improvement per row an epoch must bring to count as one;
         * {@code Double.NEGATIVE_INFINITY} never stops early.
         */
        public Builder tol(double tol) {
            if (Double.isNaN(tol)) {
                throw new IllegalArgumentException("tol is NaN");
            }
            this.tol = tol;
            return this;
        }

        /** How many epochs in a row without improvement stop training. */
        public Builder nIterNoChange(int nIterNoChange) {
            if (nIterNoChange < 1) {
                throw new IllegalArgumentException("nIterNoChange must be at least 1: " + nIterNoChange);
            }
            this.nIterNoChange = nIterNoChange;
            return this;
        }

        public Builder fitIntercept(boolean fitIntercept) {
            this.fitIntercept = fitIntercept;
            return this;
        }

        /** Whether to reshuffle the rows before each epoch (otherwise they are visited in the given order). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SgdClassifier build() {
            return new SgdClassifier(this);
        }
    }
}
