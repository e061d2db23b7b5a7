package dev.gradus.benchmarks.sidebyside;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The least time a workload needs on this machine: its matrix FLOPs at the measured matmul rates
 * of its own product shapes, or the bytes it must move at the measured triad bandwidth. Overhead
 * workloads (one tiny op) have none.
 */
public sealed interface Floor {
    /** What the workload must do, in words ({@code 1.82 MFLOP}, {@code 280 MB}); "—" without floor. */
    String amount();

    /** The floor time in seconds at {@code floors}' rates, empty without floor. */
    OptionalDouble seconds(MachineFloors floors);

    /** The products whose rates {@link #seconds} needs. */
    default List<MatmulProduct> products() {
        return List.of();
    }

    /** Matrix products, each at its own measured rate (a product listed twice runs twice). */
    record Flops(List<MatmulProduct> products) implements Floor {
        public Flops {
            products = List.copyOf(products);
            if (products.isEmpty()) {
                throw new IllegalArgumentException("products: expected at least one product");
            }
        }

        @Override
        public String amount() {
            return si(products.stream().mapToDouble(MatmulProduct::flops).sum(), "FLOP");
        }

        @Override
        public OptionalDouble seconds(MachineFloors floors) {
            return OptionalDouble.of(products.stream().mapToDouble(p -> p.flops() / floors.rate(p)).sum());
        }
    }

    /** Bytes that must cross the memory bus, at the triad bandwidth. */
    record Bytes(double bytes) implements Floor {
        public Bytes {
            if (!(bytes > 0)) {
                throw new IllegalArgumentException("bytes: expected a positive count, got " + bytes);
            }
        }

        @Override
        public String amount() {
            return si(bytes, "B");
        }

        @Override
        public OptionalDouble seconds(MachineFloors floors) {
            return OptionalDouble.of(bytes / floors.triadBytesPerSecond());
        }
    }

    /** No FLOP or byte floor (a fixed per-call cost), with the reason. */
    record None(String why) implements Floor {
        @Override
        public String amount() {
            return "— (" + why + ")";
        }

        @Override
        public OptionalDouble seconds(MachineFloors floors) {
            return OptionalDouble.empty();
        }
    }

    /** {@code value} with an SI prefix and three significant digits ({@code 312 MFLOP}, {@code 16.0 kB}). */
    static String si(double value, String unit) {
        String[] prefixes = {"", "k", "M", "G", "T"};
        int i = 0;
        while (value >= 999.5 && i < prefixes.length - 1) {
            value /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, value >= 99.95 ? "%.0f %s%s" : value >= 9.995 ? "%.1f %s%s" : "%.2f %s%s",
                value, prefixes[i], unit);
    }
}
