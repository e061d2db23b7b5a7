package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link GradientTransformation#chain}: the transformations applied one after another; the state
 * holds one child per element and counts the chain's updates. Traceable when every element is,
 * with the elements' step scalars one after another.
 */
final class Chain implements Traceable {
    private final List<GradientTransformation> list;

    Chain(List<GradientTransformation> list) {
        this.list = List.copyOf(list);
    }

    @Override
    public OptState init(Params params) {
        List<OptState> children = new ArrayList<>();
        for (GradientTransformation t : list) {
            children.add(t.init(params));
        }
        return OptState.of("chain", 0).withChildren(children);
    }

    @Override
    public Update update(Params grads, OptState state, Params params) {
        return update(grads, state, params, null);
    }

    /** The chain's update; each element's own update when {@code scalars} is null, its traceable one otherwise. */
    @Override
    public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
        Validation.checkState(state, "chain", list.size());
        List<OptState> next = new ArrayList<>(list.size());
        Params u = grads;
        int offset = 0;
        for (int i = 0; i < list.size(); i++) {
            GradientTransformation t = list.get(i);
            Update r;
            if (scalars == null) {
                r = t.update(u, state.child(i), params);
            } else {
                Traceable traceable = (Traceable) t;
                r = traceable.update(u, state.child(i), params, scalars.from(offset));
                offset += traceable.stepScalarCount();
            }
            u = r.updates();
            next.add(r.state());
        }
        return new Update(u, state.withStep(state.step() + 1).withChildren(next));
    }

    @Override
    public int stepScalarCount() {
        int n = 0;
        for (GradientTransformation t : list) {
            n += ((Traceable) t).stepScalarCount();
        }
        return n;
    }

    @Override
    public void stepScalars(OptState state, double[] into, int offset) {
        Validation.checkState(state, "chain", list.size());
        for (int i = 0; i < list.size(); i++) {
            Traceable t = (Traceable) list.get(i);
            t.stepScalars(state.child(i), into, offset);
            offset += t.stepScalarCount();
        }
    }

    @Override
    public OptState advance(OptState state) {
        List<OptState> next = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            next.add(((Traceable) list.get(i)).advance(state.child(i)));
        }
        return state.withStep(state.step() + 1).withChildren(next);
    }

    @Override
    public String untraceable() {
        for (int i = 0; i < list.size(); i++) {
            String why = TrainStep.whyNotCompilable(list.get(i));
            if (why != null) {
                return "element " + i + " of the chain: " + why;
            }
        }
        return null;
    }
}
