package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.function.UnaryOperator;

/** Shared assertions: finite-difference check of x*(θ) and ⟨u, J v⟩ = ⟨Jᵀu, v⟩. */
final class JacobianChecks {
    private JacobianChecks() {}

    /** GradCheck of θ ↦ output(x*(θ)) in 6 random directions; returns the worst relative error. */
    static double finiteDifferences(ImplicitDiff<Params> diff, Params theta, UnaryOperator<Tensor> output,
            double tolerance) {
        Params shape = theta.detach();
        GradCheck.Report r = GradCheck.withDefaults().directions(6).tolerance(tolerance).absoluteFloor(1e-7)
                .first(flat -> output.apply(diff.solve(shape.unflatten(flat))), theta.flatten().detach());
        assertTrue(r.passed(), r.toString());
        org.slf4j.LoggerFactory.getLogger(JacobianChecks.class).info("finite differences: max relative error {}", r.maxError());
        return r.maxError();
    }

    /** |⟨u, J v⟩ − ⟨Jᵀu, v⟩| / |⟨u, J v⟩| for seeded random u, v; asserts it is ≤ tolerance. */
    static double vjpMatchesJvp(ImplicitDiff<Params> diff, Params theta, long seed, double tolerance) {
        Params v = theta.map(t -> Tensor.randn(seed, t.shape()));
        var jvp = diff.jvp(theta, v);
        Tensor u = Tensor.randn(seed + 1, jvp.value().shape());
        double uJv = u.mul(jvp.tangent()).sum().item();
        double jTuV = diff.at(theta).vjp(u).dot(v).item();
        double rel = Math.abs(uJv - jTuV) / Math.max(Math.abs(uJv), 1e-12);
        org.slf4j.LoggerFactory.getLogger(JacobianChecks.class).info("<u, Jv> = {} vs <J^T u, v> = {}: relative difference {}", uJv, jTuV, rel);
        assertTrue(rel <= tolerance, "⟨u, Jv⟩ = " + uJv + " but ⟨Jᵀu, v⟩ = " + jTuV + " (relative " + rel + ")");
        assertTrue(Math.abs(uJv) > 1e-6, "degenerate check: ⟨u, Jv⟩ = " + uJv);
        return rel;
    }

    /** λ_max(XᵀX) by power iteration (for step sizes 1/L). */
    static double lipschitz(Tensor x) {
        Tensor v = Tensor.ones(x.dim(1));
        double lam = 0;
        for (int i = 0; i < 200; i++) {
            Tensor w = x.transpose().matmul(x.matmul(v));
            lam = w.norm().item() / v.norm().item();
            v = w.div(w.norm());
        }
        return lam;
    }
}
