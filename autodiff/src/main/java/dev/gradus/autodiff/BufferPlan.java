package dev.gradus.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which buffer each result of a {@link Plan} is written to. Results the plan writes into memory
 * of its own share buffers of their size and dtype: a buffer returns to the pool after the last kernel that
 * reads its value, and an element-wise kernel may write into the buffer of an operand it reads
 * last (each element is read before it is written, also inside a {@link FusedLoop}, whose kernels
 * touch a block's elements in order). Fewer, reused buffers keep a replay's working set in cache.
 * Results returned to the caller are never pooled: they get a new array on every call, or, in a
 * replay that takes over its inputs ({@link Plan#runInPlace}), the array of an input of their size
 * and dtype ({@link #donor}) once no kernel reads that input any more.
 */
final class BufferPlan {
    /** Per slot: the index of its buffer, −1 for none. */
    final int[] bufferOf;
    /** Per buffer: its size. */
    final int[] sizes;
    /** Per buffer: its dtype. */
    final DType[] dtypes;
    /** Output slots written into a new array on every call. */
    final int[] fresh;
    /**
     * Per {@link #fresh} slot: the input whose array may hold it when the caller gives the inputs
     * up (no kernel reads that input after the one writing the slot, or only that element-wise
     * kernel does), −1 for none.
     */
    final int[] donor;

    private BufferPlan(int[] bufferOf, int[] sizes, DType[] dtypes, int[] fresh, int[] donor) {
        this.bufferOf = bufferOf;
        this.sizes = sizes;
        this.dtypes = dtypes;
        this.fresh = fresh;
        this.donor = donor;
    }

    /** The buffers of {@code instrs} over slots of those sizes and dtypes, the first {@code inputCount} the inputs. */
    static BufferPlan of(List<Trace.Instr> instrs, int[] outputs, List<Integer> slotSizes, List<DType> slotTypes,
                         int inputCount) {
        int slotCount = slotSizes.size();
        int[] lastUse = new int[slotCount];
        java.util.Arrays.fill(lastUse, -1);
        for (int i = 0; i < instrs.size(); i++) {
            for (int s : instrs.get(i).in()) {
                lastUse[s] = i;
            }
        }
        boolean[] isOutput = new boolean[slotCount];
        for (int s : outputs) {
            isOutput[s] = true;
        }
        int[] bufferOf = new int[slotCount];
        java.util.Arrays.fill(bufferOf, -1);
        List<Integer> sizes = new ArrayList<>();
        List<DType> dtypes = new ArrayList<>();
        Map<List<Object>, ArrayDeque<Integer>> free = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        List<Integer> donor = new ArrayList<>();
        boolean[] donated = new boolean[inputCount];
        for (int i = 0; i < instrs.size(); i++) {
            Trace.Instr ins = instrs.get(i);
            boolean inPlace = ins.into() instanceof Trace.Elementwise;
            DType dtype = slotTypes.get(ins.out());
            if (inPlace) {
                release(ins, i, lastUse, bufferOf, sizes, dtypes, free);
            }
            // A column sum accumulates over its whole fused loop, in which earlier kernels may still
            // read a buffer released to the pool: it gets memory of its own.
            boolean accumulates = ins.into() instanceof Trace.ColumnSum;
            if (ins.into() != null) {
                if (isOutput[ins.out()]) {
                    fresh.add(ins.out());
                    int d = -1;
                    for (int j = 0; j < inputCount && d < 0 && !accumulates; j++) {
                        if (!donated[j] && !isOutput[j] && slotSizes.get(j) == ins.size() && slotTypes.get(j) == dtype
                                && (lastUse[j] < i || lastUse[j] == i && inPlace)) {
                            d = j;
                            donated[j] = true;
                        }
                    }
                    donor.add(d);
                } else {
                    ArrayDeque<Integer> pool = accumulates ? null : free.get(List.of(ins.size(), dtype));
                    if (pool != null && !pool.isEmpty()) {
                        bufferOf[ins.out()] = pool.pop();
                    } else {
                        bufferOf[ins.out()] = sizes.size();
                        sizes.add(ins.size());
                        dtypes.add(dtype);
                    }
                }
            }
            if (!inPlace) {
                release(ins, i, lastUse, bufferOf, sizes, dtypes, free);
            }
        }
        return new BufferPlan(bufferOf, sizes.stream().mapToInt(Integer::intValue).toArray(),
                dtypes.toArray(new DType[0]),
                fresh.stream().mapToInt(Integer::intValue).toArray(),
                donor.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Returns the buffers of the operands whose last reader is instruction {@code i} to the pool. */
    private static void release(Trace.Instr ins, int i, int[] lastUse, int[] bufferOf, List<Integer> sizes,
                                List<DType> dtypes, Map<List<Object>, ArrayDeque<Integer>> free) {
        for (int s : ins.in()) {
            if (lastUse[s] == i && bufferOf[s] >= 0) {
                lastUse[s] = -1; // an operand read twice is released once
                int b = bufferOf[s];
                free.computeIfAbsent(List.of(sizes.get(b), dtypes.get(b)), k -> new ArrayDeque<>()).push(b);
            }
        }
    }
}
