package dev.gradus.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Chooses the {@link Backend} on which tensor factories ({@link Tensor#of}, {@link Tensor#zeros},
 * {@link Tensor#randn}, …) create tensors. Operations always run on their operands' backend;
 * {@link Tensor#to(Backend)} moves a tensor explicitly.
 *
 * <p>The choice is made in this order:
 * <ol>
 *   <li>a per-thread override opened with {@link #use(Backend)} (scoped, nestable);</li>
 *   <li>the process-wide default set with {@link #setDefault(Backend)};</li>
 *   <li>at start-up, the system property {@code gradus.backend} ({@code java} or the name of a
 *       {@link BackendProvider} on the class path, e.g. {@code nd4j});</li>
 *   <li>otherwise {@link JavaBackend#INSTANCE}.</li>
 * </ol>
 *
 * <pre>{@code
 * Backend nd4j = Backends.byName("nd4j");
 * try (Backends.Scope s = Backends.use(nd4j)) {
 *     Tensor x = Tensor.randn(7, 1024, 1024);     // created on ND4J
 * }
 * }</pre>
 */
public final class Backends {
    /** The system property naming the start-up default backend. */
    public static final String PROPERTY = "gradus.backend";

    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();
    private static volatile Backend processDefault;

    private Backends() {}

    /** The backend new tensors are created on by the calling thread. */
    public static Backend current() {
        Backend b = OVERRIDE.get();
        return b != null ? b : getDefault();
    }

    /** The process-wide default (from {@code gradus.backend} until {@link #setDefault} is called). */
    public static Backend getDefault() {
        Backend b = processDefault;
        if (b == null) {
            synchronized (Backends.class) {
                if (processDefault == null) {
                    processDefault = byName(System.getProperty(PROPERTY, "java"));
                }
                b = processDefault;
            }
        }
        return b;
    }

    /** Sets the process-wide default backend; threads inside a {@link #use} scope keep theirs. */
    public static void setDefault(Backend backend) {
        processDefault = Objects.requireNonNull(backend, "backend");
    }

    /**
     * Makes {@code backend} the calling thread's backend until the returned scope is closed, which
     * restores the previous choice. Scopes nest; close them in reverse order (try-with-resources).
     */
    public static Scope use(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        Backend previous = OVERRIDE.get();
        OVERRIDE.set(backend);
        return new Scope(previous, backend);
    }

    /**
     * The backend called {@code name}: {@code "java"} or the name of a {@link BackendProvider}
     * found by {@link ServiceLoader}. Fails naming the known backends when none matches.
     */
    public static Backend byName(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals(JavaBackend.INSTANCE.name())) {
            return JavaBackend.INSTANCE;
        }
        List<String> known = new ArrayList<>(List.of(JavaBackend.INSTANCE.name()));
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.name().equalsIgnoreCase(wanted)) {
                return p.backend();
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("backend: no backend named '" + name + "'; known backends are "
                + known + " (optional backends need their module on the class path, e.g. gradus-nd4j for nd4j)");
    }

    /** A per-thread backend choice opened by {@link #use(Backend)}; closing it restores the previous one. */
    public static final class Scope implements AutoCloseable {
        private final Backend previous;
        private final Backend chosen;
        private boolean closed;

        private Scope(Backend previous, Backend chosen) {
            this.previous = previous;
            this.chosen = chosen;
        }

        /** The backend this scope selected. */
        public Backend backend() {
            return chosen;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (OVERRIDE.get() != chosen) {
                throw new IllegalStateException("Backends.use: scopes closed out of order (this scope selected "
                        + chosen.name() + " but the thread's current override is "
                        + (OVERRIDE.get() == null ? "none" : OVERRIDE.get().name()) + ")");
            }
            closed = true;
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        }
    }
}
