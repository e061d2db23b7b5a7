package dev.gradus.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The kernels one run of a function executes, recorded for {@link Compiled}: every value is a
 * numbered slot (an input, a constant the function captured or created, or a kernel's result),
 * every kernel call an {@link Instr} over slots. While a trace is open on a thread, that thread's
 * Java tensors answer {@link Tensor#backend()} with a {@link TracingBackend}, which runs each
 * kernel on the {@link JavaBackend} and records it here. Values are told apart by storage identity:
 * tensors are immutable and every kernel returns new storage, so an array that no recorded kernel
 * produced and that is not an input is a constant of the function.
 *
 * <p>A trace is refused (it keeps a reason and records nothing more) when its replay could differ
 * from a new run: a traced value read back into Java (its control flow or constants may depend on
 * it), or a captured tensor that an open tape records. Slots hold float64 ({@code double[]}) or
 * float32 ({@code float[]}) arrays, as the Java backend stores them.
 */
final class Trace {
    /** Traces open on any thread; {@link Tensor#backend()} looks no further while it is 0. */
    static volatile int open;
    private static final ThreadLocal<Trace> CURRENT = new ThreadLocal<>();

    /** Recomputes one recorded kernel from its operands (Java tensors of their traced dtypes); returns the storage. */
    @FunctionalInterface
    interface Kernel {
        Object run(Tensor[] operands);
    }

    /** A kernel the plan runs into a buffer it allocates once (others run the Java backend's kernel). */
    sealed interface Into permits Elementwise, Gemm, Slice, ColumnSum {}

    /** An element-wise kernel the plan may run inside a fused loop. */
    sealed interface Elementwise extends Into {
        record Unary(UnaryOp op, double a, double b) implements Elementwise {}

        /** {@code op(x, y)}; each operand is read at {@link Broadcast#index} of the result's flat index. */
        record Binary(BinaryOp op, Broadcast x, Broadcast y) implements Elementwise {}

        record Where() implements Elementwise {}

        record TanhBackward() implements Elementwise {}

        /** An optimizer's moment {@code β·m + (1−β)·g}, or {@code β·v + (1−β)·g²} when squared; operands g, m. */
        record Moment(double beta, double oneMinusBeta, boolean squared) implements Elementwise {}

        /**
         * An optimizer's new parameter by a {@link FusedOptimizerStep} rule; operands (the last ones
         * 0-d: {@link TracedOptimizerStep}'s coefficients): ADAM p, m', v', s, ε̂, −lr; LION p,
         * m, g, −lr; EXADAM p, g, m', v', β1^t, β2^t, bc1, bc2, −lr.
         */
        record OptimizerParam(FusedOptimizerStep.Rule rule, double beta1, double oneMinusBeta1, double eps,
                double weightDecay) implements Elementwise {}
    }

    /**
     * How a broadcast operand is read: result element {@code i} reads element {@code (i / run) %
     * period}. Covers every operand whose axes of length above 1 are one block of consecutive axes of
     * the result: the full operand ({@code run} 1, {@code period} the size), a scalar ({@code period}
     * 1), a row (a bias: {@code run} 1) and a column ({@code period} the operand's size).
     */
    record Broadcast(int run, int period) {
        int index(int i) {
            return (i / run) % period;
        }

        /** How an operand of {@code shape} is read in a result of {@code out} shape; null when not one block. */
        static Broadcast of(int[] shape, int[] out) {
            int lead = out.length - shape.length;
            int first = -1;
            int last = -1;
            for (int d = 0; d < out.length; d++) {
                int len = d < lead ? 1 : shape[d - lead];
                if (len != 1 && out[d] != 1) {
                    first = first < 0 ? d : first;
                    last = d;
                }
            }
            if (first < 0) {
                return new Broadcast(1, 1);
            }
            int period = 1;
            for (int d = first; d <= last; d++) {
                int len = d < lead ? 1 : shape[d - lead];
                if (len != out[d] && out[d] != 1) {
                    return null; // a broadcast axis between two full ones
                }
                period *= out[d];
            }
            int run = 1;
            for (int d = last + 1; d < out.length; d++) {
                run *= out[d];
            }
            return new Broadcast(run, period);
        }
    }

    /**
     * A sum over the leading axes: the operand seen as rows of {@code columns} elements, summed
     * row after row into one row ({@code out[j] = 0 + x[j] + x[columns + j] + …}, the order of the
     * Java backend's reduction), so that it can run inside the fused loop that produces its operand.
     */
    record ColumnSum(int columns) implements Into {}

    /** A 2-D product {@code op(A)·op(B)} that the plan writes into a reused buffer. */
    record Gemm(boolean transA, boolean transB, int m, int k, int n) implements Into {}

    /**
     * A slice of step 1 of an array seen as {@code outer × len × inner}: elements {@code [start,
     * start + count)} of the middle axis; with {@code unslice}, the reverse (a {@code count}-long
     * middle axis placed at {@code start} of a {@code len}-long one, zeros elsewhere).
     */
    record Slice(int outer, int len, int inner, int start, int count, boolean unslice) implements Into {}

    /**
     * One recorded kernel: result slot {@code out} of {@code size} elements from operand slots
     * {@code in} (read under {@code inShapes}); {@code into} when the plan has a kernel that writes
     * into a buffer for it, null otherwise.
     */
    record Instr(String name, int out, int size, int[] in, int[][] inShapes, Kernel kernel, Into into) {}

    final TracingBackend backend = new TracingBackend(this);
    private final IdentityHashMap<Object, Integer> slotOf = new IdentityHashMap<>();
    /** Per slot: the storage of a constant, null for inputs and results. */
    final List<Object> constants = new ArrayList<>();
    /** Per slot: the dtype of its array. */
    final List<DType> dtypes = new ArrayList<>();
    /** Per slot: its element count. */
    final List<Integer> sizes = new ArrayList<>();
    final List<Instr> instrs = new ArrayList<>();
    final int inputCount;
    private String refusal;

    private Trace(Tensor[] inputs) {
        for (Tensor x : inputs) {
            slot(x.storage(), x.size(), null);
        }
        inputCount = inputs.length;
    }

    /** Opens a trace on this thread over {@code inputs} (Java tensors); close with {@link #end}. */
    static Trace begin(Tensor[] inputs) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("trace: a trace is already open on this thread");
        }
        Trace t = new Trace(inputs);
        CURRENT.set(t);
        synchronized (Trace.class) {
            open++;
        }
        return t;
    }

    void end() {
        CURRENT.remove();
        synchronized (Trace.class) {
            open--;
        }
    }

    /** Whether a trace is open on this thread. */
    static boolean active() {
        return open != 0 && CURRENT.get() != null;
    }

    /** The backend a tensor stored on {@code b} answers with: this thread's tracing backend for Java tensors. */
    static Backend route(Backend b) {
        Trace t = b == JavaBackend.INSTANCE ? CURRENT.get() : null;
        return t == null ? b : t.backend;
    }

    /** The backend tensors are stored on: the Java backend for a tracing one. */
    static Backend unwrap(Backend b) {
        return b instanceof TracingBackend ? JavaBackend.INSTANCE : b;
    }

    /** Why this trace cannot be replayed, or null. */
    String refusal() {
        return refusal;
    }

    void refuse(String why) {
        if (refusal == null) {
            refusal = why;
        }
    }

    /** A read of {@code storage}'s values into Java by {@code what}: refuses the trace when it is a traced value. */
    void valueRead(String what, Object storage) {
        Integer s = slotOf.get(storage);
        if (s != null && constants.get(s) == null) {
            refuse(what + " reads a traced value back into Java at " + Recorder.callSite()
                    + ": the recorded kernels may depend on it, so a replay could differ from a new run");
        }
    }

    /** Records a kernel with result storage {@code out} computed from {@code operands}. */
    void record(String name, Object out, Tensor[] operands, Kernel kernel, Into into) {
        if (refusal != null) {
            return;
        }
        int[] in = new int[operands.length];
        int[][] inShapes = new int[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            Tensor x = operands[i];
            Integer s = slotOf.get(x.storage());
            if (s == null && Recorder.isTracked(x)) {
                refuse("'" + name + "' uses a captured tensor of shape " + Arrays.toString(x.shapeRef())
                        + " that an open tape records: a replay would not record it; pass it as an input");
                return;
            }
            in[i] = s != null ? s : slot(x.storage(), x.size(), x.storage());
            inShapes[i] = x.shapeRef();
        }
        if (slotOf.containsKey(out)) {
            return; // the kernel handed back a value it was given: nothing new to compute
        }
        int size = java.lang.reflect.Array.getLength(out);
        instrs.add(new Instr(name, slot(out, size, null), size, in, inShapes, kernel, into));
    }

    /** The slot of {@code storage} (a constant's data or null), created when new. */
    int slotOf(Object storage, int size) {
        Integer s = slotOf.get(storage);
        return s != null ? s : slot(storage, size, storage);
    }

    private int slot(Object storage, int size, Object constant) {
        int s = sizes.size();
        slotOf.put(storage, s);
        sizes.add(size);
        dtypes.add(RangeKernels.dtypeOf(storage));
        constants.add(constant);
        return s;
    }
}
