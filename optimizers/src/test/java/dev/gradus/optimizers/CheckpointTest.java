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

    @Test
    void aCraftedFileWithARepeatedNameIsRefusedInsteadOfKeepingOneEntry() throws IOException {
        Path file = dir.resolve("dup.gck");
        Files.write(file, new Crafted().params("w", 1.0, "w", 2.0).emptyState("identity").bytes());
        assertMessage(file, "name 'w' appears twice in params");

        Files.write(file, new Crafted().params("w", 1.0).stateWithSlots("scale_by_lion", "mu", "mu").bytes());
        assertMessage(file, "slot 'mu' appears twice in state 'scale_by_lion'");

        Files.write(file, new Crafted().params("w", 1.0).stateWithScalars("scale_by_learning_rate", "lr", 0.1, "lr",
                0.2).bytes());
        assertMessage(file, "scalar 'lr' appears twice in state 'scale_by_learning_rate'");

        // the same file with distinct names loads: the refusal is about the repetition
        Files.write(file, new Crafted().params("w", 1.0, "v", 2.0).emptyState("identity").bytes());
        Checkpoint.Contents c = Checkpoint.load(file);
        assertEquals(java.util.List.of("w", "v"), new java.util.ArrayList<>(c.params().names()));
        assertEquals(2.0, c.params().get("v").item(), 0);
    }

    @Test
    void saveRefusesNamesThatWouldNotSurviveTheRoundTrip() {
        // two distinct unpaired surrogates would both be written as '?' and load as one name
        Path file = dir.resolve("names.gck");
        Params p = Params.of("a\uD800", Tensor.of(1.0), "a\uD801", Tensor.of(2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, p, Transforms.identity().init(p)));
        assertTrue(e.getMessage().contains("not valid Unicode"), e.getMessage());
        assertTrue(Files.notExists(file), "nothing written");
        Params ok = Params.of("w", Tensor.of(1.0));
        OptState badSlot = OptState.of("s", 0, java.util.Map.of("\uDC00", ok));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, ok, badSlot));
    }

    @Test
    void nonFiniteValuesAreRefusedOnSaveAndOnLoad() throws IOException {
        Path file = dir.resolve("nan.gck");
        GradientTransformation opt = Optimizers.adam(0.1);
        Params nan = Params.of("w", Tensor.of(0.5, Double.NaN, 1.0));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, nan, opt.init(nan)));
        assertTrue(p.getMessage().contains("params 'w'") && p.getMessage().contains("NaN")
                && p.getMessage().contains("flat index 1"), p.getMessage());
        Params fine = Params.of("w", Tensor.of(0.5, 0.25, 1.0));
        OptState state = opt.init(fine);
        OptState infSlot = state.withChild(0, state.child(0).withSlot("nu",
                Params.of("w", Tensor.of(0, Double.POSITIVE_INFINITY, 0))));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, fine, infSlot));
        assertTrue(s.getMessage().contains("slot 'nu'") && s.getMessage().contains("Infinity"), s.getMessage());
        OptState nanLr = state.withChild(1, state.child(1).withScalar("lr", Double.NaN));
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, fine, nanLr));
        assertTrue(l.getMessage().contains("scalar 'lr' is NaN"), l.getMessage());
        assertTrue(Files.notExists(file), "nothing written");

        Files.write(file, new Crafted().params("w", Double.NaN).emptyState("identity").bytes());
        assertMessage(file, "params 'w' at flat index 0 holds NaN");
        Files.write(file, new Crafted().params("w", 1.0).stateWithScalars("scale_by_learning_rate", "lr",
                Double.NEGATIVE_INFINITY, "other", 0).bytes());
        assertMessage(file, "scalar 'lr' holds -Infinity");
    }

    @Test
    void versionHugeShapesAndShortFilesAreNamed() throws IOException {
        Path file = dir.resolve("v.gck");
        Files.write(file, new Crafted(2).params("w", 1.0).emptyState("identity").bytes());
        assertMessage(file, "unsupported checkpoint version 2");
        // a flipped version byte is corruption (the CRC is checked first), not a newer format
        byte[] good = new Crafted().params("w", 1.0).emptyState("identity").bytes();
        byte[] flipped = good.clone();
        flipped[8] = 7;
        Files.write(file, flipped);
        assertMessage(file, "CRC-32 mismatch");
        // dimensions whose product overflows a long must not pass the bounds check
        Files.write(file, new Crafted().tensorHeader("w", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)
                .emptyState("identity").bytes());
        assertMessage(file, "needs " + Long.MAX_VALUE + " bytes");
        Files.write(file, java.util.Arrays.copyOf(good, 15));
        assertMessage(file, "truncated to 15 bytes");
    }

    /** Writes checkpoint files by hand (format version 1 unless told), with a correct CRC. */
    private static final class Crafted {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Crafted() {
            this(Checkpoint.VERSION);
        }

        Crafted(int version) {
            raw(Checkpoint.MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            i32(version);
        }

        /** A params block of scalar float64 tensors: name, value, name, value, ... */
        Crafted params(Object... entries) {
            i32(entries.length / 2);
            for (int i = 0; i < entries.length; i += 2) {
                string((String) entries[i]);
                scalarTensor(((Number) entries[i + 1]).doubleValue());
            }
            return this;
        }

        /** One float64 parameter with this shape and no elements written. */
        Crafted tensorHeader(String name, int... shape) {
            i32(1);
            string(name);
            raw(new byte[] {0});
            i32(shape.length);
            for (int d : shape) {
                i32(d);
            }
            return this;
        }

        Crafted emptyState(String name) {
            return stateWithScalars(name);
        }

        Crafted stateWithSlots(String name, String... slots) {
            string(name);
            i64(0);
            i32(slots.length);
            for (String slot : slots) {
                string(slot);
                params("w", 0.0);
            }
            i32(0);
            i32(0);
            return this;
        }

        /** A state with scalars: key, value, key, value, ... */
        Crafted stateWithScalars(String name, Object... scalars) {
            string(name);
            i64(0);
            i32(0);
            i32(scalars.length / 2);
            for (int i = 0; i < scalars.length; i += 2) {
                string((String) scalars[i]);
                f64(((Number) scalars[i + 1]).doubleValue());
            }
            i32(0);
            return this;
        }

        byte[] bytes() {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            byte[] body = out.toByteArray();
            crc.update(body);
            return java.nio.ByteBuffer.allocate(body.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(body)
                    .putLong(crc.getValue()).array();
        }

        private void scalarTensor(double v) {
            raw(new byte[] {0});
            i32(0);
            f64(v);
        }

        private void string(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            i32(b.length);
            raw(b);
        }

        private void i32(int v) {
            raw(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        private void i64(long v) {
            raw(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        private void f64(double v) {
            raw(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
        }

        private void raw(byte[] b) {
            out.writeBytes(b);
        }
    }

    private static void assertMessage(Path file, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
