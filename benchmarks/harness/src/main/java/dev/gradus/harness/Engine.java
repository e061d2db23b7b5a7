package dev.gradus.harness;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Executes runs. A run is a pure function of its {@link RunSpec}, so an engine may execute the specs
 * in any order and anywhere (threads of this JVM, or the executors of a cluster), as long as it
 * returns every result.
 */
public interface Engine extends AutoCloseable {
    /**
     * Runs every spec once.
     *
     * @param specs    the runs, most expensive first where known
     * @param run      executes one spec in this JVM (an engine that runs elsewhere rebuilds the runs from
     *                 what {@link #prepare} saw instead)
     * @param finished called once per result as it completes, possibly from several threads at once
     * @return the results in the order of {@code specs}, each with its measured CPU time
     */
    List<RunResult> run(List<RunSpec> specs, Function<RunSpec, RunResult> run, Consumer<RunResult> finished);

    /**
     * Called once by a comparison as it is built, before any run, with every problem and contender its
     * runs name. An engine that runs elsewhere checks here that it can rebuild each of them there.
     *
     * @throws IllegalArgumentException naming a problem or contender the engine cannot run
     */
    default void prepare(Collection<Problem> problems, Collection<Contender> contenders) {
    }

    /**
     * What executes the runs, for the report. The default describes an engine that runs them in this
     * JVM through the given function, one at a time.
     */
    default Info info() {
        return new Info(getClass().getSimpleName(), "this JVM", 1, 1, true);
    }

    /** Releases what the engine holds (threads, a cluster connection); the default holds nothing. */
    @Override
    default void close() {
    }

    /**
     * What executes the runs.
     *
     * @param name      the engine ({@code threads}, {@code spark})
     * @param master    where the runs execute ({@code this JVM}, or a cluster's master URL)
     * @param executors processes that execute runs
     * @param slots     runs that execute at once
     * @param local     whether the runs execute in this JVM through the function given to {@link #run}
     *                  (then the comparison measures how busy the slots were)
     */
    record Info(String name, String master, int executors, int slots, boolean local) {
        /** Validates. */
        public Info {
            if (name == null || name.isBlank() || master == null || master.isBlank()) {
                throw new IllegalArgumentException("engine info: name and master must be given");
            }
            if (executors < 1 || slots < 1) {
                throw new IllegalArgumentException("engine info: executors and slots must be >= 1, got " + executors
                        + " and " + slots);
            }
        }

        /** For the report, e.g. {@code spark (master local[2], 1 executor(s), 2 slot(s))}. */
        public String describe() {
            return name + " (master " + master + ", " + executors + " executor(s), " + slots + " slot(s))";
        }
    }
}
