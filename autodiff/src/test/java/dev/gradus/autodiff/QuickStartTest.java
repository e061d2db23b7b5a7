package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the README's quick start and checks that the README shows exactly this code. */
class QuickStartTest {

    @Test
    void quickStartRunsAndGivesTheDocumentedNumbers() {
        // quickstart:begin
        // f(x) = Σ tanh(W·x)², a scalar function of a vector
        Tensor w = Tensor.of(new double[][] {{1.0, -2.0}, {0.5, 3.0}});
        Function<Tensor, Tensor> f = x -> w.matmul(x).tanh().square().sum();
        Tensor x = Tensor.of(0.1, 0.2);

        Tensor value = f.apply(x);                  // 0.4117...
        Tensor grad = AD.grad(f, x);                // ∇f(x), same shape as x
        Tensor hessian = AD.hessian(f, x);          // 2×2
        Tensor hv = AD.hvp(f, x, Tensor.of(1, 0));  // Hessian-vector product = first column

        // The explicit tape: record, then differentiate with respect to watched tensors.
        try (Tape tape = Tape.record()) {
            Tensor xw = tape.watch(x);
            Tensor loss = f.apply(xw);
            Tensor sameGrad = tape.gradient(loss, xw)[0];
        }

        // Finite-difference check of the derivative along random directions.
        GradCheck.Report report = GradCheck.check(f, x);
        System.out.println(report.passed() + " " + report.maxError());
        // quickstart:end

        double a = Math.tanh(0.1 - 0.4);
        double b = Math.tanh(0.05 + 0.6);
        assertEquals(a * a + b * b, value.item(), 1e-15);
        double ga = 2 * a * (1 - a * a);
        double gb = 2 * b * (1 - b * b);
        assertEquals(ga * 1.0 + gb * 0.5, grad.get(0), 1e-14);
        assertEquals(ga * -2.0 + gb * 3.0, grad.get(1), 1e-14);
        assertEquals(hessian.get(0, 0), hv.get(0), 1e-14);
        assertEquals(hessian.get(1, 0), hv.get(1), 1e-14);
        assertEquals(true, report.passed(), report.toString());
    }

    @Test
    void readmeShowsTheTestedCode() throws IOException {
        Path readme = Path.of("..", "README.md");
        Path self = Path.of("src", "test", "java", "dev", "gradus", "autodiff", "QuickStartTest.java");
        assertEquals(block(Files.readAllLines(self), "// quickstart:begin", "// quickstart:end"),
                block(Files.readAllLines(readme), "<!-- quickstart:begin -->", "<!-- quickstart:end -->")
                        .replace("```java\n", "").replace("\n```", ""));
    }

    private static String block(List<String> lines, String begin, String end) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(begin)) {
                from = i + 1;
            } else if (lines.get(i).trim().equals(end)) {
                to = i;
            }
        }
        if (from < 0 || to < from) {
            throw new IllegalStateException("markers " + begin + " / " + end + " not found");
        }
        return lines.subList(from, to).stream().map(String::strip).collect(Collectors.joining("\n"));
    }
}
