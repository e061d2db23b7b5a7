package dev.gradus.implicit;

/**
 * Factories for {@link LinearSolver}s with defaults: relative tolerance 1e-10, iteration cap 1000,
 * no ridge, GMRES restart 50, and a backward solve that misses its tolerance throws.
 *
 * <pre>{@code
 * LinearSolveResult r = LinearSolvers.cg().tolerance(1e-8).ridge(1e-6).solve(op, b);
 * }</pre>
 */
public final class LinearSolvers {
    private static final double TOLERANCE = 1e-10;
    private static final int MAX_ITERATIONS = 1000;
    private static final int RESTART = 50;

    private LinearSolvers() {}

    private static LinearSolver make(LinearSolver.Method m) {
        return new LinearSolver(m, TOLERANCE, MAX_ITERATIONS, 0.0, RESTART, Double.NaN, false);
    }

    /** Conjugate gradients (A symmetric positive definite). */
    public static LinearSolver cg() {
        return make(LinearSolver.Method.CG);
    }

    /** CG on the normal equations (any nonsingular A; needs the transpose product). */
    public static LinearSolver normalCg() {
        return make(LinearSolver.Method.NORMAL_CG);
    }

    /** Restarted GMRES. */
    public static LinearSolver gmres() {
        return make(LinearSolver.Method.GMRES);
    }

    /** BiCGSTAB. */
    public static LinearSolver bicgstab() {
        return make(LinearSolver.Method.BICGSTAB);
    }

    /** Dense LU (EJML) after materialising A with n products; for small n. */
    public static LinearSolver lu() {
        return make(LinearSolver.Method.LU);
    }

    /** Dense Cholesky (EJML); A symmetric positive definite. */
    public static LinearSolver cholesky() {
        return make(LinearSolver.Method.CHOLESKY);
    }

    /** Dense QR (EJML). */
    public static LinearSolver qr() {
        return make(LinearSolver.Method.QR);
    }

    /**
     * The Neumann series x = η Σ_{j<N}(I − ηA)ʲ b (Richardson iteration), one product per term,
     * for A whose eigenvalues ηλ lie in (0, 2) — e.g. SPD A with η &lt; 2/λ_max. N is
     * {@code maxIterations}; the series stops early once the tolerance is met, and fails like the
     * other methods when N terms do not reach it.
     */
    public static LinearSolver neumann(double step) {
        return new LinearSolver(LinearSolver.Method.NEUMANN, TOLERANCE, MAX_ITERATIONS, 0.0, RESTART, step, false);
    }
}
