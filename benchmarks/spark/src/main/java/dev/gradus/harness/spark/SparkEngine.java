package dev.gradus.harness.spark;

import dev.gradus.harness.Contender;
import dev.gradus.harness.Engine;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a comparison's runs as Spark tasks (one run per task, or {@link #RUNS_PER_TASK}), embedded ({@code local[*]}) or on a
 * cluster ({@code spark://host:7077}). The executors rebuild problems and contenders from their
 * {@link Recipe}s; each result comes back to the driver as its task finishes (for the journal and the
 * progress bar), and a task lost with its executor is run again elsewhere by Spark. Results equal the
 * threads engine's: a run is a pure function of its spec.
 *
 * <pre>{@code
 * try (SparkEngine engine = new SparkEngine(new SparkConf().setMaster("local[*]"))) {
 *     ComparisonResult result = Comparison.builder().problems(...).contenders(...).engine(engine).build().run();
 * }
 * }</pre>
 */
public final class SparkEngine implements Engine {
    /**
     * Configuration entry: runs per Spark task (default 1). More runs per task cost the driver less per
     * run (it schedules tasks, not runs), at the price of coarser progress and load balance, and of more
     * runs redone when an executor is lost.
     */
    public static final String RUNS_PER_TASK = "spark.gradus.runsPerTask";

    private final JavaSparkContext context;
    private final int runsPerTask;
    private final Set<String> executorsSeen = ConcurrentHashMap.newKeySet();
    private RemoteRuns runs;

    /**
     * Starts a Spark context from {@code conf} (Spark allows one per JVM) (which must name the master; the application name
     * defaults to {@code gradus compare}, Spark's console progress bar is off; {@link #RUNS_PER_TASK}).
     *
     * @throws IllegalArgumentException if the master is missing, {@link #RUNS_PER_TASK} is not a positive
     *                                  integer, or Spark rejects the configuration
     */
    public SparkEngine(SparkConf conf) {
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("spark engine: the master must be given (e.g. local[*] or "
                    + "spark://host:7077)");
        }
        String perTask = conf.get(RUNS_PER_TASK, "1");
        try {
            this.runsPerTask = Integer.parseInt(perTask.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RUNS_PER_TASK + " must be an integer >= 1, got '" + perTask + "'", e);
        }
        if (runsPerTask < 1) {
            throw new IllegalArgumentException(RUNS_PER_TASK + " must be an integer >= 1, got " + runsPerTask);
        }
        SparkConf c = conf.clone().setIfMissing("spark.app.name", "gradus compare")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        try {
            this.context = new JavaSparkContext(c);
        } catch (Exception e) { // Scala throws SparkException without declaring it
            throw new IllegalArgumentException("spark engine: cannot start Spark with master " + c.get("spark.master")
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void prepare(Collection<Problem> problems, Collection<Contender> contenders) {
        runs = RemoteRuns.of(problems, contenders);
    }

    @Override
    public List<RunResult> run(List<RunSpec> specs, Function<RunSpec, RunResult> run, Consumer<RunResult> finished) {
        if (runs == null) {
            throw new IllegalStateException("spark engine: prepare(...) must see the problems and contenders first");
        }
        if (specs.isEmpty()) {
            return List.of();
        }
        List<Indexed> indexed = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            indexed.add(new Indexed(i, specs.get(i)));
        }
        int partitions = (specs.size() + runsPerTask - 1) / runsPerTask;
        RDD<Indexed> tasks = context.parallelize(indexed, partitions).rdd();
        RunResult[] results = new RunResult[specs.size()];
        try {
            context.sc().runJob(tasks, new ExecuteRun(runs), new Collect(results, finished, executorsSeen), classTag());
        } catch (Exception e) { // Scala throws SparkException without declaring it
            throw new IllegalStateException("spark engine: the job failed: " + e.getMessage(), e);
        }
        List<RunResult> out = Arrays.asList(results);
        if (out.contains(null)) {
            throw new IllegalStateException("spark engine: the job ended without every run's result");
        }
        return new ArrayList<>(out);
    }

    @SuppressWarnings("unchecked")
    private static ClassTag<Outcome> classTag() {
        return (ClassTag<Outcome>) (ClassTag<?>) ClassTag$.MODULE$.apply(Outcome.class);
    }

    @Override
    public Info info() {
        return new Info("spark", context.master(), Math.max(1, executorsSeen.size()), context.defaultParallelism(),
                false);
    }

    @Override
    public void close() {
        context.stop();
    }

    /** A run and its place in the batch. */
    record Indexed(int index, RunSpec spec) implements Serializable {}

    /** The results of one task, with their places in the batch, and the executor that computed them. */
    record Outcome(int[] indices, RunResult[] results, String executor) implements Serializable {}

    /** On an executor: executes the runs of a partition, in order. */
    private static final class ExecuteRun extends AbstractFunction2<TaskContext, scala.collection.Iterator<Indexed>,
            Outcome> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final RemoteRuns runs;

        ExecuteRun(RemoteRuns runs) {
            this.runs = runs;
        }

        @Override
        public Outcome apply(TaskContext task, scala.collection.Iterator<Indexed> specs) {
            List<Indexed> mine = new ArrayList<>();
            while (specs.hasNext()) {
                mine.add(specs.next());
            }
            int[] indices = new int[mine.size()];
            RunResult[] results = new RunResult[mine.size()];
            for (int i = 0; i < mine.size(); i++) {
                indices[i] = mine.get(i).index();
                results[i] = runs.run(mine.get(i).spec());
            }
            return new Outcome(indices, results, SparkEnv.get().executorId());
        }
    }

    /** On the driver: files each task's results as it finishes. */
    private static final class Collect extends AbstractFunction2<Object, Outcome, BoxedUnit> {
        private final RunResult[] results;
        private final Consumer<RunResult> finished;
        private final Set<String> executors;

        Collect(RunResult[] results, Consumer<RunResult> finished, Set<String> executors) {
            this.results = results;
            this.finished = finished;
            this.executors = executors;
        }

        @Override
        public BoxedUnit apply(Object partition, Outcome outcome) {
            executors.add(outcome.executor());
            for (int i = 0; i < outcome.indices().length; i++) {
                results[outcome.indices()[i]] = outcome.results()[i];
                finished.accept(outcome.results()[i]);
            }
            return BoxedUnit.UNIT;
        }
    }
}
