package dev.gradus.constraints;

import java.util.ArrayList;
import java.util.List;

/**
 * A uniform, non-overlapping decomposition of a space–time {@link Domain} into blocksX × blocksT
 * blocks; block k = jt·blocksX + jx. A point on an interior block edge belongs to the block above
 * it; points on the far edges belong to the last block.
 */
public final class BlockDecomposition {
    private final Domain domain;
    private final int blocksX;
    private final int blocksT;

    public BlockDecomposition(Domain domain, int blocksX, int blocksT) {
        if (domain == null) {
            throw new IllegalArgumentException("BlockDecomposition: domain must not be null");
        }
        if (blocksX < 1 || blocksT < 1) {
            throw new IllegalArgumentException("BlockDecomposition: blocksX and blocksT must be ≥ 1, got "
                    + blocksX + " × " + blocksT);
        }
        this.domain = domain;
        this.blocksX = blocksX;
        this.blocksT = blocksT;
    }

    /** The decomposed domain. */
    public Domain domain() {
        return domain;
    }

    public int size() {
        return blocksX * blocksT;
    }

    public int blocksX() {
        return blocksX;
    }

    public int blocksT() {
        return blocksT;
    }

    /** The sub-domain of block k. */
    public Domain block(int k) {
        if (k < 0 || k >= size()) {
            throw new IllegalArgumentException("BlockDecomposition: block index must be in [0, " + size() + "), got " + k);
        }
        int jx = k % blocksX;
        int jt = k / blocksX;
        double w = domain.width() / blocksX;
        double d = domain.duration() / blocksT;
        return new Domain(domain.x0() + jx * w, jx == blocksX - 1 ? domain.x1() : domain.x0() + (jx + 1) * w,
                domain.t0() + jt * d, jt == blocksT - 1 ? domain.t1() : domain.t0() + (jt + 1) * d);
    }

    /** The block owning the point (x, t). */
    public int blockOf(double x, double t) {
        int jx = (int) Math.floor((x - domain.x0()) / domain.width() * blocksX);
        int jt = (int) Math.floor((t - domain.t0()) / domain.duration() * blocksT);
        jx = Math.min(Math.max(jx, 0), blocksX - 1);
        jt = Math.min(Math.max(jt, 0), blocksT - 1);
        return jt * blocksX + jx;
    }

    /** For each block, the row indices of the [P, 2] points it owns. */
    public int[][] partition(dev.gradus.autodiff.Tensor points) {
        double[] p = points.toDoubleArray();
        List<List<Integer>> lists = new ArrayList<>();
        for (int k = 0; k < size(); k++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < points.dim(0); i++) {
            lists.get(blockOf(p[2 * i], p[2 * i + 1])).add(i);
        }
        int[][] out = new int[size()][];
        for (int k = 0; k < size(); k++) {
            out[k] = lists.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
