package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.api.Test;

class ItdTest {
    private final Toys.RidgeData data = Toys.ridge(11, 40, 30, 6);
    private final Tensor lambda = Tensor.of(0.5, 1.0, 2.0, 0.1, 3.0, 1.5);

    /**
     * Started at w*, K differentiated gradient steps w ← (I − ηA)w + ηXᵀt give
     * ∂w_K/∂λ_j = −A⁻¹(I − (I − ηA)^K)e_j w*_j, so the truncated hypergradient is
     * −w* ⊙ (I − (I − ηA)^K) q, and its bias against the exact −w* ⊙ q is w* ⊙ (I − ηA)^K q.
     */
    @Test
    void truncationBiasOnRidgeMatchesClosedForm() {
        BilevelProblem p = data.problem(lambda);
        Tensor a = data.a(lambda);
        double eta = 1.0 / a.abs().sum(1).max().item();
        Tensor wStar = data.wStar(lambda);
        Tensor q = data.q(lambda);
        Tensor exact = data.hypergradient(lambda);
        Tensor m = Tensor.eye(6).sub(a.mul(eta));
        for (int k : new int[] {1, 5, 40}) {
            Itd itd = Itd.builder().innerSteps(k).innerStepSize(eta).build();
            Tensor got = itd.hypergradient(p, Params.of("lambda", lambda), Params.of("w", wStar)).get("lambda");
            Tensor mk = Tensor.eye(6);
            for (int i = 0; i < k; i++) {
                mk = mk.matmul(m);
            }
            Tensor bias = wStar.mul(mk.matmul(q));
            Tensor predicted = exact.add(bias);
            double err = got.sub(predicted).norm().item() / exact.norm().item();
            assertTrue(err < 1e-10, "K = " + k + ": ITD vs closed form, relative error " + err);
            assertTrue(bias.norm().item() > 1e-6 * exact.norm().item(), "bias is visible at K = " + k);
        }
        // truncated variant: T = 600 steps from 0, the last K = 5 differentiated — same closed form
        // up to the (tiny) distance of w_{T−K} from w*
        Itd truncated = Itd.builder().innerSteps(600).truncation(5).innerStepSize(eta).build();
        Tensor got = truncated.hypergradient(p, Params.of("lambda", lambda), Params.of("w", Tensor.zeros(6)))
                .get("lambda");
        Tensor m5 = m.matmul(m).matmul(m).matmul(m).matmul(m);
        Tensor predicted = exact.add(wStar.mul(m5.matmul(q)));
        double err = got.sub(predicted).norm().item() / exact.norm().item();
        assertTrue(err < 1e-6, "truncated ITD vs closed form, relative error " + err);
    }

    @Test
    void fullItdApproachesTheExactHypergradientAsTGrows() {
        BilevelProblem p = data.problem(lambda);
        double eta = 1.0 / data.a(lambda).abs().sum(1).max().item();
        Tensor exact = data.hypergradient(lambda);
        double previous = Double.MAX_VALUE;
        for (int t : new int[] {10, 40, 200}) {
            Tensor got = Itd.builder().innerSteps(t).innerStepSize(eta).build()
                    .hypergradient(p, Params.of("lambda", lambda), Params.of("w", Tensor.zeros(6))).get("lambda");
            double err = got.sub(exact).norm().item() / exact.norm().item();
            assertTrue(err < previous, "error must fall with T: " + err + " at T = " + t);
            previous = err;
        }
        assertTrue(previous < 1e-8, "ITD at T = 200, relative error " + previous);
    }

    @Test
    void solvesTheOneDimensionalProblemAndTheNonconvexToy() {
        BilevelResult r = Itd.builder().outer(Optimizers.sgd(2.0)).innerSteps(30).innerStepSize(0.4)
                .outerSteps(3000).tolerance(1e-9).build().solve(Toys.oneDimensional(2.0, 0.5, 1.0, 0.0));
        assertTrue(r.converged());
        assertEquals(3.0, r.x().get("x").item(), 1e-6);
        BilevelResult nc = Itd.builder().outer(Optimizers.sgd(0.01)).innerSteps(20).innerStepSize(0.1)
                .outerSteps(400).build().solve(Toys.nonconvex(1.0, 0.0));
        double x = nc.x().get("x").item();
        assertTrue(Math.abs(x + nc.y().get("y").item()) < 1e-5);
        assertTrue(Toys.nonconvexPhi(x) < Toys.nonconvexPhi(1.0) - 1e-3);
    }

    @Test
    void rejectsTruncationLongerThanTheUnroll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Itd.builder().innerSteps(5).truncation(6).build());
        assertTrue(e.getMessage().contains("6"), e.getMessage());
    }
}
