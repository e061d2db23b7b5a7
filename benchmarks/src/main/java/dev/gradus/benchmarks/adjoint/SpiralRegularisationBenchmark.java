package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.Ode;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The local regulariser of Pal et al. on the spiral neural ODE: the model is trained (300 Adam
 * steps, in the trial set-up) without ({@code lambda = 0}) and with the local regulariser, then the
 * benchmark times a prediction solve of the trained model and counts its function evaluations
 * (secondary metric {@code evaluations}, per operation). The paper reports 0.56–0.73× evaluations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class SpiralRegularisationBenchmark {
    @Param({"0", "1e5", "1e8"})
    public double lambda;

    @Param({"300"})
    public int trainingSteps;

    private Params trained;

    /** Function evaluations of the prediction solves. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Evaluations {
        public long evaluations;
    }

    @Setup(Level.Trial)
    public void train() {
        trained = SpiralNeuralOde.train(trainingSteps, lambda, 1).params();
    }

    @Benchmark
    public Tensor predict(Evaluations counter) {
        OdeSolution s = Ode.solve(SpiralNeuralOde.MODEL, SpiralNeuralOde.U0, SpiralNeuralOde.TIMES, trained,
                SpiralNeuralOde.options());
        counter.evaluations += s.statistics().forwardEvaluations();
        return s.states();
    }
}
