package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Eight threads differentiating an MLP loss at the same time (each on its own data) get results
 * bitwise identical to the same computations run one after another: recording is thread-confined
 * and the kernels' parallel chunking does not depend on what else runs.
 */
class ConcurrentGradientsTest {
    private static final int THREADS = 8;
    private static final int STEPS = 10;
    private static final Mlp MLP = Mlp.of(Activation.tanh(), 4, 32, 32, 3);
    private static final Params INIT = MLP.init(99L);

    /** Thread k's work: gradient-descent steps on its own data, then an HVP. */
    private static List<double[]> work(int k) {
        // Tasks 1 and 5 use a batch large enough (2100 × 32 hidden units) for the backend's parallel kernels.
        boolean large = k % 4 == 1;
        int batch = large ? 2100 : 64;
        int steps = large ? 3 : STEPS;
        Random rnd = new Random(1000 + k);
        Tensor x = Tensor.randn(rnd, batch, 4);
        int[] labels = rnd.ints(batch, 0, 3).toArray();
        Function<Params, Tensor> loss = q -> Losses.softmaxCrossEntropy(MLP.apply(q, x), labels);
        List<double[]> out = new ArrayList<>();
        Params p = INIT;
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(loss, p);
            losses[s] = vg.value().item();
            out.add(vg.grad().flatten().toDoubleArray());
            p = p.addScaled(-0.3, vg.grad());
        }
        out.add(losses);
        out.add(p.flatten().toDoubleArray());
        out.add(AD.hvp(loss, p, p).flatten().toDoubleArray());
        return out;
    }

    @Test
    void eightThreadsMatchTheSerialRunBitForBit() throws Exception {
        List<List<double[]>> serial = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            serial.add(work(k));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<List<double[]>>> futures = new ArrayList<>();
            for (int k = 0; k < THREADS; k++) {
                int task = k;
                futures.add(pool.submit(() -> {
                    start.await(); // all threads begin together
                    return work(task);
                }));
            }
            for (int k = 0; k < THREADS; k++) {
                List<double[]> parallel = futures.get(k).get(120, TimeUnit.SECONDS);
                assertEquals(serial.get(k).size(), parallel.size());
                for (int i = 0; i < parallel.size(); i++) {
                    assertArrayEquals(bits(serial.get(k).get(i)), bits(parallel.get(i)),
                            "thread " + k + ", result " + i + " differs from the serial run");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // The tasks really differ (distinct data give distinct gradients).
        assertEquals(false, java.util.Arrays.equals(serial.get(0).get(0), serial.get(2).get(0)));
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
