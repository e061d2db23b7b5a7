package dev.gradus.harness;

import dev.gradus.autodiff.Params;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fair-comparison protocol over one or more {@link Study studies}. For every problem and
 * contender of a study (a cell):
 * <ol>
 * <li>tuning — {@code trials} trials of the contender's whole search space (the same number for
 * every contender), each run on every tuning seed, proposed by the {@link TunerKind tuner} (by
 * default all at once, stratified; with {@link TunerKind#BO} in rounds, from the scores so far).
 * With a target, the trial with the lowest PAR2 score wins (mean units-to-target, a failed run
 * counting twice the budget), ties broken by the mean final loss (its log gap where f* is known);
 * without a target, the best mean validation metric;
 * <li>evaluation — the chosen hyperparameters on fresh seeds; these runs are reported.
 * </ol>
 * Every run is a {@link RunSpec}, executed by an {@link Engine}: the tuning runs round by round
 * (each round one batch over all cells; a tuner's proposals depend only on the scores of the
 * earlier rounds), then all evaluation runs, so results never depend on the engine or its thread
 * count. Runs already finished (read back from a journal) are not run again.
 *
 * <pre>{@code
 * ComparisonResult result = Comparison.builder()
 *         .problems(myProblem, ProblemSuite.create("logistic-digits"))
 *         .contenders(myOptimizer, OptimizerCatalogue.get("adam"))
 *         .config(ComparisonConfig.of(8, 5, 2))
 *         .build().run();
 * ReportWriter.write(result, Path.of("report"));
 * }</pre>
 */
public final class Comparison {
    private static final Logger LOG = LoggerFactory.getLogger(Comparison.class);

    private final List<Study> studies;
    private final ComparisonConfig config;
    private final Engine engine;
    private final TunerKind tuner;
    private final List<Cell> cells;
    private final Map<String, Problem> problems = new LinkedHashMap<>();
    private final Map<String, Contender> contenders = new LinkedHashMap<>();

    private Comparison(List<Study> studies, ComparisonConfig config, Engine engine, TunerKind tuner) {
        this.studies = List.copyOf(studies);
        this.config = config;
        this.engine = engine;
        this.tuner = tuner;
        Map<String, Cell> unique = new LinkedHashMap<>();
        for (Study s : this.studies) {
            for (Problem p : s.problems()) {
                register(problems, p.name(), p, "problem");
                for (Contender c : s.contenders()) {
                    register(contenders, c.name(), c, "contender");
                    unique.putIfAbsent(p.name() + "|" + c.name(), new Cell(p, c));
                }
            }
        }
        this.cells = List.copyOf(unique.values());
        for (Cell cell : cells) {
            cell.contender.check(cell.problem, config.budgetOf(cell.problem), config.gradientCost());
        }
        for (Problem p : problems.values()) {
            if (Double.isNaN(p.target()) && p.metric().isEmpty()) {
                throw new IllegalArgumentException("problem '" + p.name() + "' has neither a target nor a metric");
            }
            if (config.budgetOf(p) < 1) {
                throw new IllegalArgumentException("problem '" + p.name() + "': budget must be >= 1 unit, got "
                        + config.budgetOf(p));
            }
        }
        engine.prepare(problems.values(), contenders.values());
    }

    private static <T> void register(Map<String, T> map, String name, T value, String what) {
        T old = map.putIfAbsent(name, value);
        if (old != null && old != value) {
            throw new IllegalArgumentException("two different " + what + "s are named '" + name + "'");
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The studies. */
    public List<Study> studies() {
        return studies;
    }

    /** The protocol. */
    public ComparisonConfig config() {
        return config;
    }

    /** The tuner of the hyperparameter trials. */
    public TunerKind tuner() {
        return tuner;
    }

    /** Runs in total: per cell, trials × tuning seeds plus the evaluation seeds. */
    public long totalRuns() {
        return (long) cells.size() * ((long) config.trials() * config.tuningSeeds().size()
                + config.evaluationSeeds().size());
    }

    /** Runs the comparison. */
    public ComparisonResult run() {
        return run(r -> { }, List.of());
    }

    /**
     * Runs the comparison.
     *
     * @param onRun    called once per run that executes now (not for {@code finished} ones), from
     *                 worker threads
     * @param finished runs of an earlier, interrupted session of the same comparison (its journal);
     *                 they are reused, not run again
     * @throws IllegalArgumentException if a finished run does not belong to this comparison
     */
    public ComparisonResult run(Consumer<RunResult> onRun, Collection<RunResult> finished) {
        long start = System.nanoTime();
        double processStart = processCpuSeconds();
        LongAdder busy = new LongAdder();
        Map<String, RunResult> done = journal(finished);
        int reused = done.size();
        Map<String, Double> unitCost = new HashMap<>();
        problems.values().forEach(p -> unitCost.put(p.name(), probe(p)));
        Map<String, List<RunResult>> tuning = tune(done, onRun, busy, spec -> config.budgetOf(problems.get(
                spec.problem())) * unitCost.get(spec.problem()) * (isRefined(spec) ? 2 : 1));
        Map<String, Hyperparameters> chosen = new HashMap<>();
        Map<String, Double> cellCost = new HashMap<>();
        List<RunSpec> evaluationSpecs = new ArrayList<>();
        for (Cell cell : cells) {
            List<RunResult> runs = tuning.get(cell.key());
            Hyperparameters best = choose(cell.problem, runs);
            chosen.put(cell.key(), best);
            cellCost.put(cell.key(), runs.stream().mapToDouble(RunResult::cpuSeconds).average().orElse(0));
            evaluationSpecs.addAll(evaluationSpecs(cell, best));
        }
        Map<String, RunResult> evaluation = execute(evaluationSpecs, done, onRun, busy,
                spec -> cellCost.get(spec.problem() + "|" + spec.contender()));
        List<CellResult> results = new ArrayList<>();
        for (Cell cell : cells) {
            results.add(new CellResult(cell.problem, cell.contender, chosen.get(cell.key()), tuning.get(cell.key()),
                    evaluationSpecs(cell, chosen.get(cell.key())).stream().map(s -> evaluation.get(s.key())).toList()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("comparison of {} cells finished in {} s ({} runs reused)", cells.size(), seconds, reused);
        Engine.Info info = engine.info();
        return new ComparisonResult(config, tuner, studies, results, seconds, processCpuSeconds() - processStart,
                info.local() ? busy.sum() * 1e-9 : Double.NaN, reused, info);
    }

    /**
     * The tuning, in rounds: each round asks every cell's tuner for its next trials, runs all of them
     * as one batch and reports each trial's score, until every tuner has proposed its trials.
     * Returns each cell's tuning runs, trial by trial, each trial's runs in tuning-seed order.
     */
    private Map<String, List<RunResult>> tune(Map<String, RunResult> done, Consumer<RunResult> onRun, LongAdder busy,
            ToDoubleFunction<RunSpec> cost) {
        Map<String, Tuner> tuners = new HashMap<>();
        Map<String, List<RunResult>> runs = new HashMap<>();
        for (Cell cell : cells) {
            tuners.put(cell.key(), tuner.create(cell.contender.space(), config.trials(), trialSeed(cell)));
            runs.put(cell.key(), new ArrayList<>());
        }
        int perTrial = config.tuningSeeds().size();
        for (int round = 0; ; round++) {
            Map<String, List<List<RunSpec>>> proposed = new HashMap<>();
            List<RunSpec> batch = new ArrayList<>();
            for (Cell cell : cells) {
                int first = runs.get(cell.key()).size() / perTrial;
                List<Hyperparameters> next = tuners.get(cell.key()).next();
                if (first + next.size() > config.trials()) {
                    throw new IllegalStateException("tuner " + tuner.label() + " proposed " + (first + next.size())
                            + " trials for " + cell.key() + ", more than " + config.trials());
                }
                List<List<RunSpec>> trials = new ArrayList<>();
                for (int i = 0; i < next.size(); i++) {
                    Hyperparameters h = next.get(i);
                    int t = first + i;
                    trials.add(config.tuningSeeds().stream().map(seed -> spec(cell, RunSpec.Phase.TUNING, t, seed, h))
                            .toList());
                }
                trials.forEach(batch::addAll);
                proposed.put(cell.key(), trials);
            }
            if (batch.isEmpty()) {
                break;
            }
            LOG.debug("tuning round {}: {} runs", round, batch.size());
            Map<String, RunResult> results = execute(batch, done, onRun, busy, cost);
            for (Cell cell : cells) {
                List<RunResult> cellRuns = runs.get(cell.key());
                for (List<RunSpec> trial : proposed.get(cell.key())) {
                    List<RunResult> trialRuns = trial.stream().map(spec -> results.get(spec.key())).toList();
                    tuners.get(cell.key()).report(cellRuns.size() / perTrial, score(cell.problem, trialRuns));
                    cellRuns.addAll(trialRuns);
                }
            }
        }
        for (Cell cell : cells) {
            if (runs.get(cell.key()).size() != config.trials() * perTrial) {
                throw new IllegalStateException("tuner " + tuner.label() + " proposed "
                        + runs.get(cell.key()).size() / perTrial + " of " + config.trials() + " trials for "
                        + cell.key());
            }
        }
        return runs;
    }

    /**
     * The finished runs by key, each checked to be one this comparison plans (the hyperparameters of
     * a run are checked once its tuner has proposed them or the tuning has chosen them).
     */
    private Map<String, RunResult> journal(Collection<RunResult> finished) {
        Set<String> planned = new HashSet<>();
        for (Cell cell : cells) {
            for (int t = 0; t < config.trials(); t++) {
                for (long seed : config.tuningSeeds()) {
                    planned.add(RunSpec.key(cell.problem.name(), cell.contender.name(), RunSpec.Phase.TUNING, t, seed));
                }
            }
            config.evaluationSeeds().forEach(seed -> planned.add(RunSpec.key(cell.problem.name(),
                    cell.contender.name(), RunSpec.Phase.EVALUATION, -1, seed)));
        }
        Map<String, RunResult> done = new HashMap<>();
        for (RunResult r : finished) {
            String key = r.spec().key();
            if (!planned.contains(key)) {
                throw new IllegalArgumentException("the journal holds run " + key + ", which this comparison does not "
                        + "plan (was it written with other options?)");
            }
            if (done.put(key, r) != null) {
                throw new IllegalArgumentException("the journal holds run " + key + " twice");
            }
        }
        return done;
    }

    /**
     * Runs the specs not yet done, most expensive first, adding each run's wall time to {@code busy};
     * returns every result by key.
     */
    private Map<String, RunResult> execute(List<RunSpec> specs, Map<String, RunResult> done,
            Consumer<RunResult> onRun, LongAdder busy, ToDoubleFunction<RunSpec> cost) {
        Map<String, RunResult> out = new HashMap<>();
        List<RunSpec> todo = new ArrayList<>();
        for (RunSpec spec : specs) {
            RunResult old = done.remove(spec.key());
            if (old == null) {
                todo.add(spec);
            } else if (!old.spec().equals(spec)) {
                throw new IllegalArgumentException("the journal's run " + spec.key() + " was made with other settings: "
                        + old.spec() + ", now " + spec + " (was it written with other options?)");
            } else {
                out.put(spec.key(), old);
            }
        }
        todo.sort(Comparator.comparingDouble(cost).reversed());
        Function<RunSpec, RunResult> timed = spec -> {
            long begin = System.nanoTime();
            try {
                return execute(spec);
            } finally {
                busy.add(System.nanoTime() - begin);
            }
        };
        for (RunResult r : engine.run(todo, timed, onRun)) {
            out.put(r.spec().key(), r);
        }
        return out;
    }

    private RunResult execute(RunSpec spec) {
        return contenders.get(spec.contender()).run(problems.get(spec.problem()), spec);
    }

    /**
     * The measured cost of one unit of a problem (an oracle call, plus its share of the checkpoints'
     * training losses), only to start the longest runs first; results never depend on it.
     */
    private double probe(Problem p) {
        Params start = p.initialParams(0);
        int[] rows = new int[p.trainingExamples() == 0 ? 0 : p.batchSize()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        try {
            long begin = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                p.valueAndGrad(start, rows);
            }
            double oracle = (System.nanoTime() - begin) / 3e9;
            if (!p.stochastic()) {
                return oracle;
            }
            begin = System.nanoTime();
            p.trainingLoss(start);
            return oracle + (System.nanoTime() - begin) * 1e-9 * config.checkpoints() / config.budgetOf(p);
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    /** The JVM's CPU time so far, NaN where the platform does not tell. */
    private static double processCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() * 1e-9 : Double.NaN;
    }

    private static boolean isRefined(RunSpec spec) {
        return ScheduleFamily.REFINED.label().equals(spec.hyperparameters().choices().get(
                ScheduleFamily.HYPERPARAMETER));
    }

    /**
     * The seed of a cell's tuner. It depends on the problem and the contender's numeric dimensions
     * only, so contenders with the same ranges (e.g. one optimizer with different fixed schedules)
     * are tuned on the same points by the stratified tuner.
     */
    private static long trialSeed(Cell cell) {
        String numeric = cell.contender.space().dimensions().stream().filter(d -> !(d instanceof SearchSpace.Choice))
                .map(SearchSpace.Dimension::describe).reduce("", String::concat);
        return (cell.problem.name() + "|" + numeric).hashCode();
    }

    private List<RunSpec> evaluationSpecs(Cell cell, Hyperparameters h) {
        return config.evaluationSeeds().stream().map(seed -> spec(cell, RunSpec.Phase.EVALUATION, -1, seed, h))
                .toList();
    }

    private RunSpec spec(Cell cell, RunSpec.Phase phase, int trial, long seed, Hyperparameters h) {
        return new RunSpec(cell.problem.name(), cell.contender.name(), phase, trial, seed, h,
                config.budgetOf(cell.problem), config.checkpoints(), config.gradientCost());
    }

    /** The best trial of a cell's tuning runs (runs grouped by trial, in trial order). */
    private Hyperparameters choose(Problem problem, List<RunResult> runs) {
        int perTrial = config.tuningSeeds().size();
        Hyperparameters best = null;
        double[] bestScore = null;
        for (int t = 0; t * perTrial < runs.size(); t++) {
            List<RunResult> trial = runs.subList(t * perTrial, (t + 1) * perTrial);
            double[] score = score(problem, trial);
            if (bestScore == null || Arrays.compare(score, bestScore) < 0) {
                best = trial.get(0).hyperparameters();
                bestScore = score;
            }
        }
        return best;
    }

    /** A trial's score, compared lexicographically (lower is better). */
    private static double[] score(Problem problem, List<RunResult> runs) {
        double loss = 0;
        for (RunResult r : runs) {
            loss += Double.isNaN(r.finalLoss()) ? Double.POSITIVE_INFINITY : lossKey(problem, r.finalLoss());
        }
        loss /= runs.size();
        if (Double.isNaN(problem.target())) {
            Metric m = problem.metric().orElseThrow();
            double metric = 0;
            for (RunResult r : runs) {
                metric += Double.isNaN(r.validation()) ? Double.POSITIVE_INFINITY : m.asLoss(r.validation());
            }
            return new double[] {metric / runs.size(), loss};
        }
        double par2 = 0;
        for (RunResult r : runs) {
            par2 += r.success() ? r.unitsToTarget() : 2 * r.spec().budget();
        }
        return new double[] {par2 / runs.size(), loss};
    }

    /** A final loss on the scale the tie-break averages: the log10 gap where f* is known. */
    private static double lossKey(Problem problem, double loss) {
        double f = problem.optimalValue();
        return Double.isNaN(f) ? loss : Math.log10(Math.max(loss - f, 1e-300));
    }

    private record Cell(Problem problem, Contender contender) {
        String key() {
            return problem.name() + "|" + contender.name();
        }
    }

    /** Collects studies (or problems and contenders of a single study), the protocol and the engine. */
    public static final class Builder {
        private final List<Study> studies = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final List<Contender> contenders = new ArrayList<>();
        private ComparisonConfig config;
        private Engine engine;
        private TunerKind tuner = TunerKind.RANDOM;

        private Builder() {}

        /** Adds a study. */
        public Builder study(Study study) {
            studies.add(study);
            return this;
        }

        /** Adds studies. */
        public Builder studies(List<Study> more) {
            studies.addAll(more);
            return this;
        }

        /** Problems of the single study "comparison". */
        public Builder problems(Problem... ps) {
            problems.addAll(List.of(ps));
            return this;
        }

        /** Contenders of the single study "comparison". */
        public Builder contenders(Contender... cs) {
            contenders.addAll(List.of(cs));
            return this;
        }

        /** The protocol (default: 8 trials, 10 evaluation seeds, every processor). */
        public Builder config(ComparisonConfig c) {
            this.config = c;
            return this;
        }

        /** The engine (default: threads as the config says). */
        public Builder engine(Engine e) {
            this.engine = e;
            return this;
        }

        /** The tuner of the hyperparameter trials (default {@link TunerKind#RANDOM}). */
        public Builder tuner(TunerKind t) {
            if (t == null) {
                throw new IllegalArgumentException("tuner must not be null; valid tuners: random, bo");
            }
            this.tuner = t;
            return this;
        }

        /** The comparison. */
        public Comparison build() {
            List<Study> all = new ArrayList<>(studies);
            if (!problems.isEmpty() || !contenders.isEmpty()) {
                all.add(new Study("comparison", "", problems, contenders));
            }
            if (all.isEmpty()) {
                throw new IllegalStateException("a comparison needs a study, or problems and contenders");
            }
            ComparisonConfig c = config != null ? config
                    : ComparisonConfig.of(8, 10, Runtime.getRuntime().availableProcessors());
            return new Comparison(all, c, engine != null ? engine : new ThreadedEngine(c.threads()), tuner);
        }
    }
}
