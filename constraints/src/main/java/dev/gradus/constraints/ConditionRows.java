package dev.gradus.constraints;

/**
 * Which initial- and boundary-condition rows an expert of {@link MixtureOfExperts} puts into its
 * hard-constraint solve.
 *
 * <ul>
 * <li>{@link #GLOBAL} — the whole initial line and both boundary lines in every expert. This is
 * what the paper's code does for its 1-D problem (diffusion–sorption: the initial condition and
 * the global boundary terms are replicated to every expert) and the default.</li>
 * <li>{@link #BLOCK_LOCAL} — only the initial- and boundary-condition points inside the expert's
 * own block; an expert whose block touches no boundary gets no boundary rows. The paper's code
 * partitions the initial condition this way for Navier–Stokes only.</li>
 * </ul>
 */
public enum ConditionRows {
    GLOBAL,
    BLOCK_LOCAL
}
