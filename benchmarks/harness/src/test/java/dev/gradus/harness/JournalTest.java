package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runs.csv as a journal: exact round trip, torn rows dropped, foreign files refused. */
class JournalTest {
    static RunResult run(long seed, double loss) {
        RunSpec spec = new RunSpec("p", "c", RunSpec.Phase.EVALUATION, -1, seed,
                new Hyperparameters(Map.of("lr", 1.0 / 3), Map.of("schedule", "cosine")), 100, 3, 3);
        return new RunResult(spec, loss, true, 42.5, 100, 100, false, new double[] {1.0 / 7, Double.NaN, loss},
                0.9, 0.8, 0.0123);
    }

    @Test
    void rowsReadBackExactly(@TempDir Path dir) {
        Path file = dir.resolve("runs.csv");
        try (Journal j = Journal.append(file)) {
            j.write(run(1000, 0.1 + 0.2));
            j.write(run(1001, Double.POSITIVE_INFINITY));
        }
        List<RunResult> back = Journal.read(file);
        assertEquals(2, back.size());
        RunResult r = back.get(0);
        assertEquals(run(1000, 0.3).spec(), r.spec());
        assertEquals(0.30000000000000004, r.finalLoss(), 0.0);
        assertArrayEquals(new double[] {1.0 / 7, Double.NaN, 0.30000000000000004}, r.curve(), 0.0);
        assertEquals(42.5, r.unitsToTarget(), 0.0);
        assertEquals(0.0123, r.cpuSeconds(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, back.get(1).finalLoss(), 0.0);
    }

    @Test
    void aRowTornByACrashIsDroppedAndAppendingContinuesOnANewLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        try (Journal j = Journal.append(file)) {
            j.write(run(1000, 0.5));
        }
        Files.writeString(file, "p,c,evaluation,-1,1001,lr=0.1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, Journal.read(file).size());
        try (Journal j = Journal.append(file)) {
            j.write(run(1002, 0.25));
        }
        List<RunResult> back = Journal.read(file);
        assertEquals(List.of(1000L, 1002L), back.stream().map(RunResult::seed).toList());
    }

    @Test
    void aForeignFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        Files.writeString(file, "problem,optimizer,phase\nx,y,z\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Journal.read(file));
        assertTrue(e.getMessage().contains("not a gradus runs.csv journal"), e.getMessage());
        Files.writeString(file, Journal.HEADER + "\np,c,evaluation,-1,x\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Journal.read(file));
        assertTrue(bad.getMessage().contains(":2: expected 19 fields"), bad.getMessage());
    }
}
