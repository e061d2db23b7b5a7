package dev.gradus.harness.spark;

import dev.gradus.harness.Contender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an executor needs to execute any run of a comparison: the {@link Recipe} of every problem and
 * contender, by name. It is plain serialisable data; {@link #run} rebuilds the objects once per JVM.
 */
public final class RemoteRuns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Recipe> problems;
    private final Map<String, Recipe> contenders;

    private RemoteRuns(Map<String, Recipe> problems, Map<String, Recipe> contenders) {
        this.problems = problems;
        this.contenders = contenders;
    }

    /**
     * The recipes of these problems and contenders, checked to serialise.
     *
     * @throws IllegalArgumentException naming the first problem or contender an executor could not rebuild
     */
    public static RemoteRuns of(Collection<Problem> problems, Collection<Contender> contenders) {
        Map<String, Recipe> p = new LinkedHashMap<>();
        problems.forEach(x -> p.put(x.name(), Recipe.of(x)));
        Map<String, Recipe> c = new LinkedHashMap<>();
        contenders.forEach(x -> c.put(x.name(), Recipe.of(x)));
        RemoteRuns runs = new RemoteRuns(p, c);
        runs.checkSerialisable();
        return runs;
    }

    private void checkSerialisable() {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(this);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the comparison's recipes do not serialise: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("serialising the comparison's recipes", e);
        }
    }

    /** Executes one run in this JVM, measuring its thread's CPU time as the threads engine does. */
    public RunResult run(RunSpec spec) {
        Recipe problem = problems.get(spec.problem());
        Recipe contender = contenders.get(spec.contender());
        if (problem == null || contender == null) {
            throw new IllegalArgumentException("run " + spec.key() + " names a problem or contender the comparison "
                    + "did not prepare");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        RunResult result = contender.contender().run(problem.problem(), spec);
        return result.withCpuSeconds((threads.getCurrentThreadCpuTime() - start) * 1e-9);
    }
}
