package dev.gradus.bilevel;

/**
 * The penalty λ_k = 1/σ_k of the penalty method at outer iteration k, with the step-size scales
 * that go with it. The penalty method's lower sequence descends the normalised objective
 * F/λ_k + g, so a step η on it is a step η/λ_k on F + λ_k·g.
 *
 * <p>Provided: {@link #constant}, {@link #f2sa} (λ grows like k^{2/7}; step sizes as in F2SA)
 * and {@link #ramp} (V-PBGD: a linear ramp of γ = λ to γ_max, loss scaled by min(1/γ, 1)).
 */
public interface PenaltySchedule {
    /** λ_k &gt; 0. */
    double penalty(long k);

    /** Factor on the base x step at iteration k (default 1). */
    default double xStepScale(long k) {
        return 1.0;
    }

    /** Factor on the base step of the y sequence (on F/λ_k + g) at iteration k (default 1). */
    default double yStepScale(long k) {
        return 1.0;
    }

    /** Factor on the base step of the z sequence (on g) at iteration k (default 1). */
    default double zStepScale(long k) {
        return 1.0;
    }

    /** A fixed penalty λ (σ = 1/λ); bias O(1/λ). */
    static PenaltySchedule constant(double lambda) {
        Checks.positive("PenaltySchedule.constant lambda", lambda);
        return k -> lambda;
    }

    /**
     * F2SA-style growth: λ_k = λ0·(k+1)^{2/7}, with F2SA's step sizes α_k ∝ (k+1)^{−5/7} on
     * ∇F + λ_k∇g for y (a scale (k+1)^{−3/7} on the normalised objective) and (k+1)^{−4/7} for z
     * and x.
     */
    static PenaltySchedule f2sa(double lambda0) {
        Checks.positive("PenaltySchedule.f2sa lambda0", lambda0);
        return new PenaltySchedule() {
            @Override
            public double penalty(long k) {
                return lambda0 * Math.pow(k + 1, 2.0 / 7);
            }

            @Override
            public double xStepScale(long k) {
                return Math.pow(k + 1, -4.0 / 7);
            }

            @Override
            public double yStepScale(long k) {
                return Math.pow(k + 1, -3.0 / 7);
            }

            @Override
            public double zStepScale(long k) {
                return Math.pow(k + 1, -4.0 / 7);
            }
        };
    }

    /**
     * V-PBGD-style ramp: γ_k rises linearly from γ_0 to γ_max over {@code rampSteps} iterations and
     * stays there; the x-gradient is that of the loss scaled by min(1/γ_k, 1), i.e.
     * ∇ₓF/γ + ∇ₓg(y) − ∇ₓg(z) once γ ≥ 1.
     */
    static PenaltySchedule ramp(double gamma0, double gammaMax, long rampSteps) {
        Checks.positive("PenaltySchedule.ramp gamma0", gamma0);
        Checks.positive("PenaltySchedule.ramp gammaMax", gammaMax);
        if (gammaMax < gamma0) {
            throw new IllegalArgumentException("PenaltySchedule.ramp: gammaMax must be >= gamma0 = " + gamma0
                    + ", got " + gammaMax);
        }
        if (rampSteps <= 0) {
            throw new IllegalArgumentException("PenaltySchedule.ramp: rampSteps must be positive, got " + rampSteps);
        }
        return new PenaltySchedule() {
            @Override
            public double penalty(long k) {
                return k >= rampSteps ? gammaMax : gamma0 + (gammaMax - gamma0) * k / rampSteps;
            }

            @Override
            public double xStepScale(long k) {
                return Math.min(1.0 / penalty(k), 1.0);
            }
        };
    }
}
