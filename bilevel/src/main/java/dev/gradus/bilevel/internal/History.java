package dev.gradus.bilevel.internal;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.bilevel.BilevelProblem;
import dev.gradus.bilevel.BilevelResult;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects a solve's per-iteration records and builds the {@link BilevelResult}. */
public final class History {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);

    private final long start = System.nanoTime();
    private double[] upper = new double[16];
    private double[] norms = new double[16];
    private int n;

    /** Records F(x_k, y_k) and the x-direction norm of iteration k. */
    public void record(double upperValue, double directionNorm) {
        if (n == upper.length) {
            upper = Arrays.copyOf(upper, 2 * n);
            norms = Arrays.copyOf(norms, 2 * n);
        }
        upper[n] = upperValue;
        norms[n] = directionNorm;
        n++;
    }

    /** Whether the latest x-direction norm is NaN or infinite (a solver stops then). */
    public boolean nonFinite() {
        return n > 0 && !Double.isFinite(norms[n - 1]);
    }

    /**
     * The result of a finished solve: converged when the outer test was met and the lower level is
     * stationary; NON_FINITE when the direction or the lower residual is NaN or infinite; otherwise
     * MAX_ITERATIONS (logged when {@code tolerance} > 0: a zero tolerance asks for the whole budget).
     */
    public BilevelResult finish(String solver, Oracle oracle, Params x, Params y, boolean outerMet,
            double lowerResidual, double lowerTolerance, double tolerance) {
        double seconds = (System.nanoTime() - start) * 1e-9;
        BilevelProblem p = oracle.problem();
        double[] u = Arrays.copyOf(upper, n);
        double[] g = Arrays.copyOf(norms, n);
        double last = n == 0 ? Double.NaN : g[n - 1];
        Convergence c;
        if (nonFinite() || !Double.isFinite(lowerResidual)) {
            c = Convergence.failed(n, last, Convergence.Reason.NON_FINITE);
        } else if (outerMet && lowerResidual <= lowerTolerance) {
            c = Convergence.converged(n, last);
        } else {
            c = Convergence.failed(n, last, Convergence.Reason.MAX_ITERATIONS);
        }
        if (!c.converged() && (tolerance > 0 || c.reason() == Convergence.Reason.NON_FINITE)) {
            LOG.warn("{}: {}; lower-level residual {} (tolerance {})", solver, c.describe(), lowerResidual,
                    lowerTolerance);
        }
        return new BilevelResult(solver, x, y, u, g, last, lowerResidual, p.constraintViolation(x, y), seconds,
                oracle.counts(), c);
    }
}
