package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finite-difference checks of the op catalogue with the acceptance bar of issue 2 (float64, max
 * relative error ≤ 1e-6, first and second order). Every check also requires the finite difference
 * itself to be non-trivial, so an op whose derivative is silently dropped cannot pass by comparing
 * zero with zero. The worst error per family and order is kept for the summary each test class logs.
 * Every check runs with GradCheck's defaults (4 random directions, step 1e-3, fourth-order central
 * differences, absolute floor 1e-5): no op needed a tuned step or floor to meet 1e-6.
 */
final class OpCheck {
    /** The bar: relative error ≤ 1e-6. */
    static final double TOLERANCE = 1e-6;
    private static final Logger LOG = LoggerFactory.getLogger(OpCheck.class);
    /** family → {worst first-order error, worst second-order error}, with the op that produced each. */
    private static final Map<String, Worst> WORST = new TreeMap<>();

    private OpCheck() {}

    private static final class Worst {
        double first;
        String firstOp = "-";
        double second;
        String secondOp = "-";
    }

    static GradCheck defaults() {
        return GradCheck.withDefaults().tolerance(TOLERANCE);
    }

    static GradCheck.Report first(String family, String op, Function<Tensor, Tensor> f, Tensor x) {
        return first(family, op, defaults(), f, x);
    }

    static GradCheck.Report first(String family, String op, GradCheck check, Function<Tensor, Tensor> f, Tensor x) {
        return record(family, op, 1, check.first(f, x), true);
    }

    /** First order with respect to every entry of {@code p} at once (so both operands of a binary op). */
    static GradCheck.Report first(String family, String op, Function<Params, Tensor> f, Params p) {
        return record(family, op, 1, GradCheck.check(f, p), true);
    }

    static GradCheck.Report second(String family, String op, Function<Tensor, Tensor> f, Tensor x) {
        return second(family, op, defaults(), f, x);
    }

    static GradCheck.Report second(String family, String op, GradCheck check, Function<Tensor, Tensor> f, Tensor x) {
        return record(family, op, 2, check.second(f, x), true);
    }

    /** Second order in all entries of {@code p} jointly (cross terms between operands included). */
    static GradCheck.Report second(String family, String op, Function<Params, Tensor> f, Params p) {
        Params shapes = p.detach();
        return record(family, op, 2, defaults().second(flat -> f.apply(shapes.unflatten(flat)), p.flatten().detach()),
                true);
    }

    /** A check whose derivative is expected to be zero (sign, comparisons): passes only if both sides are 0. */
    static GradCheck.Report firstZero(String family, String op, Function<Tensor, Tensor> f, Tensor x) {
        GradCheck.Report r = record(family, op, 1, defaults().first(f, x), false);
        for (GradCheck.Row row : r.rows()) {
            assertTrue(row.analytic() == 0.0 && Math.abs(row.numeric()) < 1e-12, op + ": expected zero derivative\n" + r);
        }
        return r;
    }

    private static GradCheck.Report record(String family, String op, int order, GradCheck.Report r, boolean nonTrivial) {
        assertTrue(r.passed(), () -> family + "/" + op + " order " + order + "\n" + r);
        if (nonTrivial) {
            double largest = r.rows().stream().mapToDouble(row -> Math.abs(row.numeric())).max().orElse(0);
            assertTrue(largest > 1e-3, () -> family + "/" + op + " order " + order
                    + ": the finite difference is ~0, so the check would prove nothing\n" + r);
        }
        synchronized (WORST) {
            Worst w = WORST.computeIfAbsent(family, k -> new Worst());
            double e = r.maxError();
            if (order == 1 && e >= w.first) {
                w.first = e;
                w.firstOp = op;
            } else if (order == 2 && e >= w.second) {
                w.second = e;
                w.secondOp = op;
            }
        }
        return r;
    }

    /** Logs the worst errors seen so far for a family (called from each test class's {@code @AfterAll}). */
    static void logSummary(String family) {
        synchronized (WORST) {
            Worst w = WORST.get(family);
            if (w != null) {
                String second = w.secondOp.equals("-") ? "no second-order checks"
                        : String.format(Locale.ROOT, "second order %.2e (%s)", w.second, w.secondOp);
                LOG.info(String.format(Locale.ROOT, "GradCheck worst errors [%s]: first order %.2e (%s), %s",
                        family, w.first, w.firstOp, second));
            }
        }
    }
}
