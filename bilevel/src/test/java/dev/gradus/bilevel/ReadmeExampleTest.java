package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.api.Test;

/** The example of the module README, verbatim. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        // problem 1 of the spec: g = ½(y − 2)² + (x/2)y², F = ½(y − 0.5)²; Φ is minimised at x = 3
        BilevelProblem problem = BilevelProblem.builder()
                .upper((x, y) -> y.get("y").sub(0.5).square().sum().mul(0.5))
                .lower((x, y) -> y.get("y").sub(2.0).square().sum().mul(0.5)
                        .add(x.get("x").mul(y.get("y").square()).sum().mul(0.5)))
                .initial(Params.of("x", Tensor.of(1.0)), Params.of("y", Tensor.of(0.0)))
                .build();
        BilevelResult r = Aid.builder().outer(Optimizers.sgd(2.0)).innerSteps(30).innerStepSize(0.4)
                .outerSteps(3000).tolerance(1e-9).build().solve(problem);
        double x = r.x().get("x").item();   // 3.0
        assertEquals(3.0, x, 1e-6);
    }
}
