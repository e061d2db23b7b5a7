package dev.gradus.autodiff;

/**
 * A {@link Backend} found at run time through {@link java.util.ServiceLoader}, so that the core
 * needs no compile-time dependency on optional backends (e.g. the ND4J backend of
 * {@code gradus-nd4j}). Implementations have a public no-argument constructor, are listed in
 * {@code META-INF/services/dev.gradus.autodiff.BackendProvider}, and create their backend lazily:
 * merely being on the class path must not start a native library.
 */
public interface BackendProvider {

    /** The name selecting this backend, e.g. {@code "nd4j"} (the value of {@code -Dgradus.backend}). */
    String name();

    /** The backend; the same instance on every call. */
    Backend backend();
}
