package dev.gradus.benchmarks.constraints;

import dev.gradus.autodiff.Tensor;
import dev.gradus.constraints.BasisNetwork;
import dev.gradus.constraints.BlockDecomposition;
import dev.gradus.constraints.Comparison;
import dev.gradus.constraints.DiffusionSorption;
import dev.gradus.constraints.Domain;
import dev.gradus.constraints.Grid;
import dev.gradus.constraints.HardConstraintLayer;
import dev.gradus.constraints.HeatEquation;
import dev.gradus.constraints.LossGrid;
import dev.gradus.constraints.MixtureOfExperts;
import dev.gradus.constraints.PdeProblem;
import dev.gradus.constraints.PhysicsLoss;
import dev.gradus.constraints.PhysicsModel;
import dev.gradus.constraints.SoftConstraint;
import dev.gradus.constraints.SolveStatistics;
import dev.gradus.constraints.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code gradus pde} comparison: PI-SC, the global PI-HC and PI-HC-MoE on one problem with
 * the same network, loss grid, training and seed (the settings of the constraints module's slow
 * reproductions). The global hard constraint gets the same total number of constraint points as
 * the experts together (K·m).
 */
public final class PdeComparison {
    /** The problems. */
    public enum Problem {
        HEAT, DIFFUSION_SORPTION;

        public String cliName() {
            return PdeComparison.cliName(this);
        }

        /** The problem named as on the command line. */
        public static Problem of(String name) {
            return byCliName(Problem.class, name, "problem");
        }
    }

    /** The methods. */
    public enum Method {
        SOFT, GLOBAL, MOE;

        public String cliName() {
            return PdeComparison.cliName(this);
        }

        /** The method named as on the command line. */
        public static Method of(String name) {
            return byCliName(Method.class, name, "methods");
        }
    }

    /** The axis along which PI-HC-MoE splits the domain into K uniform blocks. */
    public enum Split {
        SPACE, TIME;

        public String cliName() {
            return PdeComparison.cliName(this);
        }

        /** The split named as on the command line. */
        public static Split of(String name) {
            return byCliName(Split.class, name, "split");
        }

        /** The K blocks of this split. */
        public BlockDecomposition blocks(Domain domain, int k) {
            return this == SPACE ? new BlockDecomposition(domain, k, 1) : new BlockDecomposition(domain, 1, k);
        }
    }

    /**
     * @param problem the PDE
     * @param methods the methods, in table order (at least one)
     * @param experts K, blocks of PI-HC-MoE (≥ 2)
     * @param split the axis of the K blocks (the defaults: time for heat, where every expert then
     *        keeps the complete boundary rows; space for diffusion–sorption, as the paper)
     * @param pointsPerExpert m, constraint points per expert and step (≥ 1)
     * @param steps Adam steps (≥ 1)
     * @param seed seed of the problem instance, the network and the point sampling
     * @param threads worker threads of PI-HC-MoE (≥ 1)
     * @param loss the training loss of the hard-constrained methods (PI-SC uses the same derivatives,
     *        without an interface term)
     */
    public record Config(Problem problem, List<Method> methods, int experts, Split split, int pointsPerExpert, int steps,
            long seed, int threads, PhysicsLoss loss) {
        public Config {
            if (problem == null) {
                throw new IllegalArgumentException("problem: must not be null");
            }
            if (methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("methods: expected at least one of soft, global, moe, got "
                        + methods);
            }
            methods = List.copyOf(methods);
            if (experts < 2) {
                throw new IllegalArgumentException("experts: expected K >= 2, got " + experts);
            }
            if (split == null) {
                throw new IllegalArgumentException("split: must not be null");
            }
            if (pointsPerExpert < 1) {
                throw new IllegalArgumentException("points: expected >= 1 constraint points per expert, got "
                        + pointsPerExpert);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps: expected >= 1, got " + steps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
            }
            if (loss == null) {
                throw new IllegalArgumentException("interface-weight: the loss must not be null");
            }
        }

        /** The default of a problem: all methods, K = 4 on its split, the reproduction's points, steps and seed. */
        public static Config defaults(Problem problem) {
            List<Method> all = List.of(Method.values());
            return problem == Problem.HEAT
                    ? new Config(problem, all, 4, Split.TIME, 300, 1600, 0, 2, PhysicsLoss.finiteDifferences())
                    : new Config(problem, all, 4, Split.SPACE, 200, 1000, 0, 2, PhysicsLoss.finiteDifferences());
        }

        /** A run of about a minute on two cores. */
        public static Config quick(Problem problem) {
            List<Method> all = List.of(Method.values());
            return problem == Problem.HEAT
                    ? new Config(problem, all, 4, Split.TIME, 300, 300, 0, 2, PhysicsLoss.finiteDifferences())
                    : new Config(problem, all, 4, Split.SPACE, 200, 100, 0, 2, PhysicsLoss.finiteDifferences());
        }
    }

