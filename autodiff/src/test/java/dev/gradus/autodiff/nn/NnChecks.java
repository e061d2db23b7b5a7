package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/** Finite-difference checks of functions of {@link Params}, first and second order. */
final class NnChecks {
    private NnChecks() {}

    /** First-order GradCheck of {@code f} at {@code p}; returns the largest relative error. */
    static double firstOrder(Function<Params, Tensor> f, Params p) {
        return firstOrder("", f, p);
    }

    /** First-order GradCheck with a label for the failure message. */
    static double firstOrder(String label, Function<Params, Tensor> f, Params p) {
        GradCheck.Report r = GradCheck.withDefaults().directions(6).first(flat(f, p), p.flatten().detach());
        assertTrue(r.passed(), label + " " + r);
        return r.maxError();
    }

    /** Second-order GradCheck (Hessian-vector products) of {@code f} at {@code p}. */
    static double secondOrder(Function<Params, Tensor> f, Params p) {
        return secondOrder("", f, p);
    }

    /** Second-order GradCheck with a label for the failure message. */
    static double secondOrder(String label, Function<Params, Tensor> f, Params p) {
        GradCheck.Report r = GradCheck.withDefaults().directions(6).second(flat(f, p), p.flatten().detach());
        assertTrue(r.passed(), label + " " + r);
        return r.maxError();
    }

    private static Function<Tensor, Tensor> flat(Function<Params, Tensor> f, Params p) {
        Params shape = p.detach();
        return v -> f.apply(shape.unflatten(v));
    }
}
