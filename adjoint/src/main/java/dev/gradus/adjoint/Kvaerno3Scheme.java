package dev.gradus.adjoint;

/**
 * Kværnø's ESDIRK3(2)4L[2]SA: a four-stage, L-stable, stiffly accurate singly diagonally implicit
 * Runge–Kutta method of order 3 with an embedded stiffly accurate order-2 solution (its third stage),
 * γ = 0.4358665215 (A. Kværnø, "Singly diagonally implicit Runge–Kutta methods with an explicit first
 * stage", BIT 44 (2004) 489–502; the same tableau as Diffrax's {@code Kvaerno3}). Each implicit stage
 * z_i = ψ_i + hγ·f(t₀ + c_i·h, z_i) is solved by simplified Newton with the matrix I − hγJ, whose LU
 * factorisation is kept across stages and steps: J is re-evaluated only when Newton fails or converges
 * slowly, and the factorisation is renewed only when hγ moves by more than 20 %. Dense output: the
 * cubic Hermite interpolant of the step's ends with the final-stage derivatives (z₄ − ψ₄)/(hγ) of this
 * and the previous step as slopes, not f at the step's ends: on a stiff component f(y₁) multiplies the
 * state's error by the stiff eigenvalue (with f(y₁), Robertson's outputs at rtol 1e-6 were 399× the
 * tolerance off where the step ends were within 1.5×).
 */
final class Kvaerno3Scheme implements StiffIntegrator.Scheme {
    static final String NAME = "Kvaerno3";
    private static final double GAMMA = 0.43586652150;
    private static final double[] C = {0, 2 * GAMMA, 1, 1};
    private static final double[][] A = {
        {},
        {GAMMA},
        {(-4 * GAMMA * GAMMA + 6 * GAMMA - 1) / (4 * GAMMA), (-2 * GAMMA + 1) / (4 * GAMMA)},
        {(6 * GAMMA - 1) / (12 * GAMMA), -1 / ((24 * GAMMA - 12) * GAMMA),
            (-6 * GAMMA * GAMMA + 6 * GAMMA - 1) / (6 * GAMMA - 3)},
    };
    private static final int MAX_ITERATIONS = 8;
    /** A contraction rate above this asks for a fresh Jacobian at the next step. */
    private static final double SLOW_RATE = 0.5;

    private LinearisedSystem system;
    /** Newton stops when the estimated remaining error is below this fraction of the tolerance. */
    private double newtonTolerance;
    private boolean jacobianCurrent;
    private boolean refreshJacobian = true;
    /** The last attempt's final-stage derivative (z₄ − ψ₄)/(hγ) and the time it belongs to (its step's end). */
    private double[] lastStageDerivative;
    private double lastStageTime = Double.NaN;
    /** The final-stage derivative at the end of the last accepted step (null after a reset). */
    private double[] startStageDerivative;
    private double startStageTime = Double.NaN;

    @Override
    public int errorOrder() {
        return 2;
    }

    @Override
    public StiffIntegrator.Attempt attempt(StiffIntegrator integrator, double t0, double[] y0, double[] f0, double h,
            boolean fresh) {
        if (system == null) {
            system = integrator.newLinearisedSystem();
            newtonTolerance = newtonTolerance(integrator.smallestRelativeTolerance());
        }
        if (fresh || t0 != startStageTime) {
            startStageDerivative = null; // a reset, or the step did not start where the last accepted one ended
        }
        if (fresh || refreshJacobian) {
            integrator.jacobian(t0, y0, f0, system);
            jacobianCurrent = true;
            refreshJacobian = false;
            system.invalidate();
        }
        double sigma = 1.0 / (h * GAMMA);
        if (Double.isNaN(system.sigma()) || Math.abs(sigma / system.sigma() - 1) > 0.2) {
            integrator.factorise(system, sigma, t0);
        }
        int n = y0.length;
        double[][] k = new double[4][];
        k[0] = f0;
        double[][] z = new double[4][];
        boolean slow = false;
        for (int s = 1; s < 4; s++) {
            double[] psi = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    sum += A[s][j] * k[j][i];
                }
                psi[i] = y0[i] + h * sum;
            }
            double[] zi = new double[n];
            for (int i = 0; i < n; i++) {
                zi[i] = psi[i] + h * GAMMA * k[s - 1][i];
            }
            double rate = Double.NaN;
            double previous = Double.NaN;
            boolean converged = false;
            double[] fi = null;
            for (int it = 0; it < MAX_ITERATIONS && !converged; it++) {
                fi = integrator.derivative(t0 + C[s] * h, zi);
                double[] delta = new double[n];
                for (int i = 0; i < n; i++) {
                    delta[i] = (psi[i] + h * GAMMA * fi[i] - zi[i]) * system.sigma();
                }
                // (I − hγJ)·Δ = −G(z) with I − hγ'J = hγ'(σ'I − J) for the factorised σ' = 1/(hγ')
                system.solve(delta);
                for (int i = 0; i < n; i++) {
                    zi[i] += delta[i];
                }
                double norm = integrator.errorNorm(delta, y0, zi);
                if (it > 0) {
                    rate = norm / previous;
                    if (rate >= 1) {
                        break;
                    }
                    converged = rate / (1 - rate) * norm <= newtonTolerance;
                } else {
                    converged = norm <= 1e-2 * newtonTolerance;
                }
                previous = norm;
            }
            if (!converged) {
                if (jacobianCurrent) {
                    return StiffIntegrator.Attempt.failed();
                }
                // retry with a Jacobian at this step's start before shrinking the step
                refreshJacobian = true;
                return attempt(integrator, t0, y0, f0, h, false);
            }
            slow |= rate > SLOW_RATE;
            z[s] = zi;
            // f at the converged stage, from the stage equation instead of another evaluation
            double[] ki = new double[n];
            for (int i = 0; i < n; i++) {
                ki[i] = (zi[i] - psi[i]) / (h * GAMMA);
            }
            k[s] = ki;
        }
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            err[i] = z[3][i] - z[2][i];
        }
        jacobianCurrent = false;
        refreshJacobian = slow;
        lastStageDerivative = k[3];
        lastStageTime = t0 + h;
        return new StiffIntegrator.Attempt(z[3], null, integrator.errorNorm(err, y0, z[3]), slow ? 1.0 : Double.POSITIVE_INFINITY);
    }

    /**
     * The fraction of the tolerance below which the estimated remaining Newton error must fall: 0.003,
     * but no smaller than ten units of roundoff relative to rtol. With 0.03 (the usual choice for the
     * norm of the step's error) the Newton error dominated the global error at tight tolerances (Van der
     * Pol μ = 1000 at rtol 1e-6: 21× the tolerance at t = 3000; 5.0× with 0.003).
     */
    static double newtonTolerance(double rtol) {
        return Math.max(0.003, 10 * Math.ulp(1.0) / rtol);
    }

    @Override
    public double[][] dense(double[] y0, double[] f0, double[] y1, double[] f1, double h) {
        double[] start = startStageDerivative != null ? startStageDerivative : f0;
        startStageDerivative = lastStageDerivative;
        startStageTime = lastStageTime;
        return CubicStepInterpolator.hermite(y0, start, y1, lastStageDerivative, h);
    }
}
