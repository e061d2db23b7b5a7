package dev.gradus.autodiff.internal;

/**
 * Fused float64 kernels around tanh: its VJP from the saved output, and the Taylor-mode tanh of a
 * hidden layer with its VJP (formulas in {@code dev.gradus.autodiff.FusedTaylorTanh}). Each reads
 * its operands once and writes one result; large arrays run in parallel chunks, and since every
 * element is computed independently the result does not depend on the thread count. The float32
 * family, {@code FloatFusedTanhKernels}, is generated from this file when the module is built.
 */
public final class FusedTanhKernels {
    private FusedTanhKernels() {}

    /** {@code g·(1 − y²)} element-wise: tanh's VJP from its output y. */
    public static double[] tanhBackward(double[] g, double[] y) {
        double[] out = new double[g.length];
        Parallel.forRange(g.length, (from, to) -> tanhBackwardRange(g, y, out, from, to));
        return out;
    }

    /** {@link #tanhBackward} into {@code out} over {@code [from, to)}. */
    public static void tanhBackwardRange(double[] g, double[] y, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = g[i] * (1.0 - y[i] * y[i]);
        }
    }

    /**
     * The stacked {@code [a; a_x; a_t; a_xx]} of the stacked pre-activation {@code z} (row-major
     * [4M, W]) and the bias {@code c} (length W). The tanh is the library's element-wise kernel, so
     * the values equal the op-by-op formulation's.
     */
    public static double[] taylorTanhForward(double[] z, double[] c) {
        int w = c.length;
        int block = z.length / 4;
        double[] out = new double[z.length];
        if (block == 0) {
            return out;
        }
        Parallel.forRange(block, (from, to) -> {
            for (int k = from, j = from % w; k < to; k++) {
                double a = ElementwiseKernels.tanh(z[k] + c[j]);
                double s = 1.0 - a * a;
                double zx = z[block + k];
                out[k] = a;
                out[block + k] = s * zx;
                out[2 * block + k] = s * z[2 * block + k];
                out[3 * block + k] = s * z[3 * block + k] + a * s * (zx * zx) * -2.0;
                if (++j == w) {
                    j = 0;
                }
            }
        });
        return out;
    }

    /**
     * The cotangent of the stacked pre-activation {@code z} from the output cotangents {@code g}
     * (both [4M, W]) and the forward's output, whose first block is a = tanh(z + c).
     */
    public static double[] taylorTanhBackward(double[] z, double[] output, double[] g) {
        int block = z.length / 4;
        double[] gz = new double[z.length];
        Parallel.forRange(block, (from, to) -> {
            for (int k = from; k < to; k++) {
                double a = output[k];
                double s = 1.0 - a * a;
                double zx = z[block + k];
                double gx = g[block + k];
                double gt = g[2 * block + k];
                double gxx = g[3 * block + k];
                double inner = gx * zx + gt * z[2 * block + k] + gxx * z[3 * block + k];
                gz[k] = s * (g[k] - 2.0 * a * inner - 2.0 * (1.0 - 3.0 * a * a) * zx * zx * gxx);
                gz[block + k] = s * (gx - 4.0 * a * zx * gxx);
                gz[2 * block + k] = s * gt;
                gz[3 * block + k] = s * gxx;
            }
        });
        return gz;
    }
}
