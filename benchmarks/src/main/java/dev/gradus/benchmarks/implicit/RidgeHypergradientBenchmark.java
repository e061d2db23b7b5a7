package dev.gradus.benchmarks.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.GradientDescent;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.NewtonCg;
import dev.gradus.implicit.OptimalityConditions;
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
 * W6: the ridge hypergradient dL/dθ of a validation loss ½‖X_v w*(θ) − y_v‖², with inner problem
 * ½‖Xw − y‖² + ½θ‖w‖², by implicit differentiation and by unrolling gradient descent, at equal
 * accuracy: every variant must reach a relative error ≤ 1e-6 against the closed form
 * −w*ᵀ(XᵀX + θI)⁻¹X_vᵀr (checked in setup, which fails otherwise).
 * <ul>
 *   <li>{@code implicitDirect}: the inner problem solved directly ((XᵀX + θI)w = Xᵀy, formed each
 *       call), hypergradient by CG on Hessian-vector products of the tape;</li>
 *   <li>{@code implicitNewtonCg}: the inner problem solved by Newton-CG (any solver will do),
 *       hypergradient by CG on Hessian-vector products;</li>
 *   <li>{@code implicitSameGd}: the inner problem solved by the same fixed-step gradient descent as
 *       the unrolled variant (same iteration count, untaped), hypergradient by CG;</li>
 *   <li>{@code unrolledGd}: backpropagation through K taped gradient-descent iterations, K the
 *       smallest multiple of 16 reaching the accuracy target.</li>
 * </ul>
 * Features have geometrically decaying scales (1 … 0.3), as real regression data are correlated,
 * so the Hessian's condition number is about 40.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class RidgeHypergradientBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RidgeHypergradientBenchmark.class);

    static final double TARGET = 1e-6;

    @Param({"250x25", "500x50", "1000x100"})
    public String size;

    Tensor x;
    Tensor y;
    Tensor xv;
    Tensor yv;
    Tensor theta;
    double exact;
    double step;
    int unrolledIterations;

    @Setup
    public void setup() {
        String[] nd = size.split("x");
        int n = Integer.parseInt(nd[0]);
        int d = Integer.parseInt(nd[1]);
        Random rnd = new Random(42);
        x = correlated(rnd, n, d);
        xv = correlated(rnd, n / 2, d);
        Tensor wTrue = Tensor.randn(rnd, d);
        y = x.matmul(wTrue).add(Tensor.randn(rnd, n).mul(0.5));
        yv = xv.matmul(wTrue).add(Tensor.randn(rnd, n / 2).mul(0.5));
        theta = Tensor.scalar(1.0);
        Tensor h = x.transpose().matmul(x).add(Tensor.eye(d));
        Tensor w = h.solve(x.transpose().matmul(y).reshape(d, 1)).reshape(d);
        Tensor r = xv.matmul(w).sub(yv);
        Tensor q = h.solve(xv.transpose().matmul(r).reshape(d, 1)).reshape(d);
        exact = -w.dot(q).item();
        step = 1.0 / (lambdaMax(h) * 1.05);
        unrolledIterations = iterationsForTarget(h, d);
        check("unrolledGd", unrolledGd());
        check("implicitDirect", implicitDirect());
        check("implicitNewtonCg", implicitNewtonCg());
        check("implicitSameGd", implicitSameGd());
        LOG.info(String.format("W6 %s: unrolled iterations K = %d; relative errors: implicitNewtonCg %.2e, "
                + "implicitSameGd %.2e, unrolledGd %.2e, implicitDirect %.2e", size, unrolledIterations,
                relativeError(implicitNewtonCg()), relativeError(implicitSameGd()), relativeError(unrolledGd()), relativeError(implicitDirect())));
    }

    /**
     * The fewest iterations K (a multiple of 16) whose unrolled hypergradient meets the target,
     * found by running the forward-mode recursion of unrolled GD (w ← w − η(Hw − Xᵀy),
     * v ← v − η(Hv + w), dL/dθ = r_vᵀX_v v) untaped; the taped run is then checked once.
     */
    int iterationsForTarget(Tensor h, int d) {
        Tensor b = x.transpose().matmul(y);
        Tensor w = Tensor.zeros(d);
        Tensor v = Tensor.zeros(d);
        for (int k = 1; k <= 1 << 16; k++) {
            Tensor wNext = w.sub(h.matmul(w).sub(b).mul(step));
            v = v.sub(h.matmul(v).add(w).mul(step));
            w = wNext;
            if (k % 16 == 0) {
                double g = xv.matmul(w).sub(yv).dot(xv.matmul(v)).item();
                if (relativeError(g) <= TARGET / 2) {
                    return k;
                }
            }
        }
        throw new IllegalStateException("unrolled gradient descent does not reach " + TARGET);
    }

    static Tensor correlated(Random rnd, int n, int d) {
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Math.pow(0.3, (double) j / (d - 1));
        }
        return Tensor.randn(rnd, n, d).mul(Tensor.of(scale));
    }

    static double lambdaMax(Tensor h) {
        Tensor v = Tensor.ones(h.dim(0));
        double lam = 0;
        for (int i = 0; i < 300; i++) {
            Tensor hv = h.matmul(v);
            lam = hv.norm().item() / v.norm().item();
            v = hv.div(hv.norm());
        }
        return lam;
    }

    double relativeError(double g) {
        return Math.abs(g - exact) / Math.abs(exact);
    }

    void check(String name, double g) {
        if (relativeError(g) > TARGET) {
            throw new IllegalStateException(name + " misses the accuracy target: relative error " + relativeError(g));
        }
    }

    Tensor inner(Tensor w, Tensor t) {
        return x.matmul(w).sub(y).square().sum().mul(0.5).add(w.square().sum().mul(t).mul(0.5));
    }

    Tensor outer(Tensor w) {
        return xv.matmul(w).sub(yv).square().sum().mul(0.5);
    }

    @Benchmark
    public double implicitDirect() {
        int d = x.dim(1);
        ImplicitDiff<Tensor> diff = ImplicitDiff.ofSolution(t -> x.transpose().matmul(x).add(Tensor.eye(d).mul(t))
                        .solve(x.transpose().matmul(y).reshape(d, 1)).reshape(d),
                OptimalityConditions.stationarity(this::inner)).withLinearSolver(LinearSolvers.cg().tolerance(1e-10));
        return AD.grad(t -> outer(diff.solve(t)), theta).item();
    }

    @Benchmark
    public double implicitNewtonCg() {
        SolverOptions opts = SolverOptions.defaults().tolerance(1e-7).maxIterations(20);
        ImplicitDiff<Tensor> d = ImplicitDiff.of(
                t -> new NewtonCg(opts).minimize(w -> inner(w, t), Tensor.zeros(x.dim(1))),
                OptimalityConditions.stationarity(this::inner)).withLinearSolver(LinearSolvers.cg().tolerance(1e-10));
        return AD.grad(t -> outer(d.solve(t)), theta).item();
    }

    @Benchmark
    public double implicitSameGd() {
        SolverOptions opts = SolverOptions.defaults().tolerance(0).maxIterations(unrolledIterations);
        ImplicitDiff<Tensor> d = ImplicitDiff.of(t -> GradientDescent.withFixedStep(opts, step)
                        .minimize(w -> inner(w, t), Tensor.zeros(x.dim(1))),
                OptimalityConditions.stationarity(this::inner)).withLinearSolver(LinearSolvers.cg().tolerance(1e-10))
                .allowUnconverged(); // the unrolled run's K iterations; the accuracy is checked in setup
        return AD.grad(t -> outer(d.solve(t)), theta).item();
    }

    @Benchmark
    public double unrolledGd() {
        SolverOptions opts = SolverOptions.defaults().tolerance(0).maxIterations(unrolledIterations).unrolled(true);
        return AD.grad(t -> outer(GradientDescent.withFixedStep(opts, step)
                .minimize(w -> inner(w, t), Tensor.zeros(x.dim(1))).x()), theta).item();
    }
}
