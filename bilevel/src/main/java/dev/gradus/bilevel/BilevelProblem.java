package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A bilevel problem min_{x ∈ X} F(x, y*(x)) with y*(x) ∈ argmin_{y ∈ Y} {g(x, y) : c(x, y) ≤ 0}.
 *
 * <p>Built with {@link #builder()}: the upper objective F, the lower objective g, the initial
 * (x0, y0) that also fix the names and shapes of x and y, and optionally lower-level constraints
 * c(x, y) ≤ 0, projections onto X, Y and a joint set C ⊆ X × Y, the dual box [0, r]^l used by
 * Lagrangian methods (LV-HBA), and minibatch sampling (objectives then see a fresh set of sample
 * indices at every outer iteration). {@link #build} evaluates F, g and c once at (x0, y0) and
 * checks that they return what they must.
 */
public final class BilevelProblem {
    private final BilevelObjective upper;
    private final BilevelObjective lower;
    private final LowerConstraint constraint;
    private final int constraintCount;
    private final UnaryOperator<Params> projectX;
    private final UnaryOperator<Params> projectY;
    private final JointProjection projectJoint;
    private final double dualBoxRadius;
    private final Params x0;
    private final Params y0;
    private final int datasetSize;
    private final int batchSize;
    private final long seed;

    private BilevelProblem(Builder b, int constraintCount) {
        this.upper = b.upper;
        this.lower = b.lower;
        this.constraint = b.constraint;
        this.constraintCount = constraintCount;
        this.projectX = b.projectX;
        this.projectY = b.projectY;
        this.projectJoint = b.projectJoint;
        this.dualBoxRadius = b.dualBoxRadius;
        this.x0 = b.x0.detach();
        this.y0 = b.y0.detach();
        this.datasetSize = b.datasetSize;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    public BilevelObjective upper() {
        return upper;
    }

    public BilevelObjective lower() {
        return lower;
    }

    /** The lower-level constraint, or null when there is none. */
    public LowerConstraint constraint() {
        return constraint;
    }

    /** Number l of lower-level constraints (0 without constraints). */
    public int constraintCount() {
        return constraintCount;
    }

    public boolean hasConstraints() {
        return constraint != null;
    }

    /** Projection onto X (identity unless set). */
    public Params projectX(Params x) {
        return projectX.apply(x);
    }

    /** Projection onto Y (identity unless set). */
    public Params projectY(Params y) {
        return projectY.apply(y);
    }

    /** Projection onto the joint set C; without one, the product of the X and Y projections. */
    public Point projectJoint(Params x, Params y) {
        return projectJoint == null ? new Point(projectX(x), projectY(y)) : projectJoint.project(x, y);
    }

    public boolean hasJointProjection() {
        return projectJoint != null;
    }

    /** The dual box radius r (dual set [0, r]^l), or NaN when none was declared. */
    public double dualBoxRadius() {
        return dualBoxRadius;
    }

    public Params initialX() {
        return x0;
    }

    public Params initialY() {
        return y0;
    }

    /** Whether objectives are evaluated on random minibatches. */
    public boolean isStochastic() {
        return batchSize > 0;
    }

    /** The seed of the minibatch sampler. */
    public long seed() {
        return seed;
    }

    /** A minibatch of distinct indices in [0, datasetSize), or null when the problem is deterministic. */
    public int[] sampleBatch(Random random) {
        if (!isStochastic()) {
            return null;
        }
        int[] perm = new int[datasetSize];
        for (int i = 0; i < datasetSize; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < batchSize; i++) {
            int j = i + random.nextInt(datasetSize - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] batch = Arrays.copyOf(perm, batchSize);
        Arrays.sort(batch);
        return batch;
    }

    /** Throws unless {@code x} has the names and shapes of the declared x. */
    public void checkX(String argument, Params x) {
        checkLike(argument, x0, x, "x");
    }

    /** Throws unless {@code y} has the names and shapes of the declared y. */
    public void checkY(String argument, Params y) {
        checkLike(argument, y0, y, "y");
    }

    /** max(0, max_i c_i(x, y)); 0 without constraints. */
    public double constraintViolation(Params x, Params y) {
        if (constraint == null) {
            return 0.0;
        }
        return Math.max(0.0, constraint.value(x, y).max().item());
    }

    private static void checkLike(String argument, Params expected, Params actual, String what) {
        if (actual == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
        if (!expected.names().equals(actual.names())) {
            throw new IllegalArgumentException(argument + ": expected the " + what + " entries " + expected.names()
                    + ", got " + actual.names());
        }
        for (String n : expected.names()) {
            if (!Arrays.equals(expected.get(n).shape(), actual.get(n).shape())) {
                throw new IllegalArgumentException(argument + ": entry '" + n + "' must have shape "
                        + Arrays.toString(expected.get(n).shape()) + ", got " + Arrays.toString(actual.get(n).shape()));
            }
        }
    }

    /** Builder of {@link BilevelProblem}; F, g, x0 and y0 are required. */
    public static final class Builder {
        private BilevelObjective upper;
        private BilevelObjective lower;
        private LowerConstraint constraint;
        private UnaryOperator<Params> projectX = UnaryOperator.identity();
        private UnaryOperator<Params> projectY = UnaryOperator.identity();
        private JointProjection projectJoint;
        private double dualBoxRadius = Double.NaN;
        private Params x0;
        private Params y0;
        private int datasetSize;
        private int batchSize;
        private long seed;

        private Builder() {}

        /** The upper objective F(x, y) (deterministic form). */
        public Builder upper(BiFunction<Params, Params, Tensor> f) {
            return upperMinibatch((x, y, batch) -> f.apply(x, y));
        }

        /** The upper objective F(x, y; batch), for stochastic problems. */
        public Builder upperMinibatch(BilevelObjective f) {
            this.upper = f;
            return this;
        }

        /** The lower objective g(x, y) (deterministic form). */
        public Builder lower(BiFunction<Params, Params, Tensor> g) {
            return lowerMinibatch((x, y, batch) -> g.apply(x, y));
        }

        /** The lower objective g(x, y; batch), for stochastic problems. */
        public Builder lowerMinibatch(BilevelObjective g) {
            this.lower = g;
            return this;
        }

        /** Lower-level constraints c(x, y) ≤ 0 (a vector). */
        public Builder constraints(LowerConstraint c) {
            this.constraint = c;
            return this;
        }

        /** The initial point; it also declares the names and shapes of x and y. */
        public Builder initial(Params x0, Params y0) {
            this.x0 = x0;
            this.y0 = y0;
            return this;
        }

        /** Projection onto the upper feasible set X. */
        public Builder projectX(UnaryOperator<Params> p) {
            this.projectX = p;
            return this;
        }

        /** Projection onto the lower feasible set Y. */
        public Builder projectY(UnaryOperator<Params> p) {
            this.projectY = p;
            return this;
        }

        /** Projection onto a joint set C ⊆ X × Y (LV-HBA's upper step projects onto it). */
        public Builder projectJoint(JointProjection p) {
            this.projectJoint = p;
            return this;
        }

        /**
         * The dual box [0, r]^l for Lagrangian methods. r must contain the lower-level multipliers
         * λ*: too small and the lower level is solved for a wrong (penalised) problem; too large
         * (e.g. 1000) and LV-HBA's dual ascent becomes unstable. A few times the expected |λ*| works.
         */
        public Builder dualBox(double radius) {
            if (!(radius > 0) || Double.isInfinite(radius)) {
                throw new IllegalArgumentException("dualBox: radius must be positive and finite, got " + radius);
            }
            this.dualBoxRadius = radius;
            return this;
        }

        /** Minibatch sampling: {@code batchSize} distinct indices of {@code datasetSize} per outer iteration. */
        public Builder minibatch(int datasetSize, int batchSize, long seed) {
            if (datasetSize <= 0) {
                throw new IllegalArgumentException("minibatch: datasetSize must be positive, got " + datasetSize);
            }
            if (batchSize <= 0 || batchSize > datasetSize) {
                throw new IllegalArgumentException("minibatch: batchSize must be in [1, " + datasetSize + "], got "
                        + batchSize);
            }
            this.datasetSize = datasetSize;
            this.batchSize = batchSize;
            this.seed = seed;
            return this;
        }

        /** Validates by evaluating F, g (and c) at (x0, y0) and builds the problem. */
        public BilevelProblem build() {
            if (upper == null) {
                throw new IllegalArgumentException("BilevelProblem: the upper objective F(x, y) is missing");
            }
            if (lower == null) {
                throw new IllegalArgumentException("BilevelProblem: the lower objective g(x, y) is missing");
            }
            if (x0 == null || y0 == null) {
                throw new IllegalArgumentException("BilevelProblem: the initial point (x0, y0) is missing; call initial");
            }
            if (x0.size() == 0 || y0.size() == 0) {
                throw new IllegalArgumentException("BilevelProblem: x0 and y0 need at least one entry, got "
                        + x0.names() + " and " + y0.names());
            }
            if (projectX == null || projectY == null) {
                throw new IllegalArgumentException("BilevelProblem: projections must not be null");
            }
            int[] batch = batchSize > 0 ? new BilevelProblem(this, 0).sampleBatch(new Random(seed)) : null;
            checkScalar("upper objective F", upper.value(x0, y0, batch));
            checkScalar("lower objective g", lower.value(x0, y0, batch));
            int l = 0;
            if (constraint != null) {
                Tensor c = constraint.value(x0, y0);
                if (c == null || c.rank() != 1 || c.size() == 0) {
                    throw new IllegalArgumentException("BilevelProblem: constraints c(x, y) must return a non-empty "
                            + "vector (rank 1), got shape " + (c == null ? "null" : Arrays.toString(c.shape())));
                }
                l = c.size();
            }
            return new BilevelProblem(this, l);
        }

        private static void checkScalar(String what, Tensor v) {
            if (v == null || v.size() != 1) {
                throw new IllegalArgumentException("BilevelProblem: the " + what + " must return a scalar, got shape "
                        + (v == null ? "null" : Arrays.toString(v.shape())));
            }
        }
    }
}
