package dev.gradus.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading JMH's JSON and the anchor's output; the anchor's keys and the rows agree. */
class JmhJsonAndAnchorTest {
    @Test
    void jmhResultsAreReadInSecondsWithParams() throws IOException {
        List<Measurement> ms = JmhJson.parse(SideBySideTableTest.resource("vs-torch-jmh.json"));
        assertEquals(11, ms.size());
        Measurement w1 = ms.get(3);
        assertEquals("dev.gradus.benchmarks.core.RosenbrockBenchmark.valueAndGrad", w1.benchmark());
        assertEquals(21.0e-6, w1.seconds(), 1e-15);
        assertEquals(1.5e-6, w1.errorSeconds(), 1e-15);
        assertEquals(Map.of("backend", "java", "dimension", "1000", "dtype", "FLOAT64"), w1.params());
        assertEquals(12.0e-3, ms.get(7).seconds(), 1e-15);
        assertTrue(Double.isNaN(ms.get(6).errorSeconds()), "a single iteration's \"NaN\" error");
    }

    @Test
    void otherModesUnitsAndNonJsonAreRefused() {
        String thrpt = "[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": 1, "
                + "\"scoreError\": 0, \"scoreUnit\": \"ops/s\"}}]";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhJson.parse(thrpt)).getMessage()
                .contains("average time"));
        String minutes = thrpt.replace("thrpt", "avgt").replace("ops/s", "min/op");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhJson.parse(minutes)).getMessage()
                .contains("min/op"));
        assertThrows(IllegalArgumentException.class, () -> JmhJson.parse("{not json"));
    }

    @Test
    void anchorOutputIsReadInSeconds() throws IOException {
        AnchorRun run = AnchorRun.parse(SideBySideTableTest.resource("anchor-run1.json"));
        assertEquals("1.13.0a0", run.torchVersion());
        assertEquals(2, run.threads());
        assertEquals(162e-6, run.figure("W1.valueAndGrad").getAsDouble(), 1e-15);
        assertTrue(run.figure("W8.global").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnchorRun.parse("Traceback (most recent call last): ..."));
        assertTrue(e.getMessage().contains("PyTorch anchor output"), e.getMessage());
    }

    @Test
    void aMissingInterpreterIsReportedNotThrown() {
        String why = new TorchAnchor("gradus-no-such-python3").unavailable().orElseThrow();
        assertTrue(why.contains("no Python interpreter at gradus-no-such-python3"), why);
    }

    @Test
    void everyRowsAnchorKeyIsOneTheScriptPrints() throws IOException {
        String script = SideBySideTableTest.resource(TorchAnchor.RESOURCE);
        for (WorkloadRow r : SideBySideWorkloads.ROWS) {
            String key = r.anchorKey().orElseThrow();
            assertTrue(script.contains("\"" + key + "\""), key + " is not a key of torch_anchor.py");
        }
    }
}
