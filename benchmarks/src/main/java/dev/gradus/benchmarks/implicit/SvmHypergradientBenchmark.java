package dev.gradus.benchmarks.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.OptimalityConditions;
import dev.gradus.implicit.Projections;
import dev.gradus.implicit.ProximalGradient;
import dev.gradus.implicit.SolverOptions;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiclass-SVM hypergradient (the JAXopt paper's experiment): the Crammer–Singer dual over one
 * simplex per sample, θ = log λ, outer loss the validation cross-entropy of W = Xᵀ(Y − β)/λ.
 * Both variants run the same projected-gradient (FISTA) iterations; {@code implicit} runs them
 * untaped and differentiates the projected-gradient fixed point with GMRES, {@code unrolled}
 * backpropagates through them. The iteration count is the smallest 100·2ᵏ whose unrolled
 * hypergradient is within 1e-4 (relative) of the implicit one at a tight solve; setup checks both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SvmHypergradientBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(SvmHypergradientBenchmark.class);

    static final int K = 3;
    static final int D = 10;
    static final double TARGET = 1e-4;

    @Param({"30", "60", "120"})
    public int samples;

    Tensor x;
    Tensor y;
    Tensor xv;
    Tensor yv;
    Tensor theta;
    double lipschitz;
    double reference;
    int iterations;

    @Setup
    public void setup() {
        Tensor[] tr = blobs(samples, 1);
        Tensor[] va = blobs(90, 2);
        x = tr[0];
        y = tr[1];
        xv = va[0];
        yv = va[1];
        theta = Tensor.scalar(Math.log(10.0));
        Tensor v = Tensor.ones(samples);
        for (int i = 0; i < 300; i++) {
            Tensor w = x.matmul(x.transpose().matmul(v));
            lipschitz = w.norm().item() / v.norm().item();
            v = w.div(w.norm());
        }
        iterations = 100_000;
        reference = implicitAt(1e-11);
        for (iterations = 100; ; iterations *= 2) {
            if (relativeError(unrolled()) <= TARGET) {
                break;
            }
            if (iterations >= 20_000) {
                throw new IllegalStateException("unrolling does not reach " + TARGET);
            }
        }
        if (relativeError(implicit()) > TARGET) {
            throw new IllegalStateException("implicit misses the target: " + relativeError(implicit()));
        }
        LOG.info(String.format("SVM n=%d: iterations %d; relative errors implicit %.2e, unrolled %.2e", samples,
                iterations, relativeError(implicit()), relativeError(unrolled())));
    }

    static Tensor[] blobs(int n, long seed) {
        Random rnd = new Random(seed);
        double[] xs = new double[n * D];
        double[] ys = new double[n * K];
        for (int i = 0; i < n; i++) {
            int c = i % K;
            ys[i * K + c] = 1;
            for (int j = 0; j < D; j++) {
                xs[i * D + j] = (j % K == c ? 1.0 : 0.0) + 1.2 * rnd.nextGaussian();
            }
        }
        return new Tensor[] {Tensor.of(xs, n, D), Tensor.of(ys, n, K)};
    }

    double relativeError(double g) {
        return Math.abs(g - reference) / Math.abs(reference);
    }

    Tensor dual(Tensor beta, Tensor logLambda) {
        Tensor v = x.transpose().matmul(y.sub(beta));
        return v.square().sum().mul(logLambda.neg().exp()).mul(0.5).add(beta.mul(y).sum());
    }

    Tensor outer(Tensor beta, Tensor logLambda) {
        Tensor w = x.transpose().matmul(y.sub(beta)).mul(logLambda.neg().exp());
        Tensor logits = xv.matmul(w);
        return logits.logSumExp(1).sub(logits.mul(yv).sum(1)).mean();
    }

    double implicitAt(double tolerance) {
        double eta = Math.exp(theta.item()) / lipschitz;
        ImplicitDiff<Tensor> checked = ImplicitDiff.of(t -> ProximalGradient
                        .fista(SolverOptions.defaults().tolerance(tolerance).maxIterations(iterations), eta)
                        .minimizeProjected(b -> dual(b, t), Projections::simplex, Tensor.full(1.0 / K, samples, K)),
                OptimalityConditions.projectedGradient(this::dual, (b, t) -> Projections.simplex(b), eta))
                .withLinearSolver(LinearSolvers.gmres().tolerance(1e-10));
        // tolerance 0: the fixed budget of the comparison with unrolling, whose accuracy setup checks
        ImplicitDiff<Tensor> d = tolerance == 0 ? checked.allowUnconverged() : checked;
        return AD.grad(t -> outer(d.solve(t), t), theta).item();
    }

    @Benchmark
    public double implicit() {
        return implicitAt(0);
    }

    @Benchmark
    public double unrolled() {
        double eta = Math.exp(theta.item()) / lipschitz;
        SolverOptions opts = SolverOptions.defaults().tolerance(0).maxIterations(iterations).unrolled(true);
        return AD.grad(t -> outer(ProximalGradient.fista(opts, eta).minimizeProjected(b -> dual(b, t),
                Projections::simplex, Tensor.full(1.0 / K, samples, K)).x(), t), theta).item();
    }
}
