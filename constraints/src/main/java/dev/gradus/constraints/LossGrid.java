package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The points of the physics loss: PDE points on the interior of an nx × nt grid, the initial line
 * (nx points at t0) and the two boundary lines (nt − 1 points each, t > t0). The loss is
 * mean(PDE²) + mean(IC²) + mean(BC²) over these sets.
 */
public final class LossGrid {
    private final Domain domain;
    private final int nx;
    private final int nt;
    private final Tensor nodes;
    private final Tensor interior;
    private final Tensor initial;
    private final Tensor left;
    private final Tensor right;

    public LossGrid(Domain domain, int nx, int nt) {
        if (nx < 3 || nt < 2) {
            throw new IllegalArgumentException("LossGrid: need nx ≥ 3 and nt ≥ 2, got nx=" + nx + ", nt=" + nt);
        }
        this.domain = domain;
        this.nx = nx;
        this.nt = nt;
        Tensor all = Grid.uniform(domain, nx, nt);
        this.nodes = all;
        List<Integer> inner = new ArrayList<>();
        for (int j = 1; j < nt; j++) {
            for (int i = 1; i + 1 < nx; i++) {
                inner.add(j * nx + i);
            }
        }
        this.interior = all.index(0, inner.stream().mapToInt(Integer::intValue).toArray());
        this.initial = Grid.initialLine(domain, nx);
        this.left = Grid.boundaryLine(domain, domain.x0(), nt - 1);
        this.right = Grid.boundaryLine(domain, domain.x1(), nt - 1);
    }

    public Domain domain() {
        return domain;
    }

    public int nx() {
        return nx;
    }

    public int nt() {
        return nt;
    }

    /** All nx·nt nodes [nx·nt, 2], x varying fastest. */
    public Tensor nodes() {
        return nodes;
    }

    /** Interior PDE points [(nx − 2)(nt − 1), 2]. */
    public Tensor interior() {
        return interior;
    }

    /** Initial-line points [nx, 2]. */
    public Tensor initial() {
        return initial;
    }

    /** Left boundary points [nt − 1, 2]. */
    public Tensor left() {
        return left;
    }

    /** Right boundary points [nt − 1, 2]. */
    public Tensor right() {
        return right;
    }

    /** Number of boundary points on both lines together. */
    public int boundaryCount() {
        return 2 * (nt - 1);
    }
}
