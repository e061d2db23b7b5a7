package dev.gradus.bayesopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of bayesopt/README.md, verbatim between the markers, with assertions on its results. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleRuns() throws IOException {
        // example:begin
        // 1. Gaussian-process regression: hyperparameters by maximum likelihood, a differentiable posterior
        double[][] x = {{0.0}, {0.2}, {0.4}, {0.6}, {0.8}, {1.0}};
        double[] y = {0.0, 0.588, 0.951, 0.951, 0.588, 0.0};           // sin(πx)
        GaussianProcess gp = GaussianProcess.fit(x, y, GpOptions.defaults());
        Tensor at = Tensor.of(new double[][] {{0.3}});
        Posterior p = gp.predict(at);                                    // mean ≈ 0.81, small variance
        Tensor slope = AD.grad(q -> gp.predict(q).mean().sum(), at);     // ≈ π·cos(0.3π) ≈ 1.85

        // 2. ask/tell: the optimiser proposes, the caller evaluates (minimisation)
        Bounds box = new Bounds(new double[] {-5, 0}, new double[] {10, 15});
        BayesianOptimizer bo = BayesianOptimizer.builder(box).seed(1).build();
        for (int i = 0; i < 15; i++) {
            double[] next = bo.ask();
            bo.tell(next, TestProblems.branin(next));
        }
        List<double[]> batch = bo.ask(3);            // three different points for parallel workers
        for (double[] b : batch) {
            bo.tell(b, TestProblems.branin(b));
        }
        bo.save(dir.resolve("bo.ckpt"));              // an optimizers Checkpoint; load() resumes exactly
        BayesianOptimizer.Observation best = bo.best().orElseThrow();

        // 3. multi-fidelity: a cheap biased level (cost 0.1) and the target (cost 1)
        MultiFidelityOptimizer mf = MultiFidelityOptimizer.builder(new Bounds(new double[] {0}, new double[] {1}), 0.1, 1)
                .seed(1).build();
        while (mf.totalCost() < 8) {
            MultiFidelityOptimizer.Suggestion s = mf.ask();
            double u = s.x()[0];
            mf.tell(s.x(), s.level(), s.level() == 0 ? TestProblems.forresterLow(u) : TestProblems.forrester(u));
        }
        // example:end

        assertEquals(Math.sin(0.3 * Math.PI), p.mean().item(), 2e-3);
        assertTrue(p.variance().item() < 1e-4, "variance " + p.variance().item());
        assertEquals(Math.PI * Math.cos(0.3 * Math.PI), slope.item(), 0.05);
        // 18 evaluations: gap 0.57 here; 18 uniform random points have a median gap of 2.0 (2000 trials)
        assertTrue(best.y() - TestProblems.BRANIN_MIN < 0.6, "best " + best.y());
        assertTrue(Files.size(dir.resolve("bo.ckpt")) > 0);
        assertTrue(mf.best().orElseThrow().y() - TestProblems.FORRESTER_MIN < 1e-2, "mf best " + mf.best());
        String readme = Files.readString(Path.of("README.md"));
        String code = Files.readString(Path.of("src/test/java/dev/gradus/bayesopt/ReadmeExampleTest.java"));
        String example = code.substring(code.indexOf("// example:begin") + 17, code.indexOf("        // example:end"))
                .replaceAll("(?m)^        ", "");
        assertTrue(readme.contains(example), "README.md must show the example of ReadmeExampleTest verbatim");
    }
}
