package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Storages;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Nd4jScope} and the one release mechanism on ND4J ({@code Storages.release}): what a scope
 * records is freed when it closes, what it keeps survives, releasing an owner frees its buffer at
 * once and invalidates its views while releasing a view frees nothing, use of a freed tensor fails
 * loudly, tensors from before the scope survive every kind of kernel, and a thousand in-place
 * training steps in scopes request no garbage collection while libnd4j's live-memory counter grows
 * by at most ND4J's own per-op argument arrays.
 */
class Nd4jScopeTest {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jScopeTest.class);
    private static final int STEPS = 1000;
    private static final int WARMUP = 100;
    /**
     * ND4J allocates a few arrays of its own per op (a scalar operand, the list of reduced axes, a
     * reduction's NaN count: 4–16 bytes each) that no Gradus scope sees; the garbage collector frees
     * them with their Java objects, which are far larger than the buffers, so the heap paces them
     * (measured 390–584 bytes per step, depending on when the JVM's own collections run). A step of
     * the test's MLP allocates about 45 kB of results, all freed by the scope: without it the
     * counter would grow by that much per step until a collection.
     */
    private static final long UNTRACKED_PER_STEP = 2048;

    private static Tensor nd4j(Tensor t) {
        return t.to(Nd4jBackend.INSTANCE);
    }

    @Test
    void keptTensorsSurviveTheScopeAndTheRestIsFreed() {
        Tensor x = nd4j(Tensor.of(new double[] {1, 2, 3}));
        Tensor doubled;
        Tensor kept;
        try (Nd4jScope s = Nd4jScope.open()) {
            doubled = x.mul(2.0);
            kept = s.keep(doubled.add(1.0).reshape(3, 1));
        }
        assertArrayEquals(new double[] {3, 5, 7}, kept.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 2, 3}, x.toDoubleArray(), 0.0, "created before the scope");
        IllegalStateException e = assertThrows(IllegalStateException.class, doubled::toDoubleArray);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> doubled.add(1.0));
    }

    @Test
    void releasingAnOwnerFreesItsBufferAtOnceAndInvalidatesItsViews() {
        Tensor t = nd4j(Tensor.of(new double[] {4, 5}));
        Tensor alias = t.reshape(2, 1);
        INDArray buffer = (INDArray) t.storage();
        Storages.release(t);
        assertTrue(buffer.data().wasClosed(), "freed at once, not at the next collection");
        Storages.release(t, alias, Tensor.of(new double[] {1}).to(JavaBackend.INSTANCE)); // twice: skipped
        IllegalStateException e = assertThrows(IllegalStateException.class, alias::toDoubleArray);
        assertTrue(e.getMessage().contains("released"), "refused by Gradus, not by ND4J: " + e.getMessage());
    }

    @Test
    void releasingAViewReleasesOnlyTheViewAndFreesNothing() {
        Tensor t = nd4j(Tensor.of(new double[] {4, 5}));
        Tensor view = t.detach();
        Storages.release(view);
        assertTrue(view.isReleased());
        assertFalse(((INDArray) t.storage()).data().wasClosed(), "the owner's buffer stays");
        assertArrayEquals(new double[] {4, 5}, t.toDoubleArray(), 0.0);
        assertThrows(IllegalStateException.class, view::toDoubleArray);
    }

    @Test
    void aBufferFreedInsideAScopeIsForgottenByIt() {
        Tensor x = nd4j(Tensor.of(new double[] {1, 2}));
        Tensor kept;
        try (Nd4jScope s = Nd4jScope.open()) {
            Tensor y = x.add(1.0);
            Storages.release(y);
            kept = s.keep(x.mul(3.0));
        }
        assertArrayEquals(new double[] {3, 6}, kept.toDoubleArray(), 0.0);
    }

    @Test
    void anInnerScopeHandsWhatItKeepsToTheOuterOne() {
        Tensor x = nd4j(Tensor.of(new double[] {1, 2}));
        Tensor inner;
        try (Nd4jScope outer = Nd4jScope.open()) {
            try (Nd4jScope in = Nd4jScope.open()) {
                inner = in.keep(x.exp());
            }
            assertEquals(Math.E, inner.toDoubleArray()[0], 1e-15, "alive after the inner scope");
        }
        assertThrows(IllegalStateException.class, inner::toDoubleArray, "freed with the outer scope");
    }

    @Test
    void scopesCloseInOrderOnTheirOwnThread() throws InterruptedException {
        Nd4jScope outer = Nd4jScope.open();
        Nd4jScope inner = Nd4jScope.open();
        IllegalStateException order = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(order.getMessage().contains("inner scopes first"), order.getMessage());
        ExecutionException other = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(inner::close).get());
        assertTrue(other.getCause().getMessage().contains("belongs to the thread"), other.getCause().getMessage());
        inner.close();
        outer.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> outer.keep(Tensor.of(1.0)));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    /** No kernel hands back its input's buffer as a result: inputs from before a scope survive it. */
    @Test
    void tensorsFromBeforeTheScopeSurviveEveryKindOfKernel() {
        Tensor x = nd4j(Tensor.randn(7, 4, 3));
        Tensor y = nd4j(Tensor.randn(8, 4, 3));
        Tensor row = nd4j(Tensor.randn(9, 3));
        double[] before = x.toDoubleArray();
        List<UnaryOperator<Tensor>> ops = List.of(Tensor::neg, Tensor::exp, Tensor::tanh, Tensor::relu, Tensor::abs,
                Tensor::sign, Tensor::softplus, t -> t.clamp(-0.5, 0.5), t -> t.pow(1.0), t -> t.pow(2.0),
                t -> t.add(y), t -> t.mul(2.0), t -> t.sub(row), t -> t.div(y), t -> t.pow(y.abs()),
                t -> t.maximum(y), t -> t.gt(y), t -> Tensor.where(t.gt(y), t, y), Tensor::sum, t -> t.sum(0),
                t -> t.max(1), Tensor::transpose, t -> t.reshape(12), t -> t.slice(0, 1, 3), t -> t.index(0, 2, 0),
                t -> t.matmul(row.reshape(3, 1)), t -> Tensor.concat(0, t, y), t -> t.broadcastTo(2, 4, 3),
                t -> t.to(DType.FLOAT32), t -> t.to(DType.FLOAT64), t -> t.to(JavaBackend.INSTANCE),
                t -> t.logSoftmax(-1), t -> AD.grad(u -> u.tanh().matmul(row.reshape(3, 1)).sum(), t));
        for (UnaryOperator<Tensor> op : ops) {
            try (Nd4jScope s = Nd4jScope.open()) {
                op.apply(x);
            }
        }
        assertArrayEquals(before, x.toDoubleArray(), 0.0);
        assertEquals(12, y.toDoubleArray().length);
        assertEquals(3, row.toDoubleArray().length);
    }

    /**
     * A thousand Adam steps of a small MLP, each in a scope that releases the old parameters and state
     * and keeps the new: libnd4j's live-memory counter is the same after the last step as after
     * warm-up, and the pacer requested no collection.
     */
    @Test
    void aThousandTrainingStepsInScopesHoldMemoryFlatWithoutCollections() {
        GradientTransformation adam = Optimizers.adam(1e-2);
        Params params;
        OptState state;
        Tensor x;
        Tensor oneHot;
        try (Backends.Scope b = Backends.use(Nd4jBackend.INSTANCE)) {
            params = Params.of("w1", Tensor.randn(1, 20, 32).mul(0.2), "b1", Tensor.zeros(DType.FLOAT64, 32),
                    "w2", Tensor.randn(2, 32, 5).mul(0.2));
            state = adam.init(params);
            x = Tensor.randn(3, 16, 20);
            double[] y = new double[16 * 5];
            for (int i = 0; i < 16; i++) {
                y[i * 5 + i % 5] = 1.0;
            }
            oneHot = Tensor.of(y, DType.FLOAT64, 16, 5);
        }
        long requests = Nd4jGcPacer.SHARED.requests();
        long collections = collections();
        long warm = 0;
        double first = Double.NaN;
        double loss = Double.NaN;
        for (int step = 1; step <= STEPS; step++) {
            try (Nd4jScope s = Nd4jScope.open()) {
                var vg = AD.valueAndGrad(p -> x.matmul(p.get("w1")).add(p.get("b1")).tanh().matmul(p.get("w2"))
                        .logSoftmax(-1).mul(oneHot).sum().neg(), params);
                var next = adam.stepInPlace(params, vg.grad(), state); // frees or overwrites the old ones
                params = s.keep(next.params());
                state = keep(s, next.state());
                loss = vg.value().item();
            }
            if (step == 1) {
                first = loss;
            }
            if (step == WARMUP) {
                warm = Nd4j.getEnvironment().getDeviceCouner(0);
            }
        }
        long end = Nd4j.getEnvironment().getDeviceCouner(0);
        LOG.info("{} steps in scopes: live ND4J memory {} B after warm-up, {} B at the end; loss {} -> {};"
                + " JVM collections meanwhile: {}", STEPS, warm, end, first, loss, collections() - collections);
        assertTrue(loss < first / 2, "training made progress: " + first + " -> " + loss);
        assertEquals(requests, Nd4jGcPacer.SHARED.requests(), "the pacer requested no collection");
        assertTrue(warm > 0, "the counter sees the live parameters and data");
        long perStep = (end - warm) / (STEPS - WARMUP);
        assertTrue(perStep <= UNTRACKED_PER_STEP, "live ND4J memory grew by " + perStep + " bytes per step (from "
                + warm + " to " + end + " bytes); allowed: " + UNTRACKED_PER_STEP + " (ND4J's own op arguments)");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static OptState keep(Nd4jScope scope, OptState s) {
        s.slots().values().forEach(scope::keep);
        s.children().forEach(c -> keep(scope, c));
        return s;
    }
}
