package dev.gradus.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function traced once per input signature and replayed from a plan (as JAX's {@code jit} and
 * PyTorch's {@code torch.compile}); made by {@link AD#compile}, {@link AD#compileValueAndGrad},
 * {@link AD#compileValueAndGradOfParams} or {@link #of}.
 *
 * <p>The first call with a new signature (the input shapes, dtypes and backends, and for
 * {@link Params} the names) runs the function eagerly and records every kernel it executes,
 * backward pass included; later calls with that signature replay the recorded kernels (see
 * {@link Plan}): constants folded, element-wise chains run as fused passes, buffers allocated
 * once per thread and reused. At most {@value #MAX_SIGNATURES} signatures are kept; the least
 * recently used is traced again when it returns. {@link #of(Function, BiFunction, Function, Function)}
 * compiles a function of any structure of tensors (a training step's parameters, optimizer state
 * and per-step scalars).
 *
 * <p>Contract:
 * <ul>
 * <li><b>Same numbers as eager.</b> A replay computes every element as the eager kernels do, so
 * its results equal the eager results bit for bit, in float64 and in float32: every value keeps
 * its dtype, a float32 kernel writes a float32 buffer and rounds once, as the eager float32 kernel
 * does, and a kernel over mixed dtypes promotes as eager does. The exception: while tracing, the backend offers
 * only the fused capabilities it records ({@link FusedTanhBackward}, {@link TransposedMatmul},
 * {@link TracedOptimizerStep}), so a function whose eager run uses {@link FusedTaylorTanh} or
 * {@link FusedOptimizerStep} is traced with the same formulas composed from primitive operations,
 * equal to rounding; an optimizer that calls {@link TracedOptimizerStep} itself (as a
 * compiled training step does) gets the fused kernel's bits.
 * <li><b>Built from tensor operations only.</b> Java code between the operations runs once, while
 * tracing. A function that reads a traced value back into Java ({@code item()}, {@code get},
 * {@code toDoubleArray()}, {@code argmax}, {@code det}, anomaly mode, …) may take another path on
 * other values, so it is not replayed: it runs eagerly on every call, and the reason, naming the
 * call that read the value, is logged once and listed by {@link #fallbacks()}. {@link #strict()}
 * throws instead. Inputs off the Java backend run eagerly (replays run on Java arrays). Tensors
 * the function creates or captures are constants of the plan; random tensors drawn inside the
 * function are drawn once. Java values the function reads
 * (fields, counters such as an optimizer's step count) are frozen at their traced values too and
 * cannot be detected: pass values that change from call to call as inputs (0-d tensors), as the
 * optimizers module's {@code TrainStep} does with an optimizer's bias corrections and learning
 * rate to compile a whole training step, optimizer update included.
 * <li><b>Not differentiable from outside.</b> A replay is not recorded on any tape, so calling a
 * compiled function on a tensor that an open tape records throws; differentiate inside it instead
 * ({@code compileValueAndGrad}, or compile a function that calls {@link AD#hvp}). Captured tensors
 * that an open tape records refuse the trace likewise.
 * <li><b>Threads.</b> Any number of threads may call one compiled function: plans are shared,
 * buffers belong to the calling thread.
 * <li><b>No aliasing.</b> Returned tensors are never overwritten by a later call: results are
 * written to new arrays (or are the caller's own inputs, or copies of the plan's constants).
 * {@link #applyInPlace} is the exception the caller asks for: it gives up the inputs, and results
 * are written over their arrays where the plan allows, so a replay allocates no result arrays.
 * </ul>
 *
 * @param <I> the input: a tensor, an array of tensors, {@link Params} or a structure of tensors
 * @param <O> the output
 */
public final class Compiled<I, O> implements Function<I, O> {
    /** Signatures kept per compiled function. */
    public static final int MAX_SIGNATURES = 8;
    private static final Logger LOG = LoggerFactory.getLogger(Compiled.class);

    private final Function<I, Tensor[]> inputs;
    private final Function<I, Object> structure;
    private final BiFunction<I, Tensor[], I> rebuild;
    private final Function<I, Tensor[]> body;
    private final BiFunction<I, Tensor[], O> assemble;
    private final boolean strict;
    private final Map<Signature, Object> plans;
    private final List<String> fallbacks;

    private Compiled(Function<I, Tensor[]> inputs, Function<I, Object> structure, BiFunction<I, Tensor[], I> rebuild,
                     Function<I, Tensor[]> body, BiFunction<I, Tensor[], O> assemble, boolean strict) {
        this.inputs = inputs;
        this.structure = structure;
        this.rebuild = rebuild;
        this.body = body;
        this.assemble = assemble;
        this.strict = strict;
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Signature, Object> eldest) {
                return size() > MAX_SIGNATURES;
            }
        };
        this.fallbacks = Collections.synchronizedList(new ArrayList<>());
    }

    /** {@code f} of several tensors with several results, compiled. */
    public static Compiled<Tensor[], Tensor[]> of(Function<Tensor[], Tensor[]> f) {
        Objects.requireNonNull(f, "f");
        return new Compiled<>(Tensor[]::clone, xs -> null, (xs, ys) -> ys, f, (xs, ys) -> ys, false);
    }

    /**
     * {@code f} of a structured input compiled: {@code leaves} lists the input's tensors,
     * {@code withLeaves} makes the same structure over other tensors (what {@code f} is traced on),
     * and {@code structure} says what besides the leaves' shapes, dtypes and backends a plan is
     * traced for (inputs of equal structures share plans; it is compared with {@code equals}).
     * {@code f} must read the input only through its leaves and its structure: anything else it reads
     * is frozen at its traced value.
     */
    public static <I> Compiled<I, Tensor[]> of(Function<I, Tensor[]> leaves, BiFunction<I, Tensor[], I> withLeaves,
                                                Function<I, Object> structure, Function<I, Tensor[]> f) {
        Objects.requireNonNull(leaves, "leaves");
        Objects.requireNonNull(withLeaves, "withLeaves");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(f, "f");
        return new Compiled<>(leaves, structure, withLeaves, f, (x, ys) -> ys, false);
    }

    static Compiled<Tensor, Tensor> ofTensor(Function<Tensor, Tensor> f) {
        Objects.requireNonNull(f, "f");
        return new Compiled<>(x -> new Tensor[] {x}, x -> null, (x, ys) -> ys[0], x -> new Tensor[] {f.apply(x)},
                (x, ys) -> ys[0], false);
    }

    static Compiled<Tensor, AD.ValueAndGrad<Tensor>> valueAndGrad(Function<Tensor, Tensor> f) {
        Objects.requireNonNull(f, "f");
        return new Compiled<>(x -> new Tensor[] {x}, x -> null, (x, ys) -> ys[0], x -> {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, x);
            return new Tensor[] {vg.value(), vg.grad()};
        }, (x, ys) -> new AD.ValueAndGrad<>(ys[0], ys[1]), false);
    }

    static Compiled<Params, AD.ValueAndGrad<Params>> valueAndGradOfParams(Function<Params, Tensor> f) {
        Objects.requireNonNull(f, "f");
        return new Compiled<>(p -> p.values().toArray(new Tensor[0]), p -> List.copyOf(p.names()), Params::withValues,
                p -> {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(f, p);
            List<Tensor> g = vg.grad().values();
            Tensor[] out = new Tensor[g.size() + 1];
            out[0] = vg.value();
            for (int i = 0; i < g.size(); i++) {
                out[i + 1] = g.get(i);
            }
            return out;
        }, (p, ys) -> new AD.ValueAndGrad<>(ys[0], p.withValues(Arrays.copyOfRange(ys, 1, ys.length))), false);
    }

    /** The same function, throwing an {@link IllegalStateException} where this one would run eagerly. */
    public Compiled<I, O> strict() {
        return new Compiled<>(inputs, structure, rebuild, body, assemble, true);
    }

    /** Why calls of some signature run eagerly, one entry per signature traced so. */
    public List<String> fallbacks() {
        synchronized (fallbacks) {
            return List.copyOf(fallbacks);
        }
    }

    /** The number of signatures with a plan or a fallback kept now. */
    public int signatures() {
        synchronized (plans) {
            return plans.size();
        }
    }

    @Override
    public O apply(I input) {
        return run(input, false);
    }

    /**
     * {@link #apply} that takes over the input's tensors: the caller gives them up, they are
     * {@linkplain Tensor#release released} (any later use of them throws
     * {@link IllegalStateException}) and a replay may write results over their storage instead of
     * allocating (an input's array holds a result of its size once the plan has read the input for
     * the last time). Inputs that are not all distinct, {@linkplain Tensor#ownsStorage owned}
     * Java arrays, or one of which the function also captured, are not written over; they
     * are still released, except those a result holds.
     * This is how a compiled training step updates parameters and optimizer state in place.
     */
    public O applyInPlace(I input) {
        return run(input, true);
    }

    private O run(I input, boolean inPlace) {
        Objects.requireNonNull(input, "input");
        Tensor[] xs = inputs.apply(input);
        for (int i = 0; i < xs.length; i++) {
            Tensor x = Objects.requireNonNull(xs[i], "input tensor");
            if (x.isTracked()) {
                throw new IllegalStateException("compiled function: input " + i + " (shape "
                        + Arrays.toString(x.shapeRef()) + ") is recorded by an open tape, but a replay is not "
                        + "recorded, so its gradient would be lost; differentiate inside the compiled function "
                        + "(AD.compileValueAndGrad, or compile a function that calls AD.grad or AD.hvp)");
            }
        }
        Tensor[] out = results(input, xs, inPlace);
        if (inPlace && xs.length > 0 && !xs[0].isReleased()) { // an in-place replay released them all
            Storages.releaseExcept(Arrays.asList(xs), Arrays.asList(out));
        }
        return assemble.apply(input, out);
    }

    /** The results of one call: replayed, traced or eager. */
    private Tensor[] results(I input, Tensor[] xs, boolean inPlace) {
        if (Trace.active()) { // called while another compiled function is traced: its kernels join that trace
            return eager(input);
        }
        Signature sig = new Signature(structure.apply(input), xs);
        Object entry;
        synchronized (plans) {
            entry = plans.get(sig);
        }
        if (entry instanceof Plan plan) {
            if (inPlace && Storages.writableInPlace(Arrays.asList(xs), List.of())) {
                Tensor[] out = plan.runInPlace(xs);
                for (Tensor x : xs) {
                    x.release(); // the results are new tensors, also those over an input's array
                }
                return out;
            }
            return plan.run(xs);
        }
        if (entry instanceof String reason) {
            return eagerBecause(reason, input);
        }
        return traceAndRun(sig, input, xs);
    }

    private Tensor[] traceAndRun(Signature sig, I input, Tensor[] xs) {
        String unsupported = sig.unsupported();
        if (unsupported != null) {
            remember(sig, unsupported);
            return eagerBecause(unsupported, input);
        }
        Tensor[] copies = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            // Own copies: an input that is also captured, or passed twice, gets a slot of its own.
            copies[i] = new Tensor(JavaBackend.INSTANCE, xs[i].dtype(), xs[i].shapeRef(),
                    RangeKernels.copy(xs[i].storage()));
        }
        Trace trace = Trace.begin(copies);
        Tensor[] out;
        try {
            out = body.apply(rebuild.apply(input, copies));
        } finally {
            trace.end();
        }
        for (int i = 0; i < out.length; i++) {
            Tensor y = Objects.requireNonNull(out[i], "compiled function: result " + i + " is null");
            if (Trace.unwrap(y.backend()) != JavaBackend.INSTANCE) {
                trace.refuse("result " + i + " is on " + y.backend().name()
                        + ": compiled replays produce Java tensors");
            }
            out[i] = y.detach();
        }
        String refusal = trace.refusal();
        if (refusal != null) {
            remember(sig, refusal);
            if (strict) {
                throw new IllegalStateException("compiled function: " + refusal);
            }
            return out;
        }
        Plan plan = Plan.of(trace, out);
        synchronized (plans) {
            plans.putIfAbsent(sig, plan);
        }
        LOG.debug("compiled function traced for inputs {}: {} recorded, planned as {}", sig, trace.instrs.size(), plan);
        return out;
    }

    private void remember(Signature sig, String reason) {
        synchronized (plans) {
            if (plans.putIfAbsent(sig, reason) != null) {
                return;
            }
        }
        fallbacks.add(reason);
        if (!strict) {
            LOG.warn("compiled function runs eagerly for inputs {}: {}", sig, reason);
        }
    }

    private Tensor[] eagerBecause(String reason, I input) {
        if (strict) {
            throw new IllegalStateException("compiled function: " + reason);
        }
        return eager(input);
    }

    private Tensor[] eager(I input) {
        Tensor[] out = body.apply(input);
        return Arrays.stream(out).map(AD::escape).toArray(Tensor[]::new);
    }

    /** What a plan is traced for: the inputs' shapes, dtypes and backends, and their structure (names for Params). */
    private static final class Signature {
        private final Object structure;
        private final int[][] shapes;
        private final DType[] dtypes;
        private final Backend[] backends;

        Signature(Object structure, Tensor[] xs) {
            this.structure = structure;
            shapes = new int[xs.length][];
            dtypes = new DType[xs.length];
            backends = new Backend[xs.length];
            for (int i = 0; i < xs.length; i++) {
                shapes[i] = xs[i].shapeRef();
                dtypes[i] = xs[i].dtype();
                backends[i] = xs[i].backend();
            }
        }

        /** Why inputs of this signature cannot be replayed, or null. */
        String unsupported() {
            for (int i = 0; i < shapes.length; i++) {
                if (backends[i] != JavaBackend.INSTANCE) {
                    return "input " + i + " is " + dtypes[i] + " on " + backends[i].name()
                            + ": compiled replays run tensors on the Java backend";
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s && Objects.equals(structure, s.structure)
                    && Arrays.deepEquals(shapes, s.shapes)
                    && Arrays.equals(dtypes, s.dtypes) && Arrays.equals(backends, s.backends);
        }

        @Override
        public int hashCode() {
            return Objects.hash(structure, Arrays.deepHashCode(shapes), Arrays.hashCode(dtypes),
                    Arrays.hashCode(backends));
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < shapes.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(Arrays.toString(shapes[i])).append(' ').append(dtypes[i]);
            }
            return structure == null ? sb.toString() : structure + ": " + sb;
        }
    }
}