    /** One method's outcome, with the inner-solve statistics of the hard-constrained ones (null for PI-SC). */
    public record Row(Method method, Comparison.Row result, SolveStatistics solves) {
    }

    /** The outcome of a run. */
    public record Result(Config config, String settings, List<Row> rows, double seconds) {
    }

    /** The command-line spelling of a constant: lower case, '-' for '_'. */
    private static String cliName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} spelled {@code name} on the command line; an error names the option. */
    private static <E extends Enum<E>> E byCliName(Class<E> type, String name, String option) {
        E[] values = type.getEnumConstants();
        for (E e : values) {
            if (cliName(e).equals(name)) {
                return e;
            }
        }
        List<String> names = Arrays.stream(values).map(PdeComparison::cliName).toList();
        String expected = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new IllegalArgumentException(option + ": expected " + expected + ", got '" + name + "'");
    }

    private PdeComparison() {
    }

    /**
     * Trains and evaluates every method of the configuration.
     *
     * @param config the run
     * @param progress receives one line per finished method
     */
    public static Result run(Config config, Consumer<String> progress) {
        long start = System.nanoTime();
        PdeProblem problem = config.problem() == Problem.HEAT ? HeatEquation.random(config.seed())
                : new DiffusionSorption(0.1, 256);
        boolean heat = config.problem() == Problem.HEAT;
        int basis = heat ? 16 : 8;
        BasisNetwork net = new BasisNetwork(problem.domain(), new int[] {24, 24}, basis);
        LossGrid grid = heat ? new LossGrid(problem.domain(), 64, 32) : new LossGrid(problem.domain(), 48, 24);
        Tensor eval = Grid.uniform(problem.domain(), 101, 51);
        Trainer trainer = new Trainer(config.steps(), 1e-2, 0.5, Math.max(1, config.steps() / 3), 1.0);
        HardConstraintLayer layer = heat ? HardConstraintLayer.defaults()
                : DiffusionSorption.paperLayer(100, 1e-4, HardConstraintLayer.OnFailure.WARN);
        String settings = String.format(Locale.ROOT, "%s; tanh MLP 2-24-24-%d; loss grid %d x %d, %s; Adam lr 1e-2, "
                + "clip 1.0, halved every %d steps; %s; Levenberg-Marquardt: 100 iterations, stationarity tolerance "
                + "1e-4; K = %d %s blocks, m = %d points per expert (global: %d); %d threads; evaluation on a "
                + "101 x 51 grid",
                heat ? "heat equation, nu = 0.1, three random sine modes (seed " + config.seed() + ")"
                        : "diffusion-sorption, c = 0.1, 256-cell Hipparchus reference",
                basis, grid.nx(), grid.nt(), config.loss().finiteDifference()
                        ? config.loss().label() + " (the paper's loss)"
                        : config.loss().label() + " (beyond the paper)", Math.max(1, config.steps() / 3),
                heat ? "ridge 1e-4" : "IC/BC rows weighted " + DiffusionSorption.PAPER_CONDITION_WEIGHT
                        + ", ridge 1e-4 relative to them (the paper's row balance)",
                config.experts(), config.split().cliName(), config.pointsPerExpert(),
                config.experts() * config.pointsPerExpert(), config.threads());
        List<Row> rows = new ArrayList<>();
        for (Method m : config.methods()) {
            PhysicsModel model = switch (m) {
                case SOFT -> new SoftConstraint(problem, net, grid, new PhysicsLoss(config.loss().finiteDifference(), 0,
                        config.loss().nestedSecondDifference()));
                case GLOBAL -> new MixtureOfExperts(problem, net, layer, new BlockDecomposition(problem.domain(), 1, 1),
                        grid, config.experts() * config.pointsPerExpert(), 1, config.loss(), config.seed());
                case MOE -> new MixtureOfExperts(problem, net, layer,
                        config.split().blocks(problem.domain(), config.experts()), grid, config.pointsPerExpert(),
                        config.threads(), config.loss(), config.seed());
            };
            try {
                Comparison.Row r = Comparison.run(List.of(model), trainer, eval, config.seed()).get(0);
                SolveStatistics s = model instanceof MixtureOfExperts moe ? moe.solveStatistics() : null;
                rows.add(new Row(m, r, s));
                progress.accept(String.format(Locale.ROOT, "%-18s relative L2 %6.2f%%  %.4f s/step  inference %.4f s%s",
                        r.method(), 100 * r.relativeL2(), r.secondsPerStep(), r.inferenceSeconds(),
                        s == null ? "" : "  (" + s + ")"));
            } finally {
                if (model instanceof MixtureOfExperts moe) {
                    moe.close();
                }
            }
        }
        return new Result(config, settings, rows, (System.nanoTime() - start) * 1e-9);
    }
}
