package dev.gradus.harness;

import dev.gradus.autodiff.Tensor;
import dev.gradus.bayesopt.Acquisitions;
import dev.gradus.bayesopt.Bounds;
import dev.gradus.bayesopt.GaussianProcess;
import dev.gradus.bayesopt.GpOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bayesian optimisation of the tuning trials. The first round is a Latin hypercube of
 * {@link #initialTrials(int) about half} the trials; then one trial per round, the maximiser of log
 * expected improvement under a Gaussian process (Matérn-5/2, maximum likelihood) fitted to the
 * trials so far.
 * <ul>
 * <li><b>Inputs.</b> Each numeric dimension as its fraction of the range (log-uniform ones in log
 * space); each choice one-hot (one coordinate per option), so that the GP learns a length scale
 * per option.
 * <li><b>Objective.</b> The trials' ranks by their (lexicographic) score, scaled to [0, 1]: the
 * PAR2 score or validation metric first, the final loss breaking ties, so that a round in which
 * every trial failed still orders them, and infinite scores need no special value.
 * <li><b>Search.</b> {@value #CANDIDATES} random candidates and as many perturbations of the three
 * best trials (numbers by a normal step of 0.1 of the range, each choice kept with probability
 * 3/4), scored in one batch; the best candidate not already tried wins.
 * </ul>
 * Everything random derives from the seed and the trial number, so the proposals are a function of
 * the scores reported.
 */
final class BayesianTuner implements Tuner {
    /** Random candidates per proposal (and as many local ones). */
    static final int CANDIDATES = 1024;
    private static final double STEP = 0.1;

    private final SearchSpace space;
    private final long seed;
    private final int initial;
    private final int inputs;
    private final TrialLog log;

    BayesianTuner(SearchSpace space, int trials, long seed) {
        this.space = space;
        this.seed = seed;
        this.log = new TrialLog(trials);
        this.initial = initialTrials(trials);
        this.inputs = space.dimensions().stream().mapToInt(d -> d instanceof SearchSpace.Choice c
                ? c.options().size() : 1).sum();
    }

    /** Trials of the initial Latin hypercube: half of them (rounded up), at least 2 where there are 2. */
    static int initialTrials(int trials) {
        return Math.min(trials, Math.max(2, (trials + 1) / 2));
    }

    @Override
    public List<Hyperparameters> next() {
        log.requireReported();
        int t = log.proposed();
        if (t >= log.trials()) {
            return List.of();
        }
        List<double[]> round = new ArrayList<>();
        if (t == 0) {
            for (int i = 0; i < initial; i++) {
                double[] f = new double[space.dimensions().size()];
                for (int k = 0; k < f.length; k++) {
                    f[k] = Stratified.fraction(i, initial, seed, k);
                }
                round.add(f);
            }
        } else {
            round.add(propose(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t)));
        }
        List<Hyperparameters> out = new ArrayList<>();
        for (double[] f : round) {
            log.propose(f);
            out.add(space.at(f));
        }
        return out;
    }

    @Override
    public void report(int trial, double[] score) {
        log.report(trial, score);
    }

    /** The fractions of the next trial. */
    private double[] propose(SplittableRandom rng) {
        int n = log.proposed();
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = encode(log.point(i));
        }
        double[] y = log.scaledRanks();
        GaussianProcess gp = GaussianProcess.fit(x, y, GpOptions.defaults().withInputBounds(Bounds.cube(inputs, 0, 1))
                .withSeed(rng.nextLong()));
        List<double[]> candidates = candidates(rng, y);
        double[][] encoded = candidates.stream().map(this::encode).toArray(double[][]::new);
        double[] acquisition = Acquisitions.logExpectedImprovement(gp.predict(Tensor.of(encoded)),
                Arrays.stream(y).min().orElseThrow()).toDoubleArray();
        int best = -1;
        for (int c = 0; c < candidates.size(); c++) {
            if ((best < 0 || acquisition[c] > acquisition[best]) && !tried(encoded[c], x)) {
                best = c;
            }
        }
        return candidates.get(best < 0 ? 0 : best);
    }

    private List<double[]> candidates(SplittableRandom rng, double[] ranks) {
        int dims = space.dimensions().size();
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < CANDIDATES; c++) {
            out.add(rng.doubles(dims).toArray());
        }
        int[] best = IntStream.range(0, ranks.length).boxed().sorted(Comparator.comparingDouble(i -> ranks[i]))
                .limit(3).mapToInt(Integer::intValue).toArray();
        for (int c = 0; c < CANDIDATES; c++) {
            double[] f = log.point(best[c % best.length]);
            for (int k = 0; k < dims; k++) {
                if (space.dimensions().get(k) instanceof SearchSpace.Choice) {
                    f[k] = rng.nextDouble() < 0.75 ? f[k] : rng.nextDouble();
                } else {
                    f[k] = Math.min(1, Math.max(0, f[k] + STEP * gaussian(rng)));
                }
            }
            out.add(f);
        }
        return out;
    }

    /** The GP's input: numbers as fractions, each choice one-hot. */
    private double[] encode(double[] fractions) {
        double[] u = new double[inputs];
        int at = 0;
        for (int k = 0; k < fractions.length; k++) {
            if (space.dimensions().get(k) instanceof SearchSpace.Choice c) {
                int m = c.options().size();
                u[at + Math.min(m - 1, (int) (fractions[k] * m))] = 1;
                at += m;
            } else {
                u[at++] = fractions[k];
            }
        }
        return u;
    }

    private static boolean tried(double[] u, double[][] x) {
        for (double[] xi : x) {
            double d = 0;
            for (int j = 0; j < u.length; j++) {
                d += (u[j] - xi[j]) * (u[j] - xi[j]);
            }
            if (d < 1e-12) {
                return true;
            }
        }
        return false;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
