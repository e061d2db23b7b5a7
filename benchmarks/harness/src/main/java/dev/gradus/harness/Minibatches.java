package dev.gradus.harness;

import java.util.SplittableRandom;

/**
 * The minibatches of one run: epochs of a shuffle of the training rows drawn from the run's seed,
 * cut into consecutive batches; an incomplete batch at an epoch's end is dropped. A full batch is
 * every row in order; a problem without data gets empty batches.
 */
final class Minibatches {
    private final int batchSize;
    private final int[] order;
    private final SplittableRandom rng;
    private final int[] all;
    private int position;

    Minibatches(int examples, int batchSize, long seed) {
        if (examples < 0 || (examples > 0 && (batchSize < 1 || batchSize > examples))) {
            throw new IllegalArgumentException("minibatches: need 1 <= batchSize <= examples, got batchSize "
                    + batchSize + ", examples " + examples);
        }
        this.batchSize = examples == 0 ? 0 : batchSize;
        this.order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        this.all = batchSize == examples ? order.clone() : null;
        this.rng = new SplittableRandom(seed ^ 0x5DEECE66DL * 0x9E3779B97F4A7C15L);
        this.position = examples;
    }

    /** The next batch of row indices. */
    int[] next() {
        if (all != null) {
            return all;
        }
        if (position + batchSize > order.length) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            position = 0;
        }
        int[] batch = new int[batchSize];
        System.arraycopy(order, position, batch, 0, batchSize);
        position += batchSize;
        return batch;
    }
}
