package dev.gradus.optimizers;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Saves and restores parameters together with the full optimizer state (step counts, buffers,
 * scalars such as the learning rate), so a resumed run continues the uninterrupted trajectory bit
 * for bit.
 *
 * <p><b>File format</b> (version 1, little-endian):
 * <pre>
 * file    := magic "GRADUSCK" (8 bytes) · int32 version · params · state · int64 crc32
 * params  := int32 count · count × (string name · tensor)
 * state   := string name · int64 step
 *            · int32 nSlots · nSlots × (string slot · params)
 *            · int32 nScalars · nScalars × (string name · float64 value)
 *            · int32 nChildren · nChildren × state
 * tensor  := int8 dtype (0 float64, 1 float32) · int32 rank · rank × int32 dim · elements, row-major
 * string  := int32 byteLength · UTF-8 bytes
 * </pre>
 * The CRC-32 covers every byte before it. Writes go to a temporary file in the same directory,
 * are forced to disk and renamed over the target atomically, so a crash never leaves a half-written
 * checkpoint. Loading checks magic, CRC, version and bounds and fails with a
 * {@link CheckpointException} naming the problem; {@link #load(Path, Params, OptState)} also checks
 * that names, shapes, dtypes and the state's structure match the current run.
 *
 * <p><b>What a checkpoint may hold.</b> It is a state to resume from, so:
 * <ul>
 * <li>every stored value (parameters, buffers, scalars) must be finite: {@link #save} refuses NaN
 * and ±∞ with an {@link IllegalArgumentException} naming the entry and index, and {@link #load}
 * refuses a file holding one (a diverged run is not a state to resume; {@link Minimizer} stops
 * before it takes a step that would produce one);
 * <li>names are unique within each {@link Params}, slot map and scalar map: a file in which a
 * name repeats is refused on load instead of keeping one of the entries; {@link #save} refuses a
 * name that UTF-8 cannot encode losslessly (an unpaired surrogate), since two such names could
 * become the same name in the file.
 * </ul>
 */
public final class Checkpoint {
    /** The first bytes of every checkpoint. */
    public static final String MAGIC = "GRADUSCK";
    /** The format version written. */
    public static final int VERSION = 1;

    /** The contents of a checkpoint. */
    public record Contents(Params params, OptState state) {}

    private Checkpoint() {}

    /** Writes {@code params} and {@code state} to {@code path} atomically. */
    public static void save(Path path, Params params, OptState state) throws IOException {
        if (path == null || params == null || state == null) {
            throw new IllegalArgumentException("path, params and state must not be null");
        }
        Writer w = new Writer();
        w.bytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
        w.i32(VERSION);
        w.params(params, "params");
        w.state(state);
        CRC32 crc = new CRC32();
        crc.update(w.buf, 0, w.len);
        w.i64(crc.getValue());
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bb = ByteBuffer.wrap(w.buf, 0, w.len);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a checkpoint; fails cleanly on a foreign, truncated, corrupt or invalid file. */
    public static Contents load(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        byte[] data = Files.readAllBytes(path);
        int headerLength = MAGIC.length() + 4;
        if (data.length < MAGIC.length()
                || !new String(data, 0, MAGIC.length(), StandardCharsets.US_ASCII).equals(MAGIC)) {
            throw new CheckpointException(path + " is not a Gradus checkpoint (expected magic '" + MAGIC + "')");
        }
        if (data.length < headerLength + 8) {
            throw new CheckpointException(path + " is corrupt: truncated to " + data.length + " bytes");
        }
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        long stored = bb.getLong(data.length - 8);
        if (crc.getValue() != stored) {
            throw new CheckpointException(path + " is corrupt: CRC-32 mismatch (stored " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()) + ")");
        }
        int version = bb.getInt(MAGIC.length());
        if (version != VERSION) {
            throw new CheckpointException(path + ": unsupported checkpoint version " + version + ", expected "
                    + VERSION);
        }
        bb.position(headerLength).limit(data.length - 8);
        try {
            Reader r = new Reader(bb);
            Contents c = new Contents(r.params("params"), r.state());
            if (bb.hasRemaining()) {
                throw new CheckpointException(path + " is corrupt: " + bb.remaining() + " unread bytes");
            }
            return c;
        } catch (java.nio.BufferUnderflowException e) {
            throw new CheckpointException(path + " is corrupt: it ends inside an entry");
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path + " is corrupt: " + e.getMessage());
        }
    }

    /**
     * Reads a checkpoint and checks that it fits the current run: the same parameter names, shapes
     * and dtypes as {@code expectedParams}, and a state with the structure of {@code expectedState}
     * (typically {@code optimizer.init(params)}).
     */
    public static Contents load(Path path, Params expectedParams, OptState expectedState) throws IOException {
        Contents c = load(path);
        String p = mismatch("params", expectedParams, c.params());
        if (p != null) {
            throw new CheckpointException(path + " does not match: " + p);
        }
        String s = mismatch("state", expectedState, c.state());
        if (s != null) {
            throw new CheckpointException(path + " does not match: " + s);
        }
        return c;
    }

    private static String mismatch(String where, Params expected, Params actual) {
        if (!new ArrayList<>(expected.names()).equals(new ArrayList<>(actual.names()))) {
            return where + " names: expected " + expected.names() + ", file has " + actual.names();
        }
        for (String n : expected.names()) {
            Tensor e = expected.get(n);
            Tensor a = actual.get(n);
            if (!Arrays.equals(e.shape(), a.shape()) || e.dtype() != a.dtype()) {
                return where + " '" + n + "': expected " + e.dtype() + Arrays.toString(e.shape()) + ", file has "
                        + a.dtype() + Arrays.toString(a.shape());
            }
        }
        return null;
    }

    private static String mismatch(String where, OptState expected, OptState actual) {
        if (!expected.name().equals(actual.name())) {
            return where + ": expected transformation '" + expected.name() + "', file has '" + actual.name() + "'";
        }
        if (!expected.slots().keySet().equals(actual.slots().keySet())
                || !expected.scalars().keySet().equals(actual.scalars().keySet())
                || expected.children().size() != actual.children().size()) {
            return where + " '" + expected.name() + "': expected slots " + expected.slots().keySet() + ", scalars "
                    + expected.scalars().keySet() + ", children " + expected.childNames() + "; file has slots "
                    + actual.slots().keySet() + ", scalars " + actual.scalars().keySet() + ", children "
                    + actual.childNames();
        }
        for (String slot : expected.slots().keySet()) {
            String m = mismatch(where + "." + expected.name() + "." + slot, expected.slot(slot), actual.slot(slot));
            if (m != null) {
                return m;
            }
        }
        for (int i = 0; i < expected.children().size(); i++) {
            String m = mismatch(where + "." + expected.name() + "[" + i + "]", expected.child(i), actual.child(i));
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** A growable little-endian byte buffer. */
    private static final class Writer {
        byte[] buf = new byte[1 << 12];
        int len;

        private ByteBuffer room(int n) {
            if (len + n > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) len + n);
                if (want > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("checkpoint larger than 2 GiB is not supported");
                }
                buf = Arrays.copyOf(buf, (int) want);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, len, n).order(ByteOrder.LITTLE_ENDIAN);
            len += n;
            return bb;
        }

        void bytes(byte[] b) {
            room(b.length).put(b);
        }

        void i32(int v) {
            room(4).putInt(v);
        }

        void i64(long v) {
            room(8).putLong(v);
        }

        void f64(double v) {
            room(8).putDouble(v);
        }

        /** UTF-8 of {@code s}; refuses a name UTF-8 cannot encode losslessly (an unpaired surrogate). */
        void string(String s, String what) {
            ByteBuffer b;
            try {
                b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("Checkpoint.save: " + what + " '" + s + "' is not valid Unicode"
                        + " (unpaired surrogate); it would not survive the round trip and could collide with"
                        + " another name");
            }
            i32(b.remaining());
            room(b.remaining()).put(b);
        }

        void tensor(Tensor t, String what) {
            double[] values = t.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("Checkpoint.save: " + what + " holds " + values[i]
                            + " at flat index " + i + "; a checkpoint stores finite values only");
                }
            }
            room(1).put((byte) (t.dtype() == DType.FLOAT64 ? 0 : 1));
            int[] shape = t.shape();
            i32(shape.length);
            for (int d : shape) {
                i32(d);
            }
            if (t.dtype() == DType.FLOAT64) {
                room(8 * values.length).asDoubleBuffer().put(values);
            } else {
                ByteBuffer bb = room(4 * values.length);
                for (double v : values) {
                    bb.putFloat((float) v);
                }
            }
        }

        void params(Params p, String where) {
            i32(p.size());
            for (String n : p.names()) {
                string(n, "name in " + where);
                tensor(p.get(n), where + " '" + n + "'");
            }
        }

        void state(OptState s) {
            String where = "state '" + s.name() + "'";
            string(s.name(), "state name");
            i64(s.step());
            i32(s.slots().size());
            s.slots().forEach((k, v) -> {
                string(k, "slot name in " + where);
                params(v, where + " slot '" + k + "'");
            });
            i32(s.scalars().size());
            s.scalars().forEach((k, v) -> {
                string(k, "scalar name in " + where);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Checkpoint.save: " + where + " scalar '" + k + "' is " + v
                            + "; a checkpoint stores finite values only");
                }
                f64(v);
            });
            i32(s.children().size());
            s.children().forEach(this::state);
        }
    }

    /** Parses the payload with bounds checks. */
    private static final class Reader {
        private final ByteBuffer bb;

        Reader(ByteBuffer bb) {
            this.bb = bb;
        }

        private int count(String what) {
            int n = bb.getInt();
            if (n < 0 || n > bb.remaining()) {
                throw new IllegalArgumentException("bad " + what + " count " + n);
            }
            return n;
        }

        String string() {
            byte[] b = new byte[count("string length")];
            bb.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("a name is not valid UTF-8");
            }
        }

        Tensor tensor(String what) {
            byte dt = bb.get();
            if (dt != 0 && dt != 1) {
                throw new IllegalArgumentException(what + ": bad dtype code " + dt);
            }
            int rank = count(what + " rank");
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = bb.getInt();
                if (shape[i] < 0) {
                    throw new IllegalArgumentException(what + ": negative dimension " + shape[i]);
                }
            }
            long bytes = byteCount(shape, dt == 0 ? 8 : 4);
            if (bytes > bb.remaining()) {
                throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape) + " needs " + bytes
                        + " bytes, " + bb.remaining() + " left");
            }
            double[] values = new double[(int) (bytes / (dt == 0 ? 8 : 4))];
            for (int i = 0; i < values.length; i++) {
                values[i] = dt == 0 ? bb.getDouble() : bb.getFloat();
                if (!Double.isFinite(values[i])) {
                    throw nonFinite(what + " at flat index " + i, values[i]);
                }
            }
            return Tensor.of(values, dt == 0 ? DType.FLOAT64 : DType.FLOAT32, shape);
        }

        Params params(String where) {
            int n = count("parameter");
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = string();
                if (m.put(name, tensor(where + " '" + name + "'")) != null) {
                    throw new IllegalArgumentException("name '" + name + "' appears twice in " + where);
                }
            }
            return Params.of(m);
        }

        OptState state() {
            String name = string();
            String where = "state '" + name + "'";
            long step = bb.getLong();
            int nSlots = count("slot");
            Map<String, Params> slots = new LinkedHashMap<>();
            for (int i = 0; i < nSlots; i++) {
                String slot = string();
                if (slots.put(slot, params(where + " slot '" + slot + "'")) != null) {
                    throw new IllegalArgumentException("slot '" + slot + "' appears twice in " + where);
                }
            }
            int nScalars = count("scalar");
            Map<String, Double> scalars = new LinkedHashMap<>();
            for (int i = 0; i < nScalars; i++) {
                String k = string();
                double v = bb.getDouble();
                if (!Double.isFinite(v)) {
                    throw nonFinite(where + " scalar '" + k + "'", v);
                }
                if (scalars.put(k, v) != null) {
                    throw new IllegalArgumentException("scalar '" + k + "' appears twice in " + where);
                }
            }
            int nChildren = count("child");
            List<OptState> children = new ArrayList<>();
            for (int i = 0; i < nChildren; i++) {
                children.add(state());
            }
            return new OptState(name, step, slots, scalars, children);
        }

        /** Bytes of a tensor of this shape, or Long.MAX_VALUE when that overflows. */
        private static long byteCount(int[] shape, int elementBytes) {
            long n = elementBytes;
            try {
                for (int d : shape) {
                    n = Math.multiplyExact(n, d);
                }
                return n;
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        private static IllegalArgumentException nonFinite(String what, double v) {
            return new IllegalArgumentException(what + " holds " + v + "; a checkpoint stores finite values only");
        }
    }
}
