package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.HeapRoom;
import dev.gradus.autodiff.internal.Shapes;
import java.util.Arrays;
import java.util.Random;

/**
 * An immutable n-dimensional array: a shape, a {@link DType} (float64 by default) and storage
 * owned by a {@link Backend}. Every operation returns a new tensor and, while a {@link Tape} is
 * recording, is recorded for differentiation. Binary operations follow NumPy broadcasting; axes
 * may be negative (counted from the end).
 *
 * <p>NaN propagates through every operation, activation and reduction, as in NumPy and PyTorch
 * ({@code relu(NaN)} and {@code max} of a tensor holding a NaN are NaN); comparisons follow IEEE 754
 * (any comparison with NaN is 0), {@link #where} takes a NaN condition as true, and
 * {@link #argmax}/{@link #argmin} return the index of the first NaN. {@code pow} follows
 * {@link Math#pow}: NaN for {@code 1^NaN} and {@code (±1)^±∞}, where C gives 1. A shape may hold at
 * most {@code Integer.MAX_VALUE − 8} elements.
 *
 * <p>A tensor's values never change. An API that takes over its memory to write new values there
 * (an optimizer's {@code stepInPlace}) first {@linkplain #release releases} it: from then on every
 * use of the tensor, or of a reshape or detach of it, throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
 * Tensor y = x.matmul(x.transpose()).tanh().sum();   // a scalar tensor
 * }</pre>
 */
public final class Tensor {
    private final Backend backend;
    private final DType dtype;
    private final int[] shape;
    /**
     * The elements (a backend's array) of a tensor that owns them, or, for a view ({@link #detach},
     * a reshape), its owner's {@link Sharing} record. Final, so that a tensor handed to another
     * thread without synchronisation still reads its storage there (JLS 17.5), never the field's
     * default that would look released.
     */
    private final Object storage;
    /**
     * This tensor's own mark: null until an owner shares its storage with a view (then the
     * {@link Sharing} record the views hold) or until the tensor is released (then a record marked
     * released). A release is seen by threads that synchronise with the releasing one, as any
     * hand-over of the storage must.
     */
    private Sharing sharing;
    /** The recorded operation that produced this tensor; null for constants. Set once, at creation. */
    Node node;

    Tensor(Backend backend, DType dtype, int[] shape, Object storage) {
        this.backend = Trace.unwrap(backend); // results made while tracing are stored as Java tensors
        this.dtype = dtype;
        this.shape = shape;
        this.storage = storage;
    }

    /** Storage shared by an owner and its views, and whether the owner released it; owner and views hold this record. */
    private static final class Sharing {
        /** The shared mark of every released tensor that had no record of its own yet (an unshared owner, a view). */
        static final Sharing RELEASED = new Sharing(null, true);

        final Object storage;
        boolean released;

        Sharing(Object storage, boolean released) {
            this.storage = storage;
            this.released = released;
        }
    }

    /** This tensor's storage under another shape, in a view that is invalid once the owner is released. */
    private Tensor share(int[] newShape) {
        storage(); // refuses a released tensor
        if (storage instanceof Sharing owner) { // a view of a view shares the first owner's record
            return new Tensor(backend, dtype, newShape, owner);
        }
        Sharing owner;
        synchronized (this) {
            if (sharing == null) {
                sharing = new Sharing(storage, false);
            }
            owner = sharing;
        }
        return new Tensor(backend, dtype, newShape, owner);
    }

    /**
     * Wraps backend storage as a tensor. For {@link Backend} implementations: the storage must hold
     * {@code Shapes.size(shape)} elements of {@code dtype} and must not be modified afterwards.
     */
    public static Tensor fromStorage(Backend backend, DType dtype, int[] shape, Object storage) {
        Shapes.size("fromStorage", shape);
        return new Tensor(backend, dtype, shape.clone(), storage);
    }

    // ---------------------------------------------------------------- factories

    /**
     * The backend new tensors are created on: the calling thread's choice in {@link Backends}
     * (per-thread {@link Backends#use} scope, else the process default, else {@code -Dgradus.backend},
     * else {@link JavaBackend}).
     */
    public static Backend defaultBackend() {
        return Backends.current();
    }

    /** A float64 scalar (rank 0). */
    public static Tensor scalar(double value) {
        return of(new double[] {value}, new int[0]);
    }

    /** A scalar of the given dtype on the default backend. */
    public static Tensor scalar(double value, DType dtype) {
        return of(new double[] {value}, dtype, new int[0]);
    }

