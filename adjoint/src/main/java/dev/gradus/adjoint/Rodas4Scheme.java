package dev.gradus.adjoint;

/**
 * RODAS4: the L-stable, stiffly accurate Rosenbrock method of order 4 with an embedded order-3 solution
 * and a third-order dense output, by Hairer and Wanner (Solving Ordinary Differential Equations II,
 * 2nd ed., Springer 1996, Section IV.7; coefficients of their code {@code rodas.f},
 * {@code METH = 1}). In their transformed variables u_i each stage solves
 * (1/(hγ)·I − J)·u_i = f(t₀ + c_i·h, y₀ + Σ_j a_ij·u_j) + Σ_j (C_ij/h)·u_j + h·d_i·∂f/∂t;
 * the embedded solution is y₀ + Σ_j a_5j·u_j + u_5, the solution adds u_6, which is the error
 * estimate. J = ∂f/∂y at the step start (exact or by differences, see {@link StiffIntegrator}) and
 * ∂f/∂t by a forward difference: seven evaluations of f per step and one factorisation per attempted
 * step.
 */
final class Rodas4Scheme implements StiffIntegrator.Scheme {
    static final String NAME = "Rodas4";
    private static final double GAMMA = 0.25;
    private static final double[] C = {0, 0.386, 0.21, 0.63, 1, 1};
    private static final double[] D = {0.25, -0.1043, 0.1035, -0.0362, 0, 0};
    private static final double[][] A = {
        {},
        {1.544},
        {0.9466785280815826, 0.2557011698983284},
        {3.314825187068521, 2.896124015972201, 0.9986419139977817},
        {1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950},
        {1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950, 1},
    };
    private static final double[][] GC = {
        {},
        {-5.6688},
        {-2.430093356833875, -0.2063599157091915},
        {-0.1073529058151375, -9.594562251023355, -20.47028614809616},
        {7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160},
        {8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054},
    };
    private static final double[] H2 = {10.12623508344586, -7.487995877610167, -34.80091861555747,
        -7.992771707568823, 1.025137723295662};
    private static final double[] H3 = {-0.6762803392801253, 6.087714651680015, 16.43084320892478,
        24.76722511418386, -6.594389125716872};

    private LinearisedSystem system;
    private double[] ft;
    private double jacobianTime = Double.NaN;
    private double[][] u;

    @Override
    public int errorOrder() {
        return 3;
    }

    @Override
    public StiffIntegrator.Attempt attempt(StiffIntegrator integrator, double t0, double[] y0, double[] f0, double h,
            boolean fresh) {
        int n = y0.length;
        if (system == null) {
            system = integrator.newLinearisedSystem();
        }
        if (fresh || t0 != jacobianTime) {
            integrator.jacobian(t0, y0, f0, system);
            double dt = Math.sqrt(2.220446049250313e-16 * Math.max(1e-5, Math.abs(t0)));
            double[] f1 = integrator.derivative(t0 + dt, y0);
            ft = new double[n];
            for (int i = 0; i < n; i++) {
                ft[i] = (f1[i] - f0[i]) / dt;
            }
            jacobianTime = t0;
        }
        integrator.factorise(system, 1.0 / (h * GAMMA), t0);
        u = new double[6][];
        double[] y = new double[n];
        for (int s = 0; s < 6; s++) {
            double[] rhs;
            if (s == 0) {
                rhs = f0.clone();
            } else {
                for (int i = 0; i < n; i++) {
                    double sum = y0[i];
                    for (int j = 0; j < s; j++) {
                        sum += A[s][j] * u[j][i];
                    }
                    y[i] = sum;
                }
                rhs = integrator.derivative(t0 + C[s] * h, y);
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        sum += GC[s][j] * u[j][i];
                    }
                    rhs[i] += sum / h;
                }
            }
            if (D[s] != 0) {
                for (int i = 0; i < n; i++) {
                    rhs[i] += h * D[s] * ft[i];
                }
            }
            system.solve(rhs);
            u[s] = rhs;
        }
        double[] y1 = new double[n];
        for (int i = 0; i < n; i++) {
            y1[i] = y[i] + u[5][i];
        }
        return new StiffIntegrator.Attempt(y1, null, integrator.errorNorm(u[5], y0, y1), Double.POSITIVE_INFINITY);
    }

    /** y(θ) = (1 − θ)·y₀ + θ·(y₁ + (1 − θ)·(H₂ + θ·H₃)), H_k = Σ_j h_kj·u_j (Hairer–Wanner's dense output). */
    @Override
    public double[][] dense(double[] y0, double[] f0, double[] y1, double[] f1, double h) {
        int n = y0.length;
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            double h2 = 0;
            double h3 = 0;
            for (int j = 0; j < 5; j++) {
                h2 += H2[j] * u[j][i];
                h3 += H3[j] * u[j][i];
            }
            c[0][i] = y0[i];
            c[1][i] = y1[i] - y0[i] + h2;
            c[2][i] = h3 - h2;
            c[3][i] = -h3;
        }
        return c;
    }
}
