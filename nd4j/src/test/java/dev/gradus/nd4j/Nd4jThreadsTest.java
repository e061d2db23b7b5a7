package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Nd4jThreads}: one thread by default, the property and OMP_NUM_THREADS honoured, bad values refused. */
class Nd4jThreadsTest {

    @Test
    void oneThreadUnlessThePropertyOrOmpNumThreadsSaysOtherwise() {
        assertEquals(1, Nd4jThreads.threads(null, null));
        assertEquals(0, Nd4jThreads.threads(null, "4"), "OMP_NUM_THREADS is ND4J's own, kept");
        assertEquals(3, Nd4jThreads.threads(" 3 ", "4"), "the property wins");
        assertEquals(0, Nd4jThreads.threads("native", null));
    }

    @Test
    void invalidThreadCountsNameTheProperty() {
        for (String bad : new String[] {"0", "-2", "two", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Nd4jThreads.threads(bad, null));
            assertTrue(e.getMessage().startsWith(Nd4jThreads.PROPERTY), e.getMessage());
        }
    }

    @Test
    void theBackendHasConfiguredNd4j() {
        Nd4jBackend.INSTANCE.name();
        int expected = System.getenv("OMP_NUM_THREADS") == null ? 1 : Integer.parseInt(System.getenv("OMP_NUM_THREADS"));
        assertEquals(expected, Nd4j.getEnvironment().maxThreads(), "libnd4j's threads");
    }
}
