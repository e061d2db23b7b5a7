package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Trace} planned once for replay. Planning folds every kernel whose operands are all
 * constants into a constant, drops multiplications by a constant of ones (exact in IEEE
 * arithmetic) and kernels no output needs, runs consecutive element-wise kernels of one size as a
 * {@link FusedLoop} (with the sums over leading axes of their results, such as a bias gradient), and writes element-wise results, 2-D products and slices into buffers
 * allocated once per thread, shared between results whose lifetimes do not overlap
 * ({@link BufferPlan}) and reused by every call. Other kernels (reductions, broadcasts, gathers,
 * solves, …) run the Java backend's own kernel on the buffers. Every kernel computes each element
 * as the eager path does, in the dtype of its result (float64 or float32 slots, {@link RangeKernels};
 * a kernel over operands of another dtype, such as a float32 tensor promoted in a float64 sum, runs
 * the Java backend's kernel), so replays give the eager results bit for bit.
 *
 * <p>Results handed to the caller never alias a buffer a later call writes: outputs computed into
 * a buffer get a new array on every call (or, in {@link #runInPlace}, the array of an input the
 * caller gave up), and outputs that are constants of the plan are copies.
 */
final class Plan {
    /** One step of a replay, over the slot arrays of the calling thread. */
    interface Step {
        void run(Object[] slots);
    }

    private final int slotCount;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final int[][] outputShapes;
    /** Per slot: a constant's array ({@code double[]} or {@code float[]}), or null. */
    private final Object[] constants;
    /** Per slot: the dtype of its array. */
    private final DType[] dtypes;
    private final BufferPlan buffers;
    /** The sizes of {@link BufferPlan#fresh}'s slots. */
    private final int[] freshSizes;
    private final Step[] steps;
    private final int kernels;
    private final int fusedLoops;
    private final ThreadLocal<Object[]> workspace = ThreadLocal.withInitial(this::newWorkspace);

    private Plan(Trace trace, int[] outputSlots, int[][] outputShapes) {
        slotCount = trace.sizes.size();
        inputSlots = new int[trace.inputCount];
        Arrays.setAll(inputSlots, i -> i);
        constants = trace.constants.toArray();
        dtypes = trace.dtypes.toArray(new DType[0]);
        int[] alias = new int[slotCount];
        Arrays.setAll(alias, i -> i);
        List<Trace.Instr> kept = simplify(trace.instrs, alias);
        this.outputSlots = Arrays.stream(outputSlots).map(s -> alias[s]).toArray();
        this.outputShapes = outputShapes;
        kept = live(kept, this.outputSlots);
        kernels = kept.size();

        buffers = BufferPlan.of(kept, this.outputSlots, trace.sizes, trace.dtypes, trace.inputCount);
        List<Step> planned = new ArrayList<>();
        int loops = 0;
        for (int i = 0; i < kept.size(); i++) {
            Trace.Instr ins = kept.get(i);
            int size = loopSize(ins, trace.sizes);
            if (size < 0) {
                planned.add(ins.into() instanceof Trace.Gemm g ? gemm(ins, g, RangeKernels.of(dtypes[ins.out()]))
                        : ins.into() instanceof Trace.Slice c ? slice(ins, c) : generic(ins));
                continue;
            }
            // Sums accumulate over the whole loop: no later member of the loop may read one.
            Set<Integer> sums = new HashSet<>();
            List<FusedLoop.Member> members = new ArrayList<>();
            int end = i;
            while (end < kept.size() && loopSize(kept.get(end), trace.sizes) == size
                    && Arrays.stream(kept.get(end).in()).noneMatch(sums::contains)) {
                Trace.Instr m = kept.get(end);
                if (m.into() instanceof Trace.ColumnSum c) {
                    sums.add(m.out());
                    members.add(FusedLoop.columnSum(m.out(), m.in()[0], c.columns()));
                } else if (OptimizerMembers.isAdamStep(kept, end)
                        && Arrays.stream(kept.get(end + 2).in()).noneMatch(sums::contains)) {
                    members.add(OptimizerMembers.adam(m, kept.get(end + 1), kept.get(end + 2),
                            RangeKernels.of(dtypes[m.out()])));
                    end += 2;
                } else {
                    members.add(member(m, trace.sizes, dtypes[m.out()]));
                }
                end++;
            }
            planned.add(new FusedLoop(members.toArray(new FusedLoop.Member[0]), size));
            loops++;
            i = end - 1;
        }
        steps = planned.toArray(new Step[0]);
        fusedLoops = loops;
        freshSizes = Arrays.stream(buffers.fresh).map(s -> trace.sizes.get(s)).toArray();
    }

    /** The plan of {@code trace}, whose results are the storages of {@code outputs}. */
    static Plan of(Trace trace, Tensor[] outputs) {
        int[] slots = new int[outputs.length];
        int[][] shapes = new int[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            slots[i] = trace.slotOf(outputs[i].storage(), outputs[i].size());
            shapes[i] = outputs[i].shape();
        }
        return new Plan(trace, slots, shapes);
    }

    /** Kernels a replay runs. */
    int kernels() {
        return kernels;
    }

    /** Fused loops among the steps. */
    int fusedLoops() {
        return fusedLoops;
    }

    /** Buffers per thread that results are written into (outputs excluded). */
    int buffers() {
        return buffers.sizes.length;
    }

    /** Steps of a replay. */
    int steps() {
        return steps.length;
    }

    @Override
    public String toString() {
        return kernels + " kernels in " + steps.length + " steps (" + fusedLoops + " fused loops), "
                + buffers.sizes.length + " reused buffers";
    }

    /** Runs the plan on Java tensors of the traced shapes and dtypes; the results are new tensors. */
    Tensor[] run(Tensor[] inputs) {
        return run(inputs, false);
    }

    /**
     * {@link #run} that may write results over the arrays of the inputs (see {@link BufferPlan#donor}):
     * the caller gives them up, and they must be distinct.
     */
    Tensor[] runInPlace(Tensor[] inputs) {
        return run(inputs, !holdsConstant(inputs));
    }

    /** Whether an input's array is also a constant of the plan (a captured tensor), which nothing may write. */
    private boolean holdsConstant(Tensor[] inputs) {
        for (Tensor x : inputs) {
            Object a = x.storage();
            for (Object c : constants) {
                if (c == a) {
                    return true;
                }
            }
        }
        return false;
    }

    private Tensor[] run(Tensor[] inputs, boolean inPlace) {
        Object[] s = workspace.get();
        for (int i = 0; i < inputSlots.length; i++) {
            s[inputSlots[i]] = inputs[i].storage();
        }
        for (int i = 0; i < freshSizes.length; i++) {
            int d = inPlace ? buffers.donor[i] : -1;
            int slot = buffers.fresh[i];
            s[slot] = d >= 0 ? s[inputSlots[d]] : RangeKernels.of(dtypes[slot]).allocate().apply(freshSizes[i]);
        }
        try {
            for (Step step : steps) {
                step.run(s);
            }
            Tensor[] out = new Tensor[outputSlots.length];
            for (int i = 0; i < out.length; i++) {
                int slot = outputSlots[i];
                Object r = s[slot];
                out[i] = new Tensor(JavaBackend.INSTANCE, dtypes[slot], outputShapes[i],
                        constants[slot] != null ? RangeKernels.copy(r) : r);
            }
            return out;
        } finally {
            for (int slot : inputSlots) {
                s[slot] = null; // the workspace keeps no caller's array alive
            }
            for (int slot : buffers.fresh) {
                s[slot] = null;
            }
        }
    }

    private Object[] newWorkspace() {
        Object[] pool = new Object[buffers.sizes.length];
        Arrays.setAll(pool, b -> RangeKernels.of(buffers.dtypes[b]).allocate().apply(buffers.sizes[b]));
        Object[] s = new Object[slotCount];
        for (int i = 0; i < slotCount; i++) {
            s[i] = constants[i] != null ? constants[i] : buffers.bufferOf[i] >= 0 ? pool[buffers.bufferOf[i]] : null;
        }
        return s;
    }

    /**
     * The instructions left after folding constants into {@link #constants} and multiplications
     * by ones into {@code alias} (slot → the slot holding its value); operands are resolved.
     */
    private List<Trace.Instr> simplify(List<Trace.Instr> instrs, int[] alias) {
        List<Trace.Instr> kept = new ArrayList<>();
        for (Trace.Instr ins : instrs) {
            int[] in = Arrays.stream(ins.in()).map(s -> alias[s]).toArray();
            if (Arrays.stream(in).allMatch(s -> constants[s] != null)) {
                constants[ins.out()] = ins.kernel().run(operands(in, ins.inShapes(), constants));
                continue;
            }
            Trace.Instr resolved = new Trace.Instr(ins.name(), ins.out(), ins.size(), in, ins.inShapes(), ins.kernel(),
                    planned(ins.into(), in, dtypes[ins.out()]));
            int same = timesOnes(resolved);
            if (same >= 0) {
                alias[ins.out()] = same;
                continue;
            }
            kept.add(resolved);
        }
        return kept;
    }

    /**
     * How the plan runs a kernel recorded as {@code into} over slots {@code in} with a result of
     * {@code dtype}: as recorded, or by the Java backend's kernel (null) when an operand has another
     * dtype (the backend's kernel promotes it) or for a float32 column sum (which accumulates in
     * float64 and rounds once). An optimizer step's 0-d coefficients are read as float64 whatever
     * their dtype.
     */
    private Trace.Into planned(Trace.Into into, int[] in, DType dtype) {
        if (into instanceof Trace.Elementwise.Moment || into instanceof Trace.Elementwise.OptimizerParam) {
            return into;
        }
        boolean mixed = Arrays.stream(in).anyMatch(s -> dtypes[s] != dtype);
        return mixed || into instanceof Trace.ColumnSum && dtype != DType.FLOAT64 ? null : into;
    }

    /** For {@code x·1} with x of the result's size and dtype, x's slot; −1 otherwise. */
    private int timesOnes(Trace.Instr ins) {
        if (!(ins.into() instanceof Trace.Elementwise.Binary b) || b.op() != BinaryOp.MUL) {
            return -1;
        }
        for (int j = 0; j < 2; j++) {
            int other = ins.in()[1 - j];
            if (allOnes(constants[ins.in()[j]]) && Arrays.stream(ins.inShapes()[1 - j]).reduce(1, (p, q) -> p * q)
                    == ins.size() && constants[other] == null && dtypes[other] == dtypes[ins.out()]) {
                return other;
            }
        }
        return -1;
    }

    private static boolean allOnes(Object c) {
        if (c == null) {
            return false;
        }
        int n = java.lang.reflect.Array.getLength(c);
        for (int i = 0; i < n; i++) {
            if (java.lang.reflect.Array.getDouble(c, i) != 1.0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The size of the fused loop {@code ins} may run in: an element-wise kernel's size, a column
     * sum's operand size when its loop runs on one thread; −1 for kernels that run on their own.
     */
    private static int loopSize(Trace.Instr ins, List<Integer> sizes) {
        if (ins.into() instanceof Trace.Elementwise) {
            return ins.size();
        }
        if (ins.into() instanceof Trace.ColumnSum) {
            int n = sizes.get(ins.in()[0]);
            return n < Parallel.THRESHOLD ? n : -1;
        }
        return -1;
    }

    /** The instructions some output depends on, in order. */
    private List<Trace.Instr> live(List<Trace.Instr> instrs, int[] outputs) {
        boolean[] needed = new boolean[slotCount];
        for (int s : outputs) {
            needed[s] = true;
        }
        List<Trace.Instr> live = new ArrayList<>();
        for (int i = instrs.size() - 1; i >= 0; i--) {
            Trace.Instr ins = instrs.get(i);
            if (needed[ins.out()]) {
                live.add(ins);
                for (int s : ins.in()) {
                    needed[s] = true;
                }
            }
        }
        java.util.Collections.reverse(live);
        return live;
    }

    private static Tensor[] operands(int[] in, int[][] shapes, Object[] slots) {
        Tensor[] xs = new Tensor[in.length];
        for (int j = 0; j < in.length; j++) {
            Object a = slots[in[j]];
            xs[j] = new Tensor(JavaBackend.INSTANCE, RangeKernels.dtypeOf(a), shapes[j], a);
        }
        return xs;
    }

    private static FusedLoop.Member member(Trace.Instr ins, List<Integer> sizes, DType dtype) {
        boolean[] scalar = new boolean[ins.in().length];
        for (int j = 0; j < scalar.length; j++) {
            scalar[j] = sizes.get(ins.in()[j]) == 1 && ins.size() != 1;
        }
        return FusedLoop.member((Trace.Elementwise) ins.into(), dtype, ins.out(), ins.in(), scalar, ins.size());
    }

    private static <A> Step gemm(Trace.Instr ins, Trace.Gemm g, RangeKernels<A> k) {
        int a = ins.in()[0];
        int b = ins.in()[1];
        int out = ins.out();
        if (g.m() * g.n() == 0) {
            return s -> { };
        }
        return s -> k.gemm().run(k.at(s, a), 0, g.transA(), k.at(s, b), 0, g.transB(), k.at(s, out), 0, g.m(), g.k(),
                g.n());
    }

    /** A slice of step 1 (or its reverse) as block copies into the result's buffer, as the layout kernels copy. */
    private static Step slice(Trace.Instr ins, Trace.Slice c) {
        int x = ins.in()[0];
        int out = ins.out();
        int block = c.count() * c.inner();
        int from = c.len() * c.inner();
        int offset = c.start() * c.inner();
        if (c.unslice()) {
            return s -> {
                Object o = s[out];
                RangeKernels.zero(o);
                for (int b = 0; b < c.outer(); b++) {
                    System.arraycopy(s[x], b * block, o, b * from + offset, block);
                }
            };
        }
        return s -> {
            for (int b = 0; b < c.outer(); b++) {
                System.arraycopy(s[x], b * from + offset, s[out], b * block, block);
            }
        };
    }

    /** The Java backend's kernel on the slots' arrays; its result becomes the slot's array for this call. */
    private static Step generic(Trace.Instr ins) {
        int[] in = ins.in();
        int[][] shapes = ins.inShapes();
        int out = ins.out();
        Trace.Kernel kernel = ins.kernel();
        return s -> s[out] = kernel.run(operands(in, shapes, s));
    }
}
