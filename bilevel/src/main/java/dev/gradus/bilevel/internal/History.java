package dev.gradus.bilevel.internal;

import dev.gradus.autodiff.Params;
import dev.gradus.bilevel.BilevelProblem;
import dev.gradus.bilevel.BilevelResult;
import java.util.Arrays;

/** Collects a solve's per-iteration records and builds the {@link BilevelResult}. */
public final class History {
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

    /** The result of a finished solve. */
    public BilevelResult finish(String solver, Oracle oracle, Params x, Params y, boolean converged) {
        double seconds = (System.nanoTime() - start) * 1e-9;
        BilevelProblem p = oracle.problem();
        double[] u = Arrays.copyOf(upper, n);
        double[] g = Arrays.copyOf(norms, n);
        return new BilevelResult(solver, x, y, u, g, n == 0 ? Double.NaN : g[n - 1],
                p.constraintViolation(x, y), seconds, oracle.counts(), n, converged);
    }
}
