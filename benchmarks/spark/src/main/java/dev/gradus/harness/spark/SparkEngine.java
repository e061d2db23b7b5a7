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
 * Runs a comparison's runs as Spark tasks, one task per run, embedded ({@code local[*]}) or on a
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
    private final JavaSparkContext context;
    private final Set<String> executorsSeen = ConcurrentHashMap.newKeySet();
    private RemoteRuns runs;

    /**
     * Starts a Spark context from {@code conf} (which must name the master; the application name
     * defaults to {@code gradus compare}, Spark's console progress bar is off).
     *
     * @throws IllegalArgumentException if the master is missing or Spark rejects the configuration
     */
    public SparkEngine(SparkConf conf) {
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("spark engine: the master must be given (e.g. local[*] or "
                    + "spark://host:7077)");
        }
        SparkConf c = conf.clone().setIfMissing("spark.app.name", "gradus compare")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        try {
            this.context = new JavaSparkContext(c);
        } catch (RuntimeException e) {
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
        RDD<RunSpec> tasks = context.parallelize(specs, specs.size()).rdd();
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

    /** The result of one task (one run) and the executor that computed it. */
    record Outcome(RunResult result, String executor) implements Serializable {}

    /** On an executor: executes the one run of a partition. */
    private static final class ExecuteRun extends AbstractFunction2<TaskContext, scala.collection.Iterator<RunSpec>,
            Outcome> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final RemoteRuns runs;

        ExecuteRun(RemoteRuns runs) {
            this.runs = runs;
        }

        @Override
        public Outcome apply(TaskContext task, scala.collection.Iterator<RunSpec> specs) {
            RunSpec spec = specs.next();
            if (specs.hasNext()) {
                throw new IllegalStateException("spark engine: a partition holds more than one run");
            }
            return new Outcome(runs.run(spec), SparkEnv.get().executorId());
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
            results[(Integer) partition] = outcome.result();
            finished.accept(outcome.result());
            return BoxedUnit.UNIT;
        }
    }
}
