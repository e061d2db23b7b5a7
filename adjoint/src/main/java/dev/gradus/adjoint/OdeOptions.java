package dev.gradus.adjoint;

/**
 * Everything about an ODE solve except the problem: the integrator, the sensitivity method, limits
 * and the optional solver-heuristic regularisers of Pal et al. Immutable; each {@code with…} method
 * returns a copy. Invalid values fail here, at construction, and so do combinations the sensitivity
 * method cannot honour ({@link SensitivityMethod#validate}), e.g. {@link SensitivityMethod#direct()}
 * with an integrator it cannot run.
 *
 * <pre>{@code
 * OdeOptions o = OdeOptions.defaults()
 *         .withIntegrator(Integrator.dormandPrince54(1e-8, 1e-10))
 *         .withMethod(SensitivityMethod.backsolveAdjoint())
 *         .withLocalRegularisation(seed);
 * }</pre>
 */
public final class OdeOptions {
    /** Default cap on right-hand-side evaluations per pass (forward, backward). */
    public static final int DEFAULT_MAX_EVALUATIONS = 2_000_000;
    /** Default smallest adaptive step, relative to the length of the time span. */
    public static final double DEFAULT_MIN_STEP_FRACTION = 1e-13;

    /** No local regularisation. */
    private static final long NO_SEED = Long.MIN_VALUE;

    private final Integrator integrator;
    private final SensitivityMethod method;
    private final int maxEvaluations;
    private final double minStepFraction;
    private final boolean globalRegularisation;
    private final long localRegularisationSeed;
    private final LocalSampling localSampling;

    private OdeOptions(Integrator integrator, SensitivityMethod method, int maxEvaluations, double minStepFraction,
            boolean globalRegularisation, long localRegularisationSeed, LocalSampling localSampling) {
        if (integrator == null) {
            throw new IllegalArgumentException("OdeOptions: integrator must not be null");
        }
        if (method == null) {
            throw new IllegalArgumentException("OdeOptions: method must not be null");
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("OdeOptions: maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        if (!(minStepFraction >= 0) || !(minStepFraction < 1)) {
            throw new IllegalArgumentException("OdeOptions: minStepFraction must be in [0, 1), got " + minStepFraction);
        }
        this.integrator = integrator;
        this.method = method;
        this.maxEvaluations = maxEvaluations;
        this.minStepFraction = minStepFraction;
        this.globalRegularisation = globalRegularisation;
        this.localRegularisationSeed = localRegularisationSeed;
        this.localSampling = localSampling;
        method.validate(this);
    }

    /** Dormand–Prince 5(4) at rtol 1e-6, atol 1e-8, interpolating adjoint, no regularisation. */
    public static OdeOptions defaults() {
        return new OdeOptions(Integrator.defaults(), SensitivityMethod.interpolatingAdjoint(), DEFAULT_MAX_EVALUATIONS,
                DEFAULT_MIN_STEP_FRACTION, false, NO_SEED,
                LocalSampling.UNIFORM_TIME);
    }

    public OdeOptions withIntegrator(Integrator newIntegrator) {
        return new OdeOptions(newIntegrator, method, maxEvaluations, minStepFraction, globalRegularisation,
                localRegularisationSeed, localSampling);
    }

    public OdeOptions withMethod(SensitivityMethod newMethod) {
        return new OdeOptions(integrator, newMethod, maxEvaluations, minStepFraction, globalRegularisation,
                localRegularisationSeed, localSampling);
    }

    /** Cap on right-hand-side evaluations, per pass; reaching it raises {@link OdeSolveException}. */
    public OdeOptions withMaxEvaluations(int cap) {
        return new OdeOptions(integrator, method, cap, minStepFraction, globalRegularisation, localRegularisationSeed,
                localSampling);
    }

    /** Smallest allowed adaptive step as a fraction of the time span; below it the solve fails. */
    public OdeOptions withMinStepFraction(double fraction) {
        return new OdeOptions(integrator, method, maxEvaluations, fraction, globalRegularisation,
                localRegularisationSeed, localSampling);
    }

    /**
     * Adds the global regulariser of "Opening the Blackbox" (Pal et al.): R = Σ_j E_j·|h_j| over the
     * accepted steps, E_j the RMS of the step's local error estimate; available with
     * {@link SensitivityMethod#direct()} and an integrator with an embedded error estimate only. Read it from {@link OdeSolution#regularisation()}.
     */
    public OdeOptions withGlobalRegularisation() {
        return new OdeOptions(integrator, method, maxEvaluations, minStepFraction, true, localRegularisationSeed,
                localSampling);
    }

    /**
     * Adds the local regulariser of "Locally Regularized Neural Differential Equations": one extra
     * Dormand–Prince 5(4) step at a time t_r drawn uniformly from the span with this seed, of the size
     * of the solver's accepted step there, penalised by R = E(t_r)·|h| ({@link LocalSampling#UNIFORM_TIME}).
     * Works with every method; vary the seed between training iterations.
     */
    public OdeOptions withLocalRegularisation(long seed) {
        return withLocalRegularisation(seed, LocalSampling.UNIFORM_TIME);
    }

    /** The local regulariser with its step placed as {@code sampling} says ({@link LocalSampling}). */
    public OdeOptions withLocalRegularisation(long seed, LocalSampling sampling) {
        if (seed == NO_SEED) {
            throw new IllegalArgumentException("OdeOptions: seed " + seed + " is reserved; use another");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("OdeOptions: local regularisation sampling must not be null");
        }
        return new OdeOptions(integrator, method, maxEvaluations, minStepFraction, globalRegularisation, seed,
                sampling);
    }

    /** These options without the local regulariser. */
    OdeOptions withoutLocalRegularisation() {
        return new OdeOptions(integrator, method, maxEvaluations, minStepFraction, globalRegularisation, NO_SEED,
                LocalSampling.UNIFORM_TIME);
    }

    /** Where the local regulariser's step is placed. */
    public LocalSampling localSampling() {
        return localSampling;
    }

    public Integrator integrator() {
        return integrator;
    }

    public SensitivityMethod method() {
        return method;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    public double minStepFraction() {
        return minStepFraction;
    }

    public boolean globalRegularisation() {
        return globalRegularisation;
    }

    public boolean localRegularisation() {
        return localRegularisationSeed != NO_SEED;
    }

    /** The seed of the local regulariser's random time (meaningful when {@link #localRegularisation()}). */
    public long localRegularisationSeed() {
        return localRegularisationSeed;
    }

    @Override
    public String toString() {
        return "OdeOptions{" + integrator + ", " + method.name() + ", maxEvaluations=" + maxEvaluations
                + (globalRegularisation ? ", global regularisation" : "")
                + (localRegularisation() ? ", local regularisation(seed=" + localRegularisationSeed + ", " + localSampling + ")" : "") + "}";
    }
}
