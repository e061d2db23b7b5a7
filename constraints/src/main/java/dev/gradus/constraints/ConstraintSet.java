package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * The rows of one constraint problem: basis fields at the sampled PDE points, at the initial-
 * condition points and at the left and right boundary points.
 */
public record ConstraintSet(BasisFields pde, BasisFields initial, BasisFields left, BasisFields right) {
    private static final String[] GROUPS = {"pde", "initial", "left", "right"};

    public ConstraintSet {
        if (pde == null || initial == null || left == null || right == null) {
            throw new IllegalArgumentException("ConstraintSet: all four field groups must be non-null");
        }
        int n = pde.basisSize();
        for (BasisFields f : new BasisFields[] {initial, left, right}) {
            if (f.basisSize() != n) {
                throw new IllegalArgumentException("ConstraintSet: basis sizes differ: pde has " + n + ", another group "
                        + f.basisSize());
            }
        }
    }

    public int basisSize() {
        return pde.basisSize();
    }

    /** Total number of residual rows (without ridge rows). */
    public int rowCount() {
        return pde.count() + initial.count() + left.count() + right.count();
    }

    /** The stacked residuals [R, M] of the problem for coefficient columns ω [N, M]. */
    public Tensor residuals(PdeProblem problem, Tensor omega) {
        if (omega.rank() != 2 || omega.dim(0) != basisSize()) {
            throw new IllegalArgumentException("ConstraintSet.residuals: omega must have shape [" + basisSize()
                    + ", M], got " + java.util.Arrays.toString(omega.shape()));
        }
        return Tensor.concat(0, problem.pdeResidual(pde, omega), problem.initialResidual(initial, omega),
                problem.leftResidual(left, omega), problem.rightResidual(right, omega));
    }

    /** The field tensors as named parameters (the θ of the implicit differentiation). */
    public Params toParams() {
        Params.Builder b = Params.builder();
        BasisFields[] groups = groups();
        for (int g = 0; g < groups.length; g++) {
            BasisFields f = groups[g];
            b.put(GROUPS[g] + ".values", f.values());
            putIfPresent(b, GROUPS[g] + ".dx", f.dx());
            putIfPresent(b, GROUPS[g] + ".dt", f.dt());
            putIfPresent(b, GROUPS[g] + ".dxx", f.dxx());
        }
        return b.build();
    }

    /** This set with its field tensors replaced by those of {@code p} (as made by {@link #toParams()}). */
    public ConstraintSet withParams(Params p) {
        BasisFields[] groups = groups();
        BasisFields[] out = new BasisFields[4];
        for (int g = 0; g < 4; g++) {
            BasisFields f = groups[g];
            String n = GROUPS[g];
            out[g] = new BasisFields(f.points(), p.get(n + ".values"), get(p, n + ".dx"), get(p, n + ".dt"),
                    get(p, n + ".dxx"));
        }
        return new ConstraintSet(out[0], out[1], out[2], out[3]);
    }

    private BasisFields[] groups() {
        return new BasisFields[] {pde, initial, left, right};
    }

    private static void putIfPresent(Params.Builder b, String name, Tensor t) {
        if (t != null) {
            b.put(name, t);
        }
    }

    private static Tensor get(Params p, String name) {
        return p.contains(name) ? p.get(name) : null;
    }
}
