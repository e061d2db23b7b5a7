package dev.gradus.benchmarks.sidebyside;

import java.util.Map;

/**
 * What this machine can do, measured in the same command as the benchmarks: the STREAM-triad
 * bandwidth ({@code a = b + s·c}, 24 bytes per float64 element, two threads) and the FLOP rate of
 * the Java matrix-product kernel on each product shape the workloads contain.
 */
public record MachineFloors(double triadBytesPerSecond, Map<MatmulProduct, Double> flopsPerSecond) {
    public MachineFloors {
        if (!(triadBytesPerSecond > 0) || Double.isInfinite(triadBytesPerSecond)) {
            throw new IllegalArgumentException("triadBytesPerSecond: expected a positive finite rate, got "
                    + triadBytesPerSecond);
        }
        flopsPerSecond = Map.copyOf(flopsPerSecond);
        flopsPerSecond.forEach((p, r) -> {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("flopsPerSecond: expected a positive finite rate for " + p + ", got " + r);
            }
        });
    }

    /** The measured FLOP rate of {@code product}. */
    public double rate(MatmulProduct product) {
        Double r = flopsPerSecond.get(product);
        if (r == null) {
            throw new IllegalArgumentException("product: no rate was measured for " + product);
        }
        return r;
    }
}
