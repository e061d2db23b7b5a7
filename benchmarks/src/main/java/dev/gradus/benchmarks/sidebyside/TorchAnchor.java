package dev.gradus.benchmarks.sidebyside;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's PyTorch anchor, {@code benchmarks/anchors/torch_anchor.py} (packaged into
 * the command's jar as a resource), with a given Python interpreter; the script sets two threads.
 */
public final class TorchAnchor {
    /** The anchor script on the class path (copied from {@code benchmarks/anchors/} at build time). */
    static final String RESOURCE = "torch_anchor.py";
    private static final long TIMEOUT_MINUTES = 20;

    private final String python;

    /** An anchor run by the interpreter {@code python} (a path or a name on the PATH). */
    public TorchAnchor(String python) {
        this.python = python;
    }

    /** Why the anchor cannot run here (no interpreter, no torch), or empty when it can. */
    public Optional<String> unavailable() {
        try {
            Result r = exec(List.of(python, "-c", "import torch"), 2);
            return r.status == 0 ? Optional.empty()
                    : Optional.of(python + " cannot import torch (" + AnchorRun.abbreviate(r.stderr) + ")");
        } catch (IOException e) {
            return Optional.of("no Python interpreter at " + python + " (" + e.getMessage() + ")");
        }
    }

    /** Runs the anchor for workloads {@code ids} and returns its figures. */
    public AnchorRun run(List<String> ids) {
        Path script = null;
        try (InputStream in = TorchAnchor.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path (build the jar with Maven)");
            }
            script = Files.createTempFile("gradus-torch-anchor", ".py");
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>(List.of(python, script.toString(), "--json", "--workloads",
                    String.join(",", ids)));
            Result r = exec(command, TIMEOUT_MINUTES);
            if (r.status != 0) {
                throw new IllegalStateException("the PyTorch anchor failed (exit " + r.status + "): "
                        + AnchorRun.abbreviate(r.stderr));
            }
            List<String> lines = r.stdout.lines().filter(l -> l.startsWith("{")).toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException("the PyTorch anchor printed no JSON: " + AnchorRun.abbreviate(r.stdout));
            }
            return AnchorRun.parse(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException("running the PyTorch anchor", e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private record Result(int status, String stdout, String stderr) {}

    private static Result exec(List<String> command, long timeoutMinutes) throws IOException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // Both streams are read to the end on threads of their own, so a full pipe never blocks the script.
        FutureTask<String> stdout = drain(p.getInputStream());
        FutureTask<String> stderr = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutMinutes + " minutes");
            }
            return new Result(p.exitValue(), stdout.get(), stderr.get());
        } catch (ExecutionException e) {
            throw new UncheckedIOException("reading the output of " + command.get(0), (IOException) e.getCause());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static FutureTask<String> drain(InputStream in) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread t = new Thread(task, "torch-anchor-output");
        t.setDaemon(true);
        t.start();
        return task;
    }
}
