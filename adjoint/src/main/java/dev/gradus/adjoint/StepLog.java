package dev.gradus.adjoint;

import java.util.Arrays;

/** The start times and sizes of a forward solve's accepted steps, recorded when asked for. */
final class StepLog {
    private double[] starts = new double[64];
    private double[] sizes = new double[64];
    private int count;

    void add(double start, double size) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, 2 * count);
            sizes = Arrays.copyOf(sizes, 2 * count);
        }
        starts[count] = start;
        sizes[count] = size;
        count++;
    }

    int count() {
        return count;
    }

    double start(int i) {
        return starts[i];
    }

    double size(int i) {
        return sizes[i];
    }
}
