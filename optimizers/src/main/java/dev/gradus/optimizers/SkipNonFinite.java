package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips updates whose gradients contain NaN or ±∞: such a step returns zero updates and leaves the
 * inner state (moments, step count, schedules) unchanged. Scalars {@code "skipped"} (total) and
 * {@code "consecutive_skipped"} count skips; after {@code maxConsecutive} skips in a row the update
 * fails with an exception instead, so a run that has diverged does not idle silently.
 */
public final class SkipNonFinite implements GradientTransformation {
    private static final Logger LOG = LoggerFactory.getLogger(SkipNonFinite.class);
    private final GradientTransformation inner;
    private final int maxConsecutive;

    private SkipNonFinite(GradientTransformation inner, int maxConsecutive) {
        this.inner = inner;
        this.maxConsecutive = maxConsecutive;
    }

    /** Wraps {@code inner}; fails after {@code maxConsecutive} skipped updates in a row. */
    public static SkipNonFinite wrap(GradientTransformation inner, int maxConsecutive) {
        if (inner == null) {
            throw new IllegalArgumentException("inner must not be null");
        }
        Validation.positive("maxConsecutive", maxConsecutive);
        return new SkipNonFinite(inner, maxConsecutive);
    }

    @Override
    public OptState init(Params params) {
        return OptState.of("skip_non_finite", 0).withScalar("skipped", 0).withScalar("consecutive_skipped", 0)
                .withChildren(List.of(inner.init(params)));
    }

    @Override
    public Update update(Params grads, OptState state, Params params) {
        Validation.checkState(state, "skip_non_finite", 1);
        OptState next = state.withStep(state.step() + 1);
        for (String name : grads.names()) {
            Tensor g = grads.get(name);
            if (!g.allFinite()) {
                double consecutive = state.scalar("consecutive_skipped") + 1;
                if (consecutive >= maxConsecutive) {
                    throw new IllegalStateException("SkipNonFinite: gradient '" + name + "' is not finite for "
                            + (long) consecutive + " steps in a row (maxConsecutive = " + maxConsecutive + ")");
                }
                LOG.warn("skipping update {}: gradient '{}' has NaN or infinite values", state.step() + 1, name);
                return new Update(grads.map(t -> t.fill(0.0)), next.withScalar("skipped",
                        state.scalar("skipped") + 1).withScalar("consecutive_skipped", consecutive));
            }
        }
        Update u = inner.update(grads, state.child(0), params);
        return new Update(u.updates(), next.withScalar("consecutive_skipped", 0).withChild(0, u.state()));
    }
}
