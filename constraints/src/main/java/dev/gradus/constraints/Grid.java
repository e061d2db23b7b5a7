package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import java.util.Random;

/** Point sets on a space–time {@link Domain}, as [P, 2] tensors with columns (x, t). */
public final class Grid {
    private Grid() {
    }

    /** The nx × nt tensor-product grid including the edges, x varying fastest. */
    public static Tensor uniform(Domain d, int nx, int nt) {
        requireAtLeast("nx", nx, 2);
        requireAtLeast("nt", nt, 2);
        double[] data = new double[2 * nx * nt];
        for (int j = 0; j < nt; j++) {
            for (int i = 0; i < nx; i++) {
                int k = j * nx + i;
                data[2 * k] = d.x0() + d.width() * i / (nx - 1);
                data[2 * k + 1] = d.t0() + d.duration() * j / (nt - 1);
            }
        }
        return Tensor.of(data, nx * nt, 2);
    }

    /** nx points on the initial line t = t0, x from x0 to x1. */
    public static Tensor initialLine(Domain d, int nx) {
        requireAtLeast("nx", nx, 2);
        double[] data = new double[2 * nx];
        for (int i = 0; i < nx; i++) {
            data[2 * i] = d.x0() + d.width() * i / (nx - 1);
            data[2 * i + 1] = d.t0();
        }
        return Tensor.of(data, nx, 2);
    }

    /** nt points on the vertical line at position x, t from t0 (exclusive) to t1. */
    public static Tensor boundaryLine(Domain d, double x, int nt) {
        requireAtLeast("nt", nt, 1);
        double[] data = new double[2 * nt];
        for (int j = 0; j < nt; j++) {
            data[2 * j] = x;
            data[2 * j + 1] = d.t0() + d.duration() * (j + 1) / nt;
        }
        return Tensor.of(data, nt, 2);
    }

    /** m points drawn uniformly from the block. */
    public static Tensor sample(Domain block, int m, Random random) {
        requireAtLeast("m", m, 1);
        double[] data = new double[2 * m];
        for (int k = 0; k < m; k++) {
            data[2 * k] = block.x0() + block.width() * random.nextDouble();
            data[2 * k + 1] = block.t0() + block.duration() * random.nextDouble();
        }
        return Tensor.of(data, m, 2);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("Grid: " + name + " must be ≥ " + min + ", got " + value);
        }
    }
}
