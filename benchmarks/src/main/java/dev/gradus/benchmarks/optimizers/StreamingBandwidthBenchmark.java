package dev.gradus.benchmarks.optimizers;

import dev.gradus.autodiff.internal.FloatFusedOptimizerKernels;
import dev.gradus.autodiff.internal.Parallel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The streaming-bandwidth baseline for W4, on 10⁷ float32 elements with the same two-thread
 * chunking as the fused optimizer kernels: a copy (8 B per element), a triad {@code a = b + s·c}
 * (12 B per element) into preallocated arrays, and the triad into a freshly allocated array (what
 * an immutable step pays). Bandwidth = bytes per element · 10⁷ / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class StreamingBandwidthBenchmark {
    static final int N = 10_000_000;
    private static final int CHUNK = FloatFusedOptimizerKernels.CHUNK;
    private float[] a;
    private float[] b;
    private float[] c;
    private float[] m;
    private float[] v;
    private float[] mo;
    private float[] vo;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(1);
        a = new float[N];
        b = new float[N];
        c = new float[N];
        for (int i = 0; i < N; i++) {
            b[i] = (float) r.nextGaussian();
            c[i] = (float) r.nextGaussian();
        }
        m = new float[N];
        v = new float[N];
        mo = new float[N];
        vo = new float[N];
    }

    /** Streaming baseline: a = b (parallel, 8 B per element). */
    @Benchmark
    public float[] copyBaseline() {
        float[] src = b;
        float[] dst = a;
        Parallel.forRange(N, CHUNK, CHUNK, (from, to) -> System.arraycopy(src, from, dst, from, to - from));
        return dst;
    }

    /** Streaming baseline: a = b + s·c (parallel, 12 B per element). */
    @Benchmark
    public float[] triadBaseline() {
        float[] x = b;
        float[] y = c;
        float[] out = a;
        Parallel.forRange(N, CHUNK, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = x[i] + 0.5f * y[i];
            }
        });
        return out;
    }

    /** The triad into a freshly allocated array (allocation and zeroing included). */
    @Benchmark
    public float[] triadAllocating() {
        float[] x = b;
        float[] y = c;
        float[] out = new float[N];
        Parallel.forRange(N, CHUNK, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = x[i] + 0.5f * y[i];
            }
        });
        return out;
    }

    /**
     * The fused Adam kernel alone, into preallocated arrays (28 B per element): separates the
     * kernel's own speed from the allocation an immutable step adds.
     */
    @Benchmark
    public float[] adamKernelPreallocated() {
        FloatFusedOptimizerKernels.adam(b, c, m, v, a, mo, vo, 0.9f, 0.1f, 0.999f, 0.001f, 0.3f, 3e-10f, 0f, -1e-3f);
        return a;
    }
}
