package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * The classical test functions of the suite, written with differentiable Tensor operations over
 * the last axis (so one formula serves a point {@code [d]} and a batch of points {@code [n, d]}).
 * Each knows its minimiser {@code z*}, its minimum, and its customary search box.
 */
public enum TestFunction {
    /** {@code Σ z²}; minimum 0 at 0. */
    SPHERE("sphere", 5.12, "Σ z²") {
        @Override
        Tensor evaluate(Tensor z) {
            return z.square().sum(-1);
        }
    },
    /** {@code Σ 100(z_{i+1} − z_i²)² + (1 − z_i)²}; minimum 0 at 1. */
    ROSENBROCK("rosenbrock", 2.048, "Σ 100(z_{i+1} − z_i²)² + (1 − z_i)²") {
        @Override
        Tensor evaluate(Tensor z) {
            int d = z.dim(-1);
            if (d < 2) {
                throw new IllegalArgumentException("rosenbrock: dimension must be >= 2, got " + d);
            }
            Tensor lo = z.slice(-1, 0, d - 1);
            Tensor hi = z.slice(-1, 1, d);
            return hi.sub(lo.square()).square().mul(100).add(lo.rsub(1).square()).sum(-1);
        }

        @Override
        double minimiserCoordinate() {
            return 1;
        }
    },
    /** {@code 10d + Σ (z² − 10 cos 2πz)}; minimum 0 at 0 (not divided by d). */
    RASTRIGIN("rastrigin", 5.12, "10d + Σ (z² − 10 cos 2πz)") {
        @Override
        Tensor evaluate(Tensor z) {
            int d = z.dim(-1);
            return z.square().sub(z.mul(2 * Math.PI).cos().mul(10)).sum(-1).add(10.0 * d);
        }
    },
    /** {@code −20 exp(−0.2 √(mean z²)) − exp(mean cos 2πz) + 20 + e}; minimum 0 at 0. */
    ACKLEY("ackley", 32.768, "−20 exp(−0.2 √(mean z²)) − exp(mean cos 2πz) + 20 + e") {
        @Override
        Tensor evaluate(Tensor z) {
            Tensor radius = z.square().mean(-1).sqrt();
            Tensor oscillation = z.mul(2 * Math.PI).cos().mean(-1).exp();
            return radius.mul(-0.2).exp().mul(-20).sub(oscillation).add(20 + Math.E);
        }
    },
    /** {@code 1 + Σ z²/4000 − Π cos(z_i/√i)}; minimum 0 at 0. */
    GRIEWANK("griewank", 600, "1 + Σ z²/4000 − Π cos(z_i/√i)") {
        @Override
        Tensor evaluate(Tensor z) {
            int d = z.dim(-1);
            double[] inv = new double[d];
            for (int i = 0; i < d; i++) {
                inv[i] = 1 / Math.sqrt(i + 1);
            }
            Tensor product = z.mul(Tensor.of(inv)).cos().prod(-1);
            return z.square().sum(-1).div(4000).sub(product).add(1);
        }
    },
    /** {@code ½ Σ (z⁴ − 16z² + 5z)}; minimum −39.16616570377142·d at z_i = −2.903534027771178. */
    STYBLINSKI_TANG("styblinski-tang", 5, "½ Σ (z⁴ − 16z² + 5z)") {
        @Override
        Tensor evaluate(Tensor z) {
            Tensor z2 = z.square();
            return z2.square().sub(z2.mul(16)).add(z.mul(5)).sum(-1).mul(0.5);
        }

        @Override
        double minimiserCoordinate() {
            return -2.903534027771178;
        }

        @Override
        double minimum(int d) {
            return -39.16616570377142 * d;
        }
    },
    /**
     * Levy: with {@code w = 1 + (z − 1)/4}, {@code sin²(πw₁) + Σ_{i<d} (w_i − 1)²(1 + 10 sin²(πw_i + 1))
     * + (w_d − 1)²(1 + sin²(2πw_d))}; minimum 0 at 1.
     */
    LEVY("levy", 10, "sin²(πw₁) + Σ (w_i − 1)²(1 + 10 sin²(πw_i + 1)) + (w_d − 1)²(1 + sin²(2πw_d)), w = 1 + (z − 1)/4") {
        @Override
        Tensor evaluate(Tensor z) {
            int d = z.dim(-1);
            Tensor w = z.sub(1).div(4).add(1);
            Tensor first = w.slice(-1, 0, 1).mul(Math.PI).sin().square().sum(-1);
            Tensor head = w.slice(-1, 0, d - 1);
            Tensor middle = head.sub(1).square().mul(head.mul(Math.PI).add(1).sin().square().mul(10).add(1)).sum(-1);
            Tensor last = w.slice(-1, d - 1, d);
            Tensor tail = last.sub(1).square().mul(last.mul(2 * Math.PI).sin().square().add(1)).sum(-1);
            return first.add(middle).add(tail);
        }

        @Override
        double minimiserCoordinate() {
            return 1;
        }
    };

    private final String label;
    private final double halfWidth;
    private final String formula;

    TestFunction(String label, double halfWidth, String formula) {
        this.label = label;
        this.halfWidth = halfWidth;
        this.formula = formula;
    }

    /** f(z) over the last axis of {@code z}. */
    abstract Tensor evaluate(Tensor z);

    /** Every coordinate of the minimiser z*. */
    double minimiserCoordinate() {
        return 0;
    }

    /** The minimum value in dimension {@code d}. */
    double minimum(int d) {
        return 0;
    }

    /** The minimiser z* in dimension {@code d}. */
    double[] minimiser(int d) {
        double[] z = new double[d];
        Arrays.fill(z, minimiserCoordinate());
        return z;
    }

    /** The name used on the command line. */
    public String label() {
        return label;
    }

    /** Half-width of the customary search box {@code [−h, h]^d}, used as the initial box. */
    public double halfWidth() {
        return halfWidth;
    }

    /** The formula, for reports. */
    public String formula() {
        return formula;
    }
}
