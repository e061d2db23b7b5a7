package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    static final Function<Params, Tensor> LOSS = p -> p.get("w").sub(Tensor.of(new double[][] {{1, -2}, {0.5, 3}}))
            .pow(4).sum().add(p.get("b").to(DType.FLOAT64).sub(0.3).square().sum().mul(2));

    static Params start() {
        return Params.of("w", Tensor.of(new double[][] {{0.1, 0.2}, {-0.3, 0.4}}), "b",
                Tensor.of(new float[] {0.5f, -1.5f}, 2));
    }

    /** Run 40 steps straight, or 17 + checkpoint + load + 23: the trajectories must be identical. */
    private void resumeIsExact(Supplier<GradientTransformation> make) throws IOException {
        Path file = dir.resolve("run.gck");
        Minimizer.Result straight = Minimizer.builder(make.get()).maxSteps(40).build().minimize(LOSS, start());
        Minimizer.builder(make.get()).maxSteps(17).checkpointEvery(17, file).build().minimize(LOSS, start());
        GradientTransformation opt = make.get();
        Checkpoint.Contents c = Checkpoint.load(file, start(), opt.init(start()));
        assertEquals(17, c.state().step());
        Minimizer.Result resumed = Minimizer.builder(opt).maxSteps(40).build().minimize(LOSS, c.params(), c.state());
        assertEquals(40, resumed.state().step());
        for (String n : straight.params().names()) {
            assertArrayEquals(straight.params().get(n).toDoubleArray(), resumed.params().get(n).toDoubleArray(), n);
            assertEquals(straight.params().get(n).dtype(), resumed.params().get(n).dtype());
        }
        assertTrue(straight.state().sameValues(resumed.state()), "states differ");
        double[] tail = java.util.Arrays.copyOfRange(straight.history().losses(), 17, 40);
        assertArrayEquals(tail, resumed.history().losses());
    }

    @Test
    void resumeReproducesTheUninterruptedTrajectory() throws IOException {
        resumeIsExact(() -> Optimizers.adamw(Schedules.warmupCosine(0.05, 5, 40, 0.001), 0.9, 0.999, 1e-8, 0.01,
                n -> true));
        resumeIsExact(() -> Optimizers.lion(0.01, 0.9, 0.99, 0.1));
        resumeIsExact(() -> SkipNonFinite.wrap(GradientAccumulation.every(3, Optimizers.exadam(0.01)), 5));
        resumeIsExact(() -> GradientTransformation.chain(Transforms.clipByGlobalNorm(1.0),
                Optimizers.sgd(0.01, 0.9, true)));
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        GradientTransformation opt = Optimizers.amsgrad(0.1, 0.9, 0.999, 1e-8);
        Params p = start();
        OptState s = opt.init(p);
        s = opt.update(LOSS.andThen(t -> t).apply(p).item() > 0 ? p.map(t -> t.fill(0.25)) : p, s, p).state();
        Path file = dir.resolve("a.gck");
        Checkpoint.save(file, p, s);
        Checkpoint.Contents c = Checkpoint.load(file);
        assertTrue(s.sameValues(c.state()), "state differs after round trip");
        assertEquals(p.get("b").dtype(), c.params().get("b").dtype());
        assertArrayEquals(p.get("w").toDoubleArray(), c.params().get("w").toDoubleArray());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary files left behind");
        }
    }

    @Test
    void corruptForeignTruncatedAndMismatchedFilesFailClearly() throws IOException {
        GradientTransformation opt = Optimizers.adam(0.1);
        Path file = dir.resolve("c.gck");
        Checkpoint.save(file, start(), opt.init(start()));
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertMessage(file, "corrupt: CRC-32 mismatch");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 20));
        assertMessage(file, "corrupt");

        Files.writeString(file, "PK\u0003\u0004 this is a zip, not a checkpoint");
        assertMessage(file, "not a Gradus checkpoint");

        Files.write(file, good);
        Params other = Params.of("w", Tensor.zeros(3, 3), "b", Tensor.of(new float[] {0, 0}, 2));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(file, other, opt.init(other)));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("[3, 3]"), e.getMessage());
        CheckpointException s = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(file, start(), Optimizers.lion(0.1).init(start())));
        assertTrue(s.getMessage().contains("scale_by_lion"), s.getMessage());
    }

    private static void assertMessage(Path file, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
