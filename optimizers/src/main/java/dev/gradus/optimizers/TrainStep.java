package dev.gradus.optimizers;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Compiled;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A whole training step compiled: the loss's value and gradient and the optimizer's update of the
 * parameters and its state, traced once per signature (parameter names and shapes, state layout)
 * and replayed from one {@link Compiled} plan.
 *
 * <pre>{@code
 * GradientTransformation adam = Optimizers.adam(1e-3);
 * TrainStep train = TrainStep.compile(loss, adam);
 * OptState state = adam.init(params);
 * for (int i = 0; i < 1000; i++) {
 *     TrainStep.Result r = train.stepInPlace(params, state);   // params and state are given up
 *     params = r.params();
 *     state = r.state();
 * }
 * }</pre>
 *
 * <p>The Java values an update reads that change from step to step — Adam's and AMSGrad's bias
 * corrections {@code 1 − β1^t} and {@code √(1 − β2^t)}, EXAdam's {@code β^t}, the learning rate
 * (the state's {@code "lr"}, or a {@link Schedule}'s value at the step) — are computed in Java on
 * every step and passed to the plan as 0-d tensor inputs, never frozen at their traced values; the
 * step counts and the state's scalars are advanced in Java. So the compiled step follows the eager
 * trajectory of {@code AD.valueAndGrad} and {@link GradientTransformation#step}: bit for bit in
 * float64 and in float32 on the Java backend (the update runs the same operations in the same
 * order as the fused and the chained eager updates; a float32 parameter's step scalars are
 * rounded to float32 in the plan, as the eager update rounds them).
 *
 * <p>Compilable transformations, and chains of them: the named optimizers Adam, AdamW, AMSGrad,
 * Lion, EXAdam, SGD (with momentum and Nesterov), RMSProp and Adagrad, with constant or scheduled
 * learning rates, and the transforms identity, scale, set-to-zero, clip-by-value, weight decay,
 * momentum and the learning rates. Others ({@code clip_by_global_norm}, which reads the gradients'
 * norm into Java; Lion-κ, partitions, gradient accumulation, skipping non-finite updates) are
 * refused by {@link #compile}, with the reason {@link #whyNotCompilable} gives. A loss that reads
 * traced values into Java and parameters off the Java backend run eagerly (with
 * the same results), as {@link Compiled} does; {@link #fallbacks} lists why.
 *
 * <p>Non-finite values are not checked, as in {@link GradientTransformation#step}: a NaN loss or
 * gradient gives NaN parameters. Check {@link Result#loss} after each step, and use {@link #step}
 * rather than {@link #stepInPlace} where the last finite parameters must survive such a step (the
 * in-place step has written over them); {@link Minimizer} stops before a non-finite step.
 *
 * <p>Any number of threads may call one train step; new parameter shapes are traced again.
 */
public final class TrainStep {
    /** The loss at the parameters given, and the new parameters and state. */
    public record Result(Tensor loss, Params params, OptState state) {}

    /**
     * What a compiled call is traced over: its tensors are the parameters, the state's buffers and
     * the step scalars; {@code values} are the step scalars as doubles (for an eager run off the
     * Java backend).
     */
    private record Call(Params params, OptState state, Tensor[] scalars, double[] values) {}

    private final Function<Params, Tensor> loss;
    private final Traceable transformation;
    private final Compiled<Call, Tensor[]> compiled;
    /** The structure of the last call: most calls repeat it, and are then matched without building a new one. */
    private volatile Structure last;

    private TrainStep(Function<Params, Tensor> loss, Traceable transformation) {
        this.loss = loss;
        this.transformation = transformation;
        this.compiled = Compiled.of(TrainStep::leaves, TrainStep::withLeaves, this::structure, this::traced);
    }

    /**
     * The training step of scalar-valued {@code loss} and {@code transformation}, compiled.
     *
     * @throws IllegalArgumentException if an argument is null or the transformation is not
     *         compilable (the message says which part and why)
     */
    public static TrainStep compile(Function<Params, Tensor> loss, GradientTransformation transformation) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        if (transformation == null) {
            throw new IllegalArgumentException("transformation must not be null");
        }
        String why = whyNotCompilable(transformation);
        if (why != null) {
            throw new IllegalArgumentException("transformation cannot be compiled into a training step: " + why);
        }
        return new TrainStep(loss, (Traceable) transformation);
    }

    /** Why a training step with {@code transformation} cannot be compiled, or null when it can. */
    public static String whyNotCompilable(GradientTransformation transformation) {
        Objects.requireNonNull(transformation, "transformation");
        if (transformation instanceof Traceable t) {
            return t.untraceable();
        }
        return transformation.getClass().getName() + " is not one of the compilable transformations (see TrainStep)";
    }

    /**
     * One step: the loss and its gradient at {@code params}, then the transformation's update.
     * The inputs stay valid; results are new tensors.
     */
    public Result step(Params params, OptState state) {
        return run(params, state, false);
    }

    /**
     * {@link #step} that takes over {@code params} and {@code state}: afterwards their tensors are
     * {@linkplain Tensor#release released} and the new parameters and buffers are written over their
     * storage (from the second step on: the initial state shares one zero tensor between moments),
     * so a replayed step allocates no parameter-sized arrays. The values are those of {@link #step}.
     *
     * @throws IllegalStateException when a tensor of {@code params} or {@code state} was already released
     */
    public Result stepInPlace(Params params, OptState state) {
        return run(params, state, true);
    }

    /** Why calls of some signature run eagerly, one entry per signature (see {@link Compiled#fallbacks}). */
    public List<String> fallbacks() {
        return compiled.fallbacks();
    }

    private Result run(Params params, OptState state, boolean inPlace) {
        if (params == null || params.size() == 0) {
            throw new IllegalArgumentException("params must not be null or empty");
        }
        if (state == null) {
            throw new IllegalArgumentException("state must not be null (use the transformation's init)");
        }
        double[] values = new double[transformation.stepScalarCount()];
        transformation.stepScalars(state, values, 0);
        Tensor[] scalars = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            scalars[i] = Tensor.scalar(values[i]);
        }
        OptState next = transformation.advance(state);
        Call call = new Call(params, state, scalars, values);
        Tensor[] out = inPlace ? compiled.applyInPlace(call) : compiled.apply(call);
        int n = params.size();
        Params newParams = params.withValues(Arrays.copyOfRange(out, 1, n + 1));
        return new Result(out[0], newParams, withBuffers(next, out, new int[] {n + 1}));
    }

    /** The traced step: loss, new parameters, the new state's buffers. */
    private Tensor[] traced(Call call) {
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(loss, call.params());
        GradientTransformation.Step next = transformation.step(call.params(), vg.grad(), call.state(),
                StepScalars.of(call.values(), call.scalars()));
        Layout expected = Layout.of(transformation.advance(call.state()));
        if (!expected.matches(next.state())) {
            throw new IllegalStateException("TrainStep: the update's state " + Layout.of(next.state())
                    + " is not laid out as the state it advances to, " + expected);
        }
        List<Tensor> out = new ArrayList<>();
        out.add(vg.value());
        out.addAll(next.params().values());
        Ownership.forEachTensor(next.state(), out::add);
        return out.toArray(new Tensor[0]);
    }

    private static Tensor[] leaves(Call call) {
        List<Tensor> xs = new ArrayList<>(call.params().values());
        Ownership.forEachTensor(call.state(), xs::add);
        xs.addAll(List.of(call.scalars()));
        return xs.toArray(new Tensor[0]);
    }

    private static Call withLeaves(Call call, Tensor[] xs) {
        int n = call.params().size();
        int[] next = {n};
        OptState state = withBuffers(call.state(), xs, next);
        return new Call(call.params().withValues(Arrays.copyOfRange(xs, 0, n)), state,
                Arrays.copyOfRange(xs, next[0], xs.length), call.values());
    }

    /** {@code state} with its buffers, in {@link Ownership#forEachTensor} order, taken from {@code xs[next[0]…]}. */
    private static OptState withBuffers(OptState state, Tensor[] xs, int[] next) {
        Map<String, Params> slots = new LinkedHashMap<>();
        for (Map.Entry<String, Params> slot : state.slots().entrySet()) {
            int size = slot.getValue().size();
            slots.put(slot.getKey(), slot.getValue().withValues(Arrays.copyOfRange(xs, next[0], next[0] + size)));
            next[0] += size;
        }
        List<OptState> children = new ArrayList<>(state.children().size());
        for (OptState child : state.children()) {
            children.add(withBuffers(child, xs, next));
        }
        return new OptState(state.name(), state.step(), slots, state.scalars(), children);
    }

    /** What a plan is traced for besides the tensors' shapes: the parameter names and the state's layout. */
    private Structure structure(Call call) {
        Structure s = last;
        if (s == null || !inOrder(s.names(), call.params().names()) || !s.layout().matches(call.state())) {
            s = new Structure(List.copyOf(call.params().names()), Layout.of(call.state()));
            last = s;
        }
        return s;
    }

    private static boolean inOrder(List<String> names, Collection<String> other) {
        if (names.size() != other.size()) {
            return false;
        }
        Iterator<String> it = names.iterator();
        for (String n : other) {
            if (!n.equals(it.next())) {
                return false;
            }
        }
        return true;
    }

    /** Parameter names and state layout, with the hash computed once. */
    private record Structure(List<String> names, Layout layout, int hash) {
        Structure(List<String> names, Layout layout) {
            this(names, layout, 31 * names.hashCode() + layout.hashCode());
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Structure s && hash == s.hash && names.equals(s.names)
                    && layout.equals(s.layout);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * A state's layout without its values: name, slot names and their parameter names (in order:
     * the state's buffers are the plan's inputs in that order), children.
     */
    private record Layout(String name, List<String> slots, List<List<String>> slotNames, List<Layout> children) {
        static Layout of(OptState state) {
            List<List<String>> names = state.slots().values().stream().map(p -> List.copyOf(p.names())).toList();
            return new Layout(state.name(), List.copyOf(state.slots().keySet()), names,
                    state.children().stream().map(Layout::of).toList());
        }

        /** Whether {@code state} has this layout (compared without building its own). */
        boolean matches(OptState state) {
            if (!name.equals(state.name()) || slots.size() != state.slots().size()
                    || children.size() != state.children().size()) {
                return false;
            }
            int i = 0;
            for (Map.Entry<String, Params> slot : state.slots().entrySet()) {
                if (!slot.getKey().equals(slots.get(i)) || !inOrder(slotNames.get(i), slot.getValue().names())) {
                    return false;
                }
                i++;
            }
            for (int c = 0; c < children.size(); c++) {
                if (!children.get(c).matches(state.children().get(c))) {
                    return false;
                }
            }
            return true;
        }
    }
}
