package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * After a training step, nothing keeps the step's intermediate tensors or their arrays alive: not
 * the returned gradients, not the closed tape. Intermediates are spied on with weak references
 * (an activation that records its outputs and their storage), which must clear after GC.
 */
class TapeReleaseTest {
    private final List<WeakReference<Object>> spied = new ArrayList<>();
    private final Activation spy = Activation.of("spyTanh", x -> {
        Tensor y = x.tanh();
        spied.add(new WeakReference<>(y));
        spied.add(new WeakReference<>(y.storage()));
        return y;
    });
    private final Mlp mlp = Mlp.builder(3, 16, 16, 2).activation(spy).build();
    private final Tensor x = Tensor.randn(1L, 32, 3);
    private final int[] labels = new java.util.Random(2).ints(32, 0, 2).toArray();
    private final Function<Params, Tensor> loss = q -> Losses.softmaxCrossEntropy(mlp.apply(q, x), labels);

    @Test
    void valueAndGradResultsHoldNoIntermediates() {
        Params p = mlp.init(3L);
        AD.ValueAndGrad<Params> step = AD.valueAndGrad(loss, p);
        Params next = p.addScaled(-0.1, step.grad());
        assertEquals(4, spied.size());
        assertEquals(0, aliveAfterGc(), "intermediates still reachable while the step's results are held");
        Reference.reachabilityFence(step);
        assertTrue(Double.isFinite(next.norm().item()));
    }

    @Test
    void aClosedTapeHoldsNoIntermediates() {
        Object[] lossHolder = new Object[1];
        ExplicitStep step = explicitStep(mlp.init(3L), lossHolder);
        // Control: while the loss tensor is held, its graph (and the spied outputs) must stay alive,
        // which shows the weak references do detect reachability.
        assertEquals(4, aliveAfterGc(), "the loss keeps its graph");
        lossHolder[0] = null;
        assertEquals(0, aliveAfterGc(), "intermediates reachable from the closed tape or the gradients");
        Reference.reachabilityFence(step);
        assertTrue(Double.isFinite(step.grads()[0].sum().item()));
    }

    /** The tape closed after a step and the gradients it gave. */
    private record ExplicitStep(Tape tape, Tensor[] grads) {}

    /** One step with the explicit tape; the loss tensor is handed out through {@code lossHolder}. */
    private ExplicitStep explicitStep(Params p, Object[] lossHolder) {
        try (Tape t = Tape.record()) {
            Params w = t.watch(p);
            Tensor l = loss.apply(w);
            lossHolder[0] = l;
            return new ExplicitStep(t, t.gradient(l, w.values().toArray(new Tensor[0])));
        }
    }

    /** How many spied objects survive a few full collections. */
    private int aliveAfterGc() {
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            if (spied.stream().allMatch(r -> r.get() == null)) {
                return 0;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return (int) spied.stream().filter(r -> r.get() != null).count();
    }
}
