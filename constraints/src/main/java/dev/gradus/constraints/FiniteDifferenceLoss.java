package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;

/**
 * The paper's physics loss: the solution u is taken at every node of the nx × nt {@link LossGrid}
 * (x varying fastest) and differentiated by finite differences on the grid, so that for a
 * piecewise (mixture-of-experts) solution the stencils that straddle a block edge couple
 * neighbouring experts.
 *
 * <p>Stencils (all second order): u_xx by the 3-point central difference (or, optionally, the u_x
 * operator applied twice); u_t by the central
 * difference, and the one-sided 3-point difference on the last time line; u_x (for boundary rows
 * that need it) by the central difference inside and one-sided 3-point differences on the two
 * edges. The loss is mean(PDE²) over the interior nodes (1 ≤ i ≤ nx − 2, 1 ≤ j ≤ nt − 1) +
 * mean(IC²) over the initial line + (Σ left² + Σ right²)/(2(nt − 1)) over the boundary lines
 * (t > t0) — the same sets and weights as the exact-derivative loss. Everything is a Tensor op on
 * u, so ∂L/∂u comes from the tape.
 */
public final class FiniteDifferenceLoss {
    private final PdeProblem problem;
    private final LossGrid grid;
    private final int[] interior;
    private final int[] initial;
    private final int[] left;
    private final int[] right;
    private final Tensor dxOperator;
    private final Tensor dtOperator;
    private final Tensor dxxOperator;

    /**
     * The 3-point u_xx stencil.
     *
     * @param problem the PDE
     * @param grid the loss grid (nx ≥ 3, nt ≥ 3)
     */
    public FiniteDifferenceLoss(PdeProblem problem, LossGrid grid) {
        this(problem, grid, false);
    }

    /**
     * @param problem the PDE
     * @param grid the loss grid (nx ≥ 3, nt ≥ 3)
     * @param nestedSecondDifference u_xx as the u_x operator applied twice, as the paper's code forms
     *     it ((u_{i+2} − 2u_i + u_{i−2})/(2h)² inside: a value jump at a block edge enters four
     *     stencils with 1/(4h²) instead of two with 1/h²), instead of the 3-point stencil
     */
    public FiniteDifferenceLoss(PdeProblem problem, LossGrid grid, boolean nestedSecondDifference) {
        if (problem == null || grid == null) {
            throw new IllegalArgumentException("FiniteDifferenceLoss: problem and grid must be non-null");
        }
        if (grid.nt() < 3) {
            throw new IllegalArgumentException("FiniteDifferenceLoss: the time stencils need nt ≥ 3, got nt=" + grid.nt());
        }
        this.problem = problem;
        this.grid = grid;
        int nx = grid.nx();
        int nt = grid.nt();
        this.interior = new int[(nx - 2) * (nt - 1)];
        for (int j = 1, k = 0; j < nt; j++) {
            for (int i = 1; i + 1 < nx; i++) {
                interior[k++] = j * nx + i;
            }
        }
        this.initial = new int[nx];
        for (int i = 0; i < nx; i++) {
            initial[i] = i;
        }
        this.left = new int[nt - 1];
        this.right = new int[nt - 1];
        for (int j = 1; j < nt; j++) {
            left[j - 1] = j * nx;
            right[j - 1] = j * nx + nx - 1;
        }
        double hx = grid.domain().width() / (nx - 1);
        double ht = grid.domain().duration() / (nt - 1);
        this.dxOperator = firstDerivative(nx, hx);
        this.dtOperator = firstDerivative(nt, ht).transpose();
        this.dxxOperator = nestedSecondDifference ? dxOperator.matmul(dxOperator) : secondDerivative(nx, hx);
    }

    public LossGrid grid() {
        return grid;
    }

    /** All nodes [nx·nt, 2] in the order of u. */
    public Tensor nodes() {
        return grid.nodes();
    }

    /**
     * The physics loss of the nodal values.
     *
     * @param u the solution at {@link #nodes()}, shape [nx·nt]
     * @return the scalar loss (differentiable in u)
     */
    public Tensor loss(Tensor u) {
        int nx = grid.nx();
        int nt = grid.nt();
        if (u == null || u.rank() != 1 || u.size() != nx * nt) {
            throw new IllegalArgumentException("FiniteDifferenceLoss: u must have shape [" + nx * nt + "], got "
                    + (u == null ? "null" : java.util.Arrays.toString(u.shape())));
        }
        Tensor field = u.reshape(nt, nx);
        Tensor ux = field.matmul(dxOperator).reshape(-1, 1);
        Tensor uxx = field.matmul(dxxOperator).reshape(-1, 1);
        Tensor ut = dtOperator.matmul(field).reshape(-1, 1);
        Tensor values = u.reshape(-1, 1);
        Tensor one = Tensor.ones(1, 1);
        Tensor nodes = grid.nodes();
        Tensor pde = problem.pdeResidual(at(nodes, values, ux, ut, uxx, interior), one).square().mean();
        Tensor ic = problem.initialResidual(at(nodes, values, ux, ut, uxx, initial), one).square().mean();
        Tensor bc = problem.leftResidual(at(nodes, values, ux, ut, uxx, left), one).square().sum()
                .add(problem.rightResidual(at(nodes, values, ux, ut, uxx, right), one).square().sum())
                .div(grid.boundaryCount());
        return pde.add(ic).add(bc);
    }

    /** The nodal "fields" of u (one column) at the selected nodes, for the problem's residuals. */
    private static BasisFields at(Tensor nodes, Tensor u, Tensor ux, Tensor ut, Tensor uxx, int[] index) {
        return new BasisFields(nodes.index(0, index), u.index(0, index), ux.index(0, index), ut.index(0, index),
                uxx.index(0, index));
    }

    /** D [n, n] with (f·D)_i = f'(x_i): central inside, one-sided 3-point on both ends. */
    private static Tensor firstDerivative(int n, double h) {
        double[] d = new double[n * n];
        set(d, n, 0, 0, -1.5 / h);
        set(d, n, 1, 0, 2 / h);
        set(d, n, 2, 0, -0.5 / h);
        for (int i = 1; i + 1 < n; i++) {
            set(d, n, i - 1, i, -0.5 / h);
            set(d, n, i + 1, i, 0.5 / h);
        }
        set(d, n, n - 1, n - 1, 1.5 / h);
        set(d, n, n - 2, n - 1, -2 / h);
        set(d, n, n - 3, n - 1, 0.5 / h);
        return Tensor.of(d, n, n);
    }

    /** D [n, n] with (f·D)_i = f''(x_i) by the central 3-point stencil (zero columns at both ends). */
    private static Tensor secondDerivative(int n, double h) {
        double[] d = new double[n * n];
        for (int i = 1; i + 1 < n; i++) {
            set(d, n, i - 1, i, 1 / (h * h));
            set(d, n, i, i, -2 / (h * h));
            set(d, n, i + 1, i, 1 / (h * h));
        }
        return Tensor.of(d, n, n);
    }

    private static void set(double[] d, int n, int row, int col, double v) {
        d[row * n + col] = v;
    }
}
