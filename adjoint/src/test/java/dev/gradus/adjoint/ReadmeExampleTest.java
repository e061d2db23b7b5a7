package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the README example and checks the README still shows this code. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndAgreesAcrossMethods() throws IOException {
        // example:begin
        // z' = A·z, loss = Σ of the states at 5 output times
        Dynamics f = (t, z, p) -> p.get("A").matmul(z);
        Params theta = Params.of("A", Tensor.of(new double[][] {{-0.5, 1.0}, {-1.0, -0.5}}));
        Tensor z0 = Tensor.of(1.0, 0.0);
        Tensor ts = Tensor.linspace(0, 2, 5);

        Params dTheta = AD.grad(p -> Ode.odeint(f, z0, ts, p).sum(), theta);    // interpolating adjoint

        OdeOptions options = OdeOptions.defaults()
                .withIntegrator(Integrator.dormandPrince54(1e-8, 1e-10))
                .withMethod(SensitivityMethod.backsolveAdjoint());                // or forwardSensitivity(), direct(), ...
        try (Tape tape = Tape.record()) {
            Tensor z0w = tape.watch(z0);
            OdeSolution solution = Ode.solve(f, z0w, ts, theta, options);
            Tensor dz0 = tape.gradient(solution.states().sum(), z0w)[0];
            System.out.println(solution.statistics());                          // evaluations, steps, method
            // example:end
            Params direct = AD.grad(p -> Ode.odeint(f, z0, ts, p, options.withMethod(SensitivityMethod.direct()))
                    .sum(), theta);
            assertTrue(dTheta.get("A").allClose(direct.get("A"), 1e-5, 1e-6), dTheta.get("A") + " vs " + direct);
            assertEquals(2, dz0.size());
            assertTrue(solution.statistics().backwardEvaluations() > 0);
        }
        String readme = Files.readString(Path.of("README.md"));
        String source = Files.readString(Path.of("src/test/java/dev/gradus/adjoint/ReadmeExampleTest.java"));
        assertEquals(normalise(between(readme, "```java\n", "```")), normalise(between(source, "// example:begin\n",
                "            // example:end")));
    }

    private static String between(String text, String begin, String end) {
        int a = text.indexOf(begin) + begin.length();
        return text.substring(a, text.indexOf(end, a));
    }

    private static String normalise(String code) {
        StringBuilder sb = new StringBuilder();
        for (String line : code.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.equals("}")) {
                sb.append(t).append('\n');
            }
        }
        return sb.toString();
    }
}
