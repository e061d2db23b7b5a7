package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The choice between the plain and the Vector API kernels. Runs in both surefire executions: the
 * default one without the module (the plain kernels), vector-api with it (property
 * {@code gradus.test.vectorApi=true}).
 */
class KernelSelectionTest {
    @Test
    void theVectorKernelsRunExactlyInTheExecutionThatLoadsTheModule() {
        boolean expected = Boolean.getBoolean("gradus.test.vectorApi");
        assertEquals(expected, ModuleLayer.boot().findModule(VectorApi.MODULE).isPresent(), "module in the boot layer");
        assertEquals(expected, VectorApi.ENABLED, "vector kernels on");
    }

    @Test
    void thePropertyTurnsTheModuleOffAndIsValidated() {
        assertTrue(VectorApi.enabled(null, true));
        assertFalse(VectorApi.enabled(null, false));
        assertFalse(VectorApi.enabled("false", true));
        assertFalse(VectorApi.enabled("false", false));
        assertTrue(VectorApi.enabled("true", true));
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> VectorApi.enabled("true", false));
        assertEquals("gradus.vector=true, but the module jdk.incubator.vector is not loaded: start the JVM with"
                + " --add-modules jdk.incubator.vector", absent.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> VectorApi.enabled("yes", true));
        assertEquals("gradus.vector: expected true or false, got 'yes'", bad.getMessage());
    }
}
