package dev.gradus.nd4j;

import dev.gradus.autodiff.FusedOptimizerStep.Hyperparameters;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.internal.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-pass element-wise kernels that read and write ND4J's off-heap buffers in place, through
 * NIO views of the native memory (no copy to the Java heap): on nd4j-native an array's data is host
 * memory, so one Java loop replaces a chain of ND4J ops, each of which reads and writes whole arrays
 * and allocates its own result. Used only where {@link #AVAILABLE} (the CPU backend; device memory
 * is not host-addressable).
 *
 * <p>The loops evaluate the Java backend's fused kernels' operations in the same order and in the
 * same arithmetic (float64, or float32 with float32 coefficients), so their results are
 * bit-identical to the Java backend's.
 */
final class Nd4jHostKernels {
    /** Whether ND4J's buffers are host memory (nd4j-native), so these kernels may run. */
    static final boolean AVAILABLE = Nd4j.getEnvironment().isCPU();

    /** Elements per parallel chunk of the optimizer step (as the Java backend's kernels). */
    private static final int CHUNK = 1 << 16;

    private Nd4jHostKernels() {}

    /** A fresh contiguous row-major array of the tensor's dtype and shape, contents undefined. */
    private static INDArray uninitialized(Tensor like) {
        int[] shape = like.shape();
        return Nd4j.createUninitialized(Nd4jArrays.dataType(like.dtype()),
                Nd4jArrays.longs(shape.length == 0 ? new int[] {1} : shape));
    }

    private static DoubleBuffer doubles(Tensor t) {
        return Nd4jArrays.storage(t).data().asNioDouble();
    }

    private static FloatBuffer floats(Tensor t) {
        return Nd4jArrays.storage(t).data().asNioFloat();
    }

    /** {@code g·(1 − y²)} into a fresh array; {@code g} and {@code y} of one shape and dtype. */
    static INDArray tanhBackward(Tensor g, Tensor y) {
        INDArray out = uninitialized(g);
        if (out.dataType() == DataType.DOUBLE) {
            DoubleBuffer gb = doubles(g);
            DoubleBuffer yb = doubles(y);
            DoubleBuffer ob = out.data().asNioDouble();
            Parallel.forRange(g.size(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double yi = yb.get(i);
                    ob.put(i, gb.get(i) * (1.0 - yi * yi));
                }
            });
        } else {
            FloatBuffer gb = floats(g);
            FloatBuffer yb = floats(y);
            FloatBuffer ob = out.data().asNioFloat();
            Parallel.forRange(g.size(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    float yi = yb.get(i);
                    ob.put(i, gb.get(i) * (1.0f - yi * yi));
                }
            });
        }
        return out;
    }

    /**
     * One Adam/AdamW update (the rule of {@link dev.gradus.autodiff.FusedOptimizerStep}) into fresh
     * arrays {@code {param, mu, nu}}, reading each input element once and writing each output once.
     */
    static INDArray[] adam(Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        INDArray[] out = {uninitialized(param), uninitialized(param), uninitialized(param)};
        adam(param, grad, mu, nu, h, out);
        return out;
    }

    /**
     * {@link #adam(Tensor, Tensor, Tensor, Tensor, Hyperparameters)} into {@code out = {param, mu, nu}},
     * which may be the inputs' own arrays (element {@code i} of every input is read before element
     * {@code i} of the outputs is written): an in-place step allocates nothing.
     */
    static void adam(Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h, INDArray[] out) {
        INDArray po = out[0];
        INDArray mo = out[1];
        INDArray vo = out[2];
        double b1 = h.beta1();
        double b2 = h.beta2();
        double scale = h.adamScale();
        double epsHat = h.adamEps();
        if (po.dataType() == DataType.DOUBLE) {
            adam(doubles(param), doubles(grad), doubles(mu), doubles(nu), po.data().asNioDouble(),
                    mo.data().asNioDouble(), vo.data().asNioDouble(), param.size(), b1, 1 - b1, b2, 1 - b2, scale,
                    epsHat, h.weightDecay(), -h.learningRate());
        } else {
            adam(floats(param), floats(grad), floats(mu), floats(nu), po.data().asNioFloat(),
                    mo.data().asNioFloat(), vo.data().asNioFloat(), param.size(), (float) b1, (float) (1 - b1),
                    (float) b2, (float) (1 - b2), (float) scale, (float) epsHat, (float) h.weightDecay(),
                    (float) -h.learningRate());
        }
    }

    private static void adam(DoubleBuffer p, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, DoubleBuffer po,
            DoubleBuffer mo, DoubleBuffer vo, int n, double b1, double omb1, double b2, double omb2, double scale,
            double epsHat, double wd, double negLr) {
        Parallel.forRange(n, CHUNK, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double mi = m.get(i) * b1 + gi * omb1;
                double vi = v.get(i) * b2 + (gi * gi) * omb2;
                mo.put(i, mi);
                vo.put(i, vi);
                double pi = p.get(i);
                double u = (mi * scale) / (Math.sqrt(vi) + epsHat);
                po.put(i, pi + (wd != 0 ? u + pi * wd : u) * negLr);
            }
        });
    }

    private static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, FloatBuffer po,
            FloatBuffer mo, FloatBuffer vo, int n, float b1, float omb1, float b2, float omb2, float scale,
            float epsHat, float wd, float negLr) {
        Parallel.forRange(n, CHUNK, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g.get(i);
                float mi = m.get(i) * b1 + gi * omb1;
                float vi = v.get(i) * b2 + (gi * gi) * omb2;
                mo.put(i, mi);
                vo.put(i, vi);
                float pi = p.get(i);
                float u = (mi * scale) / ((float) Math.sqrt(vi) + epsHat);
                po.put(i, pi + (wd != 0 ? u + pi * wd : u) * negLr);
            }
        });
    }
}
