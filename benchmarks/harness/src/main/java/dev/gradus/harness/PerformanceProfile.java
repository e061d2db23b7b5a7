package dev.gradus.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Dolan–Moré performance profiles of one study's time-to-target track, over instances = (problem
 * with a target, evaluation seed): every contender of an instance starts from the same seed. The
 * cost of a run is its units-to-target (∞ if it failed); {@code ρ_s(τ)} is the fraction of
 * instances on which contender s is within a factor τ of the best. Instances that no contender
 * solved carry no information and are left out (their count is reported). The score is the mean of
 * {@code ρ_s(τ)} over τ ∈ [1, {@value #MAX_RATIO}] (the normalised area under the profile): 1 means
 * fastest everywhere, 0 never within 4× of the best.
 */
public final class PerformanceProfile {
    /** Largest ratio to the best shown and scored. */
    public static final double MAX_RATIO = 4;
    private static final int GRID = 301;

    private final List<String> contenders;
    private final double[][] ratios;
    private final int unsolved;

    private PerformanceProfile(List<String> contenders, double[][] ratios, int unsolved) {
        this.contenders = contenders;
        this.ratios = ratios;
        this.unsolved = unsolved;
    }

    /** The profile of a study's evaluation runs. */
    public static PerformanceProfile of(ComparisonResult result, Study study) {
        List<String> names = study.contenders().stream().map(Contender::name).toList();
        List<double[]> rows = new ArrayList<>();
        int unsolved = 0;
        int seeds = result.config().evaluationSeeds().size();
        for (Problem p : TargetSummary.targetProblems(study)) {
            for (int s = 0; s < seeds; s++) {
                double[] cost = new double[names.size()];
                double best = Double.POSITIVE_INFINITY;
                for (int o = 0; o < names.size(); o++) {
                    RunResult r = result.cell(p.name(), names.get(o)).evaluation().get(s);
                    cost[o] = r.success() ? r.unitsToTarget() : Double.POSITIVE_INFINITY;
                    best = Math.min(best, cost[o]);
                }
                if (Double.isInfinite(best)) {
                    unsolved++;
                    continue;
                }
                for (int o = 0; o < names.size(); o++) {
                    cost[o] /= best;
                }
                rows.add(cost);
            }
        }
        double[][] byContender = new double[names.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int o = 0; o < names.size(); o++) {
                byContender[o][i] = rows.get(i)[o];
            }
        }
        return new PerformanceProfile(names, byContender, unsolved);
    }

    /** Contender names, in study order. */
    public List<String> contenders() {
        return contenders;
    }

    /** Instances that at least one contender solved. */
    public int instances() {
        return ratios.length == 0 ? 0 : ratios[0].length;
    }

    /** Instances no contender solved (left out). */
    public int unsolved() {
        return unsolved;
    }

    /** ρ(τ) of contender number {@code o}; 0 when there are no solved instances. */
    public double rho(int o, double tau) {
        if (instances() == 0) {
            return 0;
        }
        int within = 0;
        for (double r : ratios[o]) {
            if (r <= tau * (1 + 1e-12)) {
                within++;
            }
        }
        return (double) within / instances();
    }

    /** The normalised area under ρ over [1, {@value #MAX_RATIO}]. */
    public double score(int o) {
        double sum = 0;
        for (int k = 0; k < GRID; k++) {
            double w = (k == 0 || k == GRID - 1) ? 0.5 : 1;
            sum += w * rho(o, tau(k));
        }
        return sum / (GRID - 1);
    }

    /** The τ grid used for {@link #score} and for plotting. */
    public double[] taus() {
        double[] t = new double[GRID];
        for (int k = 0; k < GRID; k++) {
            t[k] = tau(k);
        }
        return t;
    }

    private static double tau(int k) {
        return 1 + (MAX_RATIO - 1) * k / (GRID - 1.0);
    }
}
