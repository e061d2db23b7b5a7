package dev.gradus.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs the specs on a fixed pool of threads, in the given order; measures each run's CPU time. */
public final class ThreadedEngine implements Engine {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final int threads;

    /** An engine with {@code threads} workers. */
    public ThreadedEngine(int threads) {
        if (threads < 1 || threads > ComparisonConfig.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + ComparisonConfig.MAX_THREADS + "], got "
                    + threads);
        }
        this.threads = threads;
    }

    /** Worker threads. */
    public int threads() {
        return threads;
    }

    @Override
    public Info info() {
        return new Info("threads", "this JVM", 1, threads, true);
    }

    @Override
    public List<RunResult> run(List<RunSpec> specs, Function<RunSpec, RunResult> run, Consumer<RunResult> finished) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gradus-compare");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>(specs.size());
            for (RunSpec spec : specs) {
                futures.add(pool.submit(() -> {
                    long start = THREADS.getCurrentThreadCpuTime();
                    RunResult r = run.apply(spec).withCpuSeconds((THREADS.getCurrentThreadCpuTime() - start) * 1e-9);
                    finished.accept(r);
                    return r;
                }));
            }
            List<RunResult> results = new ArrayList<>(specs.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("run " + specs.get(i).key() + " failed: " + e.getCause(),
                            e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("comparison interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