    /** A float64 vector. */
    public static Tensor of(double... values) {
        return of(values, new int[] {values.length});
    }

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("of: a matrix needs at least one row");
        }
        int cols = rows[0].length;
        double[] flat = new double[stagedSize("of", new int[] {rows.length, cols})];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length
                        + " elements, expected " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, rows.length, cols);
    }

    /** A float64 tensor of the given shape from row-major data. */
    public static Tensor of(double[] data, int... shape) {
        return of(data, DType.FLOAT64, shape);
    }

    /** A tensor of the given dtype and shape from row-major data (copied). */
    public static Tensor of(double[] data, DType dtype, int... shape) {
        if (stagedSize("of", shape) != data.length) {
            throw new IllegalArgumentException("of: " + data.length + " values do not fill shape "
                    + Arrays.toString(shape));
        }
        Backend b = defaultBackend();
        return new Tensor(b, dtype, shape.clone(), b.fromDoubles(data, dtype));
    }

    /** A float32 tensor of the given shape from row-major data. */
    public static Tensor of(float[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return of(d, DType.FLOAT32, shape);
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT64, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shapes.size("zeros", shape);
        Backend b = defaultBackend();
        if (b == JavaBackend.INSTANCE) {
            HeapRoom.ensure("zeros", shape, n, dtype == DType.FLOAT64 ? Double.BYTES : Float.BYTES);
        }
        return new Tensor(b, dtype, shape.clone(), b.zeros(dtype, n));
    }

    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT64, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        double[] d = new double[stagedSize("full", shape)];
        Arrays.fill(d, value);
        return wrap(defaultBackend(), d, dtype, shape.clone());
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: n must be ≥ 0, got " + n);
        }
        double[] d = new double[stagedSize("eye", new int[] {n, n})];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1.0;
        }
        return wrap(defaultBackend(), d, DType.FLOAT64, new int[] {n, n});
    }

    /** 0, 1, …, n−1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, … below {@code stop} (above it for a negative step). */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: need finite start/stop and non-zero step, got " + start
                    + ", " + stop + ", " + step);
        }
        double count = Math.max(0, Math.ceil((stop - start) / step));
        if (!(count <= Shapes.MAX_SIZE)) {
            throw new IllegalArgumentException("arange: " + start + ", " + stop + ", " + step + " would give "
                    + count + " values, more than " + Shapes.MAX_SIZE + ", the most a tensor can hold");
        }
        int n = (int) count;
        double[] d = new double[stagedSize("arange", new int[] {n})];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return of(d);
    }

    /** {@code n} evenly spaced values from {@code start} to {@code stop} inclusive. */
    public static Tensor linspace(double start, double stop, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("linspace: n must be ≥ 1, got " + n);
        }
        if (!Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("linspace: start and stop must be finite, got " + start + ", " + stop);
        }
        double[] d = new double[stagedSize("linspace", new int[] {n})];
        double span = stop - start;
        // span·i overflows only for end points near ±Double.MAX_VALUE: then both are scaled first.
        boolean huge = Math.abs(span) * (n - 1) == Double.POSITIVE_INFINITY;
        d[0] = start;
        for (int i = 1; i < n - 1; i++) {
            d[i] = huge ? start / (n - 1) * (n - 1 - i) + stop / (n - 1) * i : start + span * i / (n - 1);
        }
        if (n > 1) {
            d[n - 1] = stop; // exactly, as NumPy
        }
        return of(d);
    }

    /** Uniform values in [0, 1), seeded. */
    public static Tensor rand(long seed, int... shape) {
        return rand(new Random(seed), shape);
    }

    public static Tensor rand(Random random, int... shape) {
        double[] d = new double[stagedSize("rand", shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble();
        }
        return wrap(defaultBackend(), d, DType.FLOAT64, shape.clone());
    }

    /** Standard normal values, seeded. */
    public static Tensor randn(long seed, int... shape) {
        return randn(new Random(seed), shape);
    }

    public static Tensor randn(Random random, int... shape) {
        double[] d = new double[stagedSize("randn", shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian();
        }
        return wrap(defaultBackend(), d, DType.FLOAT64, shape.clone());
    }

    public static Tensor zerosLike(Tensor x) {
        return x.fill(0.0);
    }

    public static Tensor onesLike(Tensor x) {
        return x.fill(1.0);
    }

    /** A constant of this tensor's shape, dtype and backend with every element {@code value}. */
    public Tensor fill(double value) {
        double[] d = new double[stagedSize("fill", shape)];
        if (value != 0.0) {
            Arrays.fill(d, value);
        }
        return wrap(backend, d, dtype, shape);
    }

    /** A constant scalar of this tensor's dtype and backend. */
    Tensor constant(double value) {
        return wrap(backend, new double[] {value}, dtype, SCALAR_SHAPE);
    }

    /** The shape of every scalar made here (shapes are never written to once a tensor holds them). */
    private static final int[] SCALAR_SHAPE = new int[0];

    /**
     * A tensor over {@code data}, which the caller hands over and never touches again (the backend
     * may keep the array itself, see {@link Backend#adoptDoubles}).
     */
    private static Tensor wrap(Backend backend, double[] data, DType dtype, int[] shape) {
        return new Tensor(backend, dtype, shape, backend.adoptDoubles(data, dtype));
    }

    /** The size of {@code shape}, checked, with room on the heap for a float64 array of it. */
    private static int stagedSize(String op, int[] shape) {
        int n = Shapes.size(op, shape);
        HeapRoom.ensure(op, shape, n, Double.BYTES);
        return n;
    }

    // ---------------------------------------------------------------- accessors

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Length of one axis. */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length, "dim")];
    }

    int[] shapeRef() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return Shapes.size(shape);
    }

    public DType dtype() {
        return dtype;
    }

    public Backend backend() {
        // While a Compiled function is traced on some thread, that thread's Java tensors answer
        // with the recording backend (see Trace); a plain read otherwise.
        return Trace.open == 0 ? backend : Trace.route(backend);
    }

    /**
     * Backend-specific storage; for {@link Backend} implementations only.
     *
     * @throws IllegalStateException if the storage was {@linkplain #release released}
     */
    public Object storage() {
        Object s = storage;
        return sharing == null && !(s instanceof Sharing) ? s : checkedStorage(s);
    }

    /** The storage of a tensor that shared it or was released: small, so that it inlines where views are read. */
    private Object checkedStorage(Object s) {
        Sharing own = sharing;
        if (own != null && own.released || s instanceof Sharing owner && owner.released) {
            throw releasedError();
        }
        return s instanceof Sharing owner ? owner.storage : s;
    }

    private IllegalStateException releasedError() {
        return new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " was released: its"
                + " storage was handed over (for example to GradientTransformation.stepInPlace, which updates"
                + " it in place); use the tensors that call returned");
    }

    /**
     * Gives up this tensor: afterwards every use of it throws {@link IllegalStateException}. When
     * it {@linkplain #ownsStorage owns} its storage (it is no {@link #reshape} or {@link #detach} of
     * another tensor), every tensor sharing that storage becomes invalid too, and the storage,
     * returned, now belongs to the caller, who may write over it; a view releases only itself and
     * returns null (its owner and the values stay valid). For APIs that take over a tensor's
     * memory, such as an optimizer's in-place step.
     *
     * @throws IllegalStateException if this tensor was already released
     */
    public synchronized Object release() {
        Object s = storage();
        boolean owner = ownsStorage();
        if (sharing == null) {
            sharing = Sharing.RELEASED;
        } else {
            sharing.released = true; // an owner's record: its views are released with it
        }
        return owner ? s : null;
    }

    /** Whether this tensor owns its storage: it is no view of another tensor, and not released. */
    public boolean ownsStorage() {
        return !(storage instanceof Sharing) && !isReleased();
    }

    /** Whether this tensor's storage was {@linkplain #release released}. */
    public boolean isReleased() {
        Sharing own = sharing;
        return own != null && own.released || storage instanceof Sharing owner && owner.released;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape) + " is not a scalar");
        }
        return backend().get(storage(), dtype, 0);
    }

    /** One element by its indices. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for axis " + i
                        + " of length " + shape[i]);
            }
            flat = flat * shape[i] + index[i];
        }
        return backend().get(storage(), dtype, flat);
    }

    /** A float64 copy of the data, row-major. */
    public double[] toDoubleArray() {
        return backend().toDoubles(storage(), dtype);
    }

    /** Whether no element is NaN or infinite. */
    public boolean allFinite() {
        for (double v : backend().toDoubles(storage(), dtype)) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether shapes match and |a − b| ≤ atol + rtol·|b| element-wise. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a derivative can flow to this tensor here: it is recorded on a tape that is open and
     * recording on this thread (PyTorch's {@code requires_grad} for the current scope). Lets an op
     * skip work whose only use is a derivative nobody asks for.
     */
    public boolean isTracked() {
        return Recorder.isTracked(this);
    }

    /** The same value with no link to any tape: gradients do not flow through the result. */
    public Tensor detach() {
        return share(shape);
    }

    /** The same elements under another shape of equal size, sharing the storage; not recorded. */
    Tensor withShape(int[] newShape) {
        return share(newShape);
    }

    /** This tensor on another backend (a copy; differentiable). */
    public Tensor to(Backend target) {
        if (target == backend) {
            return this;
        }
        Backend from = backend;
        Tensor out = new Tensor(target, dtype, shape, target.fromDoubles(toDoubleArray(), dtype));
        return Recorder.record("to", out, this, (g, i) -> g.to(from));
    }

    /** This tensor converted to another dtype (differentiable). */
    public Tensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        DType from = dtype;
        return Recorder.record("cast", new Tensor(backend, target, shape, backend().cast(this, target)), this,
                (g, i) -> g.to(from));
    }

    // ---------------------------------------------------------------- element-wise

    public Tensor add(Tensor y) { return ElementwiseOps.add(this, y); }
    public Tensor sub(Tensor y) { return ElementwiseOps.sub(this, y); }
    public Tensor mul(Tensor y) { return ElementwiseOps.mul(this, y); }
    public Tensor div(Tensor y) { return ElementwiseOps.div(this, y); }
    public Tensor add(double y) { return ElementwiseOps.add(this, constant(y)); }
    public Tensor sub(double y) { return ElementwiseOps.sub(this, constant(y)); }
    public Tensor mul(double y) { return ElementwiseOps.mul(this, constant(y)); }
    public Tensor div(double y) { return ElementwiseOps.div(this, constant(y)); }
    /** {@code y − this}. */
    public Tensor rsub(double y) { return ElementwiseOps.sub(constant(y), this); }
    /** {@code y / this}. */
    public Tensor rdiv(double y) { return ElementwiseOps.div(constant(y), this); }
    /** Element-wise power with a tensor exponent. */
    public Tensor pow(Tensor exponent) { return ElementwiseOps.pow(this, exponent); }
    /** Element-wise power with a constant exponent. */
    public Tensor pow(double exponent) { return ElementwiseOps.powScalar(this, exponent); }
    public Tensor maximum(Tensor y) { return ElementwiseOps.maximum(this, y); }
    public Tensor minimum(Tensor y) { return ElementwiseOps.minimum(this, y); }

    public Tensor neg() { return ElementwiseOps.neg(this); }
    public Tensor exp() { return ElementwiseOps.exp(this); }
    public Tensor log() { return ElementwiseOps.log(this); }
    public Tensor log1p() { return ElementwiseOps.log1p(this); }
    public Tensor expm1() { return ElementwiseOps.expm1(this); }
    public Tensor sqrt() { return ElementwiseOps.sqrt(this); }
    /** 1/√x. */
    public Tensor rsqrt() { return ElementwiseOps.rsqrt(this); }
    public Tensor square() { return ElementwiseOps.square(this); }
    public Tensor reciprocal() { return ElementwiseOps.reciprocal(this); }
    public Tensor abs() { return ElementwiseOps.abs(this); }
    /** −1, 0 or 1; its derivative is zero. */
    public Tensor sign() { return ElementwiseOps.sign(this); }
    public Tensor sin() { return ElementwiseOps.sin(this); }
    public Tensor cos() { return ElementwiseOps.cos(this); }
    public Tensor tan() { return ElementwiseOps.tan(this); }
    public Tensor tanh() { return ElementwiseOps.tanh(this); }
    public Tensor sigmoid() { return ElementwiseOps.sigmoid(this); }
    /** log(1 + eˣ), computed without overflow. */
    public Tensor softplus() { return ElementwiseOps.softplus(this); }
    public Tensor relu() { return ElementwiseOps.relu(this); }
    /** x for x &gt; 0, slope·x otherwise. */
    public Tensor leakyRelu(double slope) { return ElementwiseOps.leakyRelu(this, slope); }
    /** x for x &gt; 0, alpha·(eˣ − 1) otherwise. */
    public Tensor elu(double alpha) { return ElementwiseOps.elu(this, alpha); }
    /** GELU with the tanh approximation (as JAX's default). */
    public Tensor gelu() { return ElementwiseOps.gelu(this); }
    /** Values limited to [lo, hi]; the gradient is zero outside. */
    public Tensor clamp(double lo, double hi) { return ElementwiseOps.clamp(this, lo, hi); }

    /** {@code cond != 0 ? x : y} element-wise with broadcasting; {@code cond} is not differentiated. */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) { return ElementwiseOps.where(cond, x, y); }

    /** 1 where this &gt; y, else 0 (not differentiable). */
    public Tensor gt(Tensor y) { return ElementwiseOps.compare(BinaryOp.GT, this, y); }
    public Tensor lt(Tensor y) { return ElementwiseOps.compare(BinaryOp.LT, this, y); }
    public Tensor ge(Tensor y) { return ElementwiseOps.compare(BinaryOp.GE, this, y); }
    public Tensor le(Tensor y) { return ElementwiseOps.compare(BinaryOp.LE, this, y); }
    public Tensor eq(Tensor y) { return ElementwiseOps.compare(BinaryOp.EQ, this, y); }
    public Tensor gt(double y) { return gt(constant(y)); }
    public Tensor lt(double y) { return lt(constant(y)); }
    public Tensor ge(double y) { return ge(constant(y)); }
    public Tensor le(double y) { return le(constant(y)); }
    public Tensor eq(double y) { return eq(constant(y)); }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return ReductionOps.reduce(ReduceOp.SUM, this, null, false); }
    /** Sum over the given axes, which are removed. */
    public Tensor sum(int... axes) { return ReductionOps.reduce(ReduceOp.SUM, this, axes, false); }
    /** Sum over the given axes, kept with length 1 when {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) { return ReductionOps.reduce(ReduceOp.SUM, this, axes, keepDims); }
    public Tensor mean() { return ReductionOps.mean(this, null, false); }
    public Tensor mean(int... axes) { return ReductionOps.mean(this, axes, false); }
    public Tensor mean(int[] axes, boolean keepDims) { return ReductionOps.mean(this, axes, keepDims); }
    public Tensor prod() { return ReductionOps.reduce(ReduceOp.PROD, this, null, false); }
    public Tensor prod(int... axes) { return ReductionOps.reduce(ReduceOp.PROD, this, axes, false); }
    public Tensor prod(int[] axes, boolean keepDims) { return ReductionOps.reduce(ReduceOp.PROD, this, axes, keepDims); }
    /** Largest element; ties share the gradient equally. */
    public Tensor max() { return ReductionOps.reduce(ReduceOp.MAX, this, null, false); }
    public Tensor max(int... axes) { return ReductionOps.reduce(ReduceOp.MAX, this, axes, false); }
    public Tensor max(int[] axes, boolean keepDims) { return ReductionOps.reduce(ReduceOp.MAX, this, axes, keepDims); }
    public Tensor min() { return ReductionOps.reduce(ReduceOp.MIN, this, null, false); }
    public Tensor min(int... axes) { return ReductionOps.reduce(ReduceOp.MIN, this, axes, false); }
    public Tensor min(int[] axes, boolean keepDims) { return ReductionOps.reduce(ReduceOp.MIN, this, axes, keepDims); }
    /** log Σ exp over all elements, computed stably. */
    public Tensor logSumExp() { return ReductionOps.logSumExp(this, null, false); }
    public Tensor logSumExp(int... axes) { return ReductionOps.logSumExp(this, axes, false); }
    public Tensor logSumExp(int[] axes, boolean keepDims) { return ReductionOps.logSumExp(this, axes, keepDims); }
    public Tensor softmax(int axis) { return ReductionOps.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return ReductionOps.logSoftmax(this, axis); }
    /** The Euclidean norm of all elements. */
    public Tensor norm() { return ReductionOps.norm(this, 2); }
    /** The 1-, 2- or ∞-norm ({@code Double.POSITIVE_INFINITY}) of all elements. */
    public Tensor norm(double p) { return ReductionOps.norm(this, p); }
    /** Indices of the largest elements along an axis (that axis removed); not differentiable. */
    public Tensor argmax(int axis) { return ReductionOps.argReduce(this, axis, true); }
    public Tensor argmin(int axis) { return ReductionOps.argReduce(this, axis, false); }
    /** Flat index of the largest element. */
    public int argmax() { return (int) reshape(size()).argmax(0).item(); }
    public int argmin() { return (int) reshape(size()).argmin(0).item(); }

    // ---------------------------------------------------------------- products and linear algebra

    /** Matrix product (NumPy matmul: 1-D operands are promoted, leading axes broadcast). */
    public Tensor matmul(Tensor y) { return LinalgOps.matmul(this, y); }
    /** Inner product of two vectors. */
    public Tensor dot(Tensor y) { return LinalgOps.dot(this, y); }
    /** Outer product of two vectors. */
    public Tensor outer(Tensor y) { return LinalgOps.outer(this, y); }
    /** Solves {@code this · x = b} for x; {@code b} a vector or a matrix. */
    public Tensor solve(Tensor b) { return LinalgOps.solve(this, b); }
    /** Solves {@code this · x = b} where this matrix is lower (or upper) triangular. */
    public Tensor triangularSolve(Tensor b, boolean lower) { return LinalgOps.triangularSolve(this, b, lower); }
    /** Lower Cholesky factor L with {@code this = L·Lᵀ}. */
    public Tensor cholesky() { return LinalgOps.cholesky(this); }
    public Tensor inverse() { return LinalgOps.inverse(this); }
    public Tensor det() { return LinalgOps.det(this); }
    /** log |det|. */
    public Tensor logdet() { return LinalgOps.logdet(this); }
    /** Vector → diagonal matrix; matrix → its diagonal. */
    public Tensor diag() { return LinalgOps.diag(this); }
    public Tensor trace() { return LinalgOps.trace(this); }

    // ---------------------------------------------------------------- shape and indexing

    /** A new shape with the same elements; one dimension may be −1 (inferred). */
    public Tensor reshape(int... newShape) { return ShapeOps.reshape(this, newShape); }
    /** Swaps the last two axes. */
    public Tensor transpose() { return ShapeOps.transpose(this, -2, -1); }
    public Tensor transpose(int axis1, int axis2) { return ShapeOps.transpose(this, axis1, axis2); }
    public Tensor permute(int... perm) { return ShapeOps.permute(this, perm); }
    public Tensor broadcastTo(int... target) { return ShapeOps.broadcastTo(this, target); }
    /** Sums broadcast axes away so the result has {@code target} shape (the adjoint of broadcastTo). */
    public Tensor sumTo(int... target) { return ShapeOps.sumTo(this, target); }
    /** Removes every axis of length 1. */
    public Tensor squeeze() { return ShapeOps.squeeze(this); }
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    /** Elements {@code [start, stop)} along an axis. */
    public Tensor slice(int axis, int start, int stop) { return ShapeOps.slice(this, axis, start, stop, 1); }
    /** Elements {@code start, start+step, …} below {@code stop} along an axis. */
    public Tensor slice(int axis, int start, int stop, int step) { return ShapeOps.slice(this, axis, start, stop, step); }
    /** {@code length} elements from {@code start} along an axis (an error unless all of them exist). */
    public Tensor narrow(int axis, int start, int length) { return ShapeOps.narrow(this, axis, start, length); }
    /** The given entries along an axis, in order (repeats allowed). */
    public Tensor index(int axis, int... indices) { return ShapeOps.indexSelect(this, axis, indices); }
    /** torch.gather: along {@code axis}, take the element named by {@code index} (same rank, integral values). */
    public Tensor gather(int axis, Tensor index) { return ShapeOps.gather(this, axis, index); }
    /** This tensor plus {@code src} added at the positions {@code index} names along {@code axis} (torch.scatter_add). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return ShapeOps.scatterAdd(this, axis, index, src); }
    /** The tensors joined along an existing axis. */
    public static Tensor concat(int axis, Tensor... xs) { return ShapeOps.concat(axis, xs); }
    /** The tensors joined along a new axis. */
    public static Tensor stack(int axis, Tensor... xs) { return ShapeOps.stack(axis, xs); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(");
        double[] d = toDoubleArray();
        if (d.length > 1000) {
            sb.append("shape=").append(Arrays.toString(shape));
        } else {
            format(sb, d, 0, 0);
            if (shape.length > 1 || d.length == 0) {
                sb.append(", shape=").append(Arrays.toString(shape));
            }
        }
        if (dtype != DType.FLOAT64) {
            sb.append(", dtype=").append(dtype);
        }
        if (node != null && !(node instanceof Unrecorded)) {
            sb.append(", op=").append(node.op);
        }
        return sb.append(')').toString();
    }

    private int format(StringBuilder sb, double[] d, int axis, int at) {
        if (axis == shape.length) {
            sb.append(d[at]);
            return at + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            at = format(sb, d, axis + 1, at);
        }
        sb.append(']');
        return at;
    }
}
