package dev.gradus.autodiff.internal;

/**
 * Whether the Java backend's kernels use the JDK's Vector API ({@code jdk.incubator.vector}, an
 * incubator module in Java 17). They do when the module is in the boot layer, that is when the JVM
 * runs with {@code --add-modules jdk.incubator.vector}, unless the system property
 * {@value #PROPERTY} is {@code false}; otherwise the plain Java kernels run, and no class that
 * refers to the incubator API is ever loaded (the vector kernels are reached only through a branch
 * on {@link #ENABLED}). The choice is made once, when this class is initialised, so every product
 * and every tanh of a run (eager and compiled alike) goes through the same kernel.
 */
public final class VectorApi {
    /** System property: {@code false} keeps the plain kernels although the module is present. */
    public static final String PROPERTY = "gradus.vector";
    /** The incubator module the vector kernels need. */
    public static final String MODULE = "jdk.incubator.vector";
    /** Whether the vector kernels run. */
    public static final boolean ENABLED =
            enabled(System.getProperty(PROPERTY), ModuleLayer.boot().findModule(MODULE).isPresent());

    private VectorApi() {}

    /**
     * The decision for a value of {@value #PROPERTY} (null when unset) and the module's presence.
     *
     * @throws IllegalArgumentException for a value other than {@code true} or {@code false}, or for
     *     {@code true} when the module is absent (the JVM needs {@code --add-modules})
     */
    static boolean enabled(String property, boolean modulePresent) {
        if (property == null) {
            return modulePresent;
        }
        switch (property.trim()) {
            case "false":
                return false;
            case "true":
                if (!modulePresent) {
                    throw new IllegalArgumentException(PROPERTY + "=true, but the module " + MODULE
                            + " is not loaded: start the JVM with --add-modules " + MODULE);
                }
                return true;
            default:
                throw new IllegalArgumentException(PROPERTY + ": expected true or false, got '" + property + "'");
        }
    }
}
