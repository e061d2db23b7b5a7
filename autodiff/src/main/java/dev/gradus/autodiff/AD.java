package dev.gradus.autodiff;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Function transformations for automatic differentiation, in the manner of JAX: gradients,
 * vector-Jacobian and Jacobian-vector products, Jacobians, Hessians, custom derivatives and
 * rematerialisation. Each works on functions of a {@link Tensor} and, where it makes sense, of
 * {@link Params}. Transformations nest freely: {@code AD.grad(AD.grad(f))} is the second
 * derivative, and a derivative taken inside another is itself differentiated correctly.
 *
 * <pre>{@code
 * Function<Tensor, Tensor> f = x -> x.pow(3).sum();
 * Tensor g = AD.grad(f, Tensor.of(2.0));          // [12.0]
 * Tensor h = AD.grad(AD.grad(f), Tensor.of(2.0)); // [12.0] as well: d²/dx² x³ = 6x
 * }</pre>
 *
 * Results are detached when no outer tape is recording, so they hold no graph.
 */
public final class AD {
    private AD() {}

    /** A value with its gradient. */
    public record ValueAndGrad<G>(Tensor value, G grad) {}

    /** A loss with an auxiliary result that is returned but not differentiated. */
    public record WithAux<A>(Tensor loss, A aux) {}

    /** A value, its gradient and the auxiliary result of the function. */
    public record ValueGradAux<G, A>(Tensor value, G grad, A aux) {}

    /** A value and its tangent (the Jacobian-vector product). */
    public record ValueAndTangent<T>(Tensor value, T tangent) {}

    /** A value and its pullback: cotangent of the output ↦ cotangent of the input (callable repeatedly). */
    public interface Pullback<G> {
        Tensor value();

        G apply(Tensor cotangent);
    }

    /** A user-supplied VJP for one input: (input, output, output cotangent) ↦ input cotangent. */
    @FunctionalInterface
    public interface CustomVjp {
        Tensor apply(Tensor input, Tensor output, Tensor cotangent);
    }

    /** A user-supplied VJP for several inputs: returns one cotangent per input (null for zero). */
    @FunctionalInterface
    public interface CustomVjpMany {
        Tensor[] apply(Tensor[] inputs, Tensor output, Tensor cotangent);
    }

    /** A scope that ends on {@link #close()}; opened and closed on one thread. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // ---------------------------------------------------------------- gradients

    /** The gradient function of a scalar-valued {@code f}. */
    public static Function<Tensor, Tensor> grad(Function<Tensor, Tensor> f) {
        return x -> grad(f, x);
    }

    /** ∇f(x) for scalar-valued {@code f}. */
    public static Tensor grad(Function<Tensor, Tensor> f, Tensor x) {
        return valueAndGrad(f, x).grad();
    }

    /** ∇f(p), one gradient per entry of {@code p}. */
    public static Params grad(Function<Params, Tensor> f, Params p) {
        return valueAndGrad(f, p).grad();
    }

    public static ValueAndGrad<Tensor> valueAndGrad(Function<Tensor, Tensor> f, Tensor x) {
        try (Tape t = Tape.record()) {
            Tensor leaf = t.watch(x);
            Tensor y = f.apply(leaf);
            Tensor g = t.gradient(y, leaf)[0];
            t.close();
            return new ValueAndGrad<>(escape(y), escape(g));
        }
    }

    public static ValueAndGrad<Params> valueAndGrad(Function<Params, Tensor> f, Params p) {
        try (Tape t = Tape.record()) {
            Params leaves = t.watch(p);
            Tensor y = f.apply(leaves);
            Params g = t.gradient(y, leaves);
            t.close();
            return new ValueAndGrad<>(escape(y), g.map(AD::escape));
        }
    }

    /** Value and gradient of the loss of {@code f}, plus its auxiliary output. */
    public static <A> ValueGradAux<Tensor, A> valueAndGradWithAux(Function<Tensor, WithAux<A>> f, Tensor x) {
        try (Tape t = Tape.record()) {
            Tensor leaf = t.watch(x);
            WithAux<A> r = f.apply(leaf);
            Tensor g = t.gradient(r.loss(), leaf)[0];
            t.close();
            return new ValueGradAux<>(escape(r.loss()), escape(g), r.aux());
        }
    }

    public static <A> ValueGradAux<Params, A> valueAndGradWithAux(Function<Params, WithAux<A>> f, Params p) {
        try (Tape t = Tape.record()) {
            Params leaves = t.watch(p);
            WithAux<A> r = f.apply(leaves);
            Params g = t.gradient(r.loss(), leaves);
            t.close();
            return new ValueGradAux<>(escape(r.loss()), g.map(AD::escape), r.aux());
        }
    }

    // ---------------------------------------------------------------- compiled (traced once, replayed)

    /** {@code f} compiled: traced once per input signature, then replayed from a plan (see {@link Compiled}). */
    public static Compiled<Tensor, Tensor> compile(Function<Tensor, Tensor> f) {
        return Compiled.ofTensor(f);
    }

    /** Value and gradient of scalar-valued {@code f}, compiled: forward and backward pass in one replay. */
    public static Compiled<Tensor, ValueAndGrad<Tensor>> compileValueAndGrad(Function<Tensor, Tensor> f) {
        return Compiled.valueAndGrad(f);
    }

    /** Value and gradient of scalar-valued {@code f} of {@link Params}, compiled (see {@link Compiled}). */
    public static Compiled<Params, ValueAndGrad<Params>> compileValueAndGradOfParams(Function<Params, Tensor> f) {
        return Compiled.valueAndGradOfParams(f);
    }

    // ---------------------------------------------------------------- VJP, JVP, Jacobian, Hessian

    /** {@code f(x)} and its pullback. The pullback keeps the recorded graph alive while referenced. */
    public static Pullback<Tensor> vjp(Function<Tensor, Tensor> f, Tensor x) {
        Tensor leaf;
        Tensor y;
        Tape tape;
        try (Tape t = Tape.record()) {
            leaf = t.watch(x);
            y = f.apply(leaf);
            tape = t;
        }
        Tensor value = escape(y);
        return new Pullback<>() {
            public Tensor value() {
                return value;
            }

            public Tensor apply(Tensor cotangent) {
                return escape(tape.vjp(y, cotangent, leaf)[0]);
            }
        };
    }

    public static Pullback<Params> vjp(Function<Params, Tensor> f, Params p) {
        Params leaves;
        Tensor y;
        Tape tape;
        try (Tape t = Tape.record()) {
            leaves = t.watch(p);
            y = f.apply(leaves);
            tape = t;
        }
        Tensor value = escape(y);
        Tensor[] sources = leaves.values().toArray(new Tensor[0]);
        return new Pullback<>() {
            public Tensor value() {
                return value;
            }

            public Params apply(Tensor cotangent) {
                return leaves.withValues(tape.vjp(y, cotangent, sources)).map(AD::escape);
            }
        };
    }

    /**
     * {@code f(x)} and the Jacobian-vector product J·v (forward mode), computed by transposing a
     * VJP that is linear in its cotangent (the double-VJP construction).
     */
    public static ValueAndTangent<Tensor> jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        checkSameShape("jvp", "tangent", x, v);
        Tensor[] r = jvpCore(xs -> f.apply(xs[0]), new Tensor[] {x}, new Tensor[] {v});
        return new ValueAndTangent<>(r[0], r[1]);
    }

    public static ValueAndTangent<Tensor> jvp(Function<Params, Tensor> f, Params p, Params v) {
        p.zip(v, (a, b) -> a); // checks names and shapes
        Tensor[] r = jvpCore(xs -> f.apply(p.withValues(xs)), p.values().toArray(new Tensor[0]),
                v.values().toArray(new Tensor[0]));
        return new ValueAndTangent<>(r[0], r[1]);
    }

    private static Tensor[] jvpCore(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor[] vs) {
        Tensor y;
        Tensor tangent;
        try (Tape outer = Tape.record()) {
            Tensor u;
            Tensor[] g;
            try (Tape inner = Tape.record()) {
                Tensor[] leaves = new Tensor[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    leaves[i] = inner.watch(xs[i]);
                }
                y = f.apply(leaves);
                u = outer.watch(Tensor.zerosLike(y));
                g = inner.vjp(y, u, leaves);
            }
            Tensor s = null;
            for (int i = 0; i < g.length; i++) {
                Tensor term = g[i].mul(vs[i]).sum();
                s = s == null ? term : s.add(term);
            }
            tangent = outer.vjp(s, Tensor.onesLike(s), u)[0];
        }
        return new Tensor[] {escape(y), escape(tangent)};
    }

    /**
     * {@code f} linearised at x: f(x), J·t and Jᵀ·u from one recording of f, usable any number of
     * times (as {@code jax.linearize}). Nests like {@link #vjp}.
     */
    public static Linearization linearize(Function<Tensor, Tensor> f, Tensor x) {
        if (f == null) {
            throw new IllegalArgumentException("linearize: f must not be null");
        }
        return Linearization.of(xs -> f.apply(xs[0]), new Tensor[] {x});
    }

    /** {@code f} of several tensors linearised at xs (JVPs take one tangent per input, VJPs return one cotangent per input). */
    public static Linearization linearizeMany(Function<Tensor[], Tensor> f, Tensor... xs) {
        return Linearization.of(f, xs);
    }

    /**
     * The Jacobian of {@code f} at x, of shape {@code f(x).shape ++ x.shape}. {@code f} is recorded
     * once ({@link #linearize}); the Jacobian is read off the recording by the cheaper side: one
     * VJP per output element (row by row) or, when x has fewer elements than f(x), one JVP per
     * input element (column by column). Both are differentiated correctly by an enclosing
     * transformation.
     */
    public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
        Linearization lin = linearize(f, x);
        Tensor y = lin.value();
        int[] shape = concat(y.shape(), x.shape());
        if (y.size() == 0 || x.size() == 0) {
            return Tensor.zeros(x.dtype(), shape).to(x.backend());
        }
        if (x.size() < y.size()) {
            Tensor[] columns = new Tensor[x.size()];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = lin.jvp(0, unit(x, k));
            }
            return Tensor.stack(y.rank(), columns).reshape(shape).to(x.dtype());
        }
        Tensor[] rows = new Tensor[y.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = lin.vjp(0, unit(y, i));
        }
        return Tensor.stack(0, rows).reshape(shape);
    }

    private static Tensor unit(Tensor like, int i) {
        double[] e = new double[like.size()];
        e[i] = 1.0;
        return Tensor.fromStorage(like.backend(), like.dtype(), like.shape(), like.backend().fromDoubles(e, like.dtype()));
    }

    /** The Hessian of scalar-valued {@code f} at x, of shape {@code x.shape ++ x.shape}. */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        return jacobian(grad(f), x);
    }

    /** The Hessian of scalar-valued {@code f} over all entries of {@code p}, flattened in order: n × n. */
    public static Tensor hessian(Function<Params, Tensor> f, Params p) {
        return hessian(flat -> f.apply(p.unflatten(flat)), p.flatten().detach());
    }

    /** The Hessian-vector product ∇²f(x)·v, by reverse-over-reverse differentiation. */
    public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        checkSameShape("hvp", "vector", x, v);
        try (Tape t = Tape.record()) {
            Tensor leaf = t.watch(x);
            Tensor s = grad(f, leaf).mul(v).sum();
            Tensor hv = t.gradient(s, leaf)[0];
            t.close();
            return escape(hv);
        }
    }

    public static Params hvp(Function<Params, Tensor> f, Params p, Params v) {
        try (Tape t = Tape.record()) {
            Params leaves = t.watch(p);
            Tensor s = grad(f, leaves).dot(v);
            Params hv = t.gradient(s, leaves);
            t.close();
            return hv.map(AD::escape);
        }
    }

    // ---------------------------------------------------------------- controlling the tape

    /** The same value, treated as a constant by every tape. */
    public static Tensor stopGradient(Tensor x) {
        return x.detach();
    }

    /** Suspends recording on this thread until the scope closes. */
    public static Scope noGrad() {
        Recorder r = Recorder.current();
        r.noGradDepth++;
        return scope(r, () -> r.noGradDepth--);
    }

    /**
     * Anomaly mode until the scope closes: the first recorded operation whose value or cotangent
     * is NaN/Inf throws an {@link AnomalyException} naming the op and where it was recorded.
     * Slower (a stack walk per recorded op); for debugging.
     */
    public static Scope detectAnomaly() {
        Recorder r = Recorder.current();
        r.anomalyDepth++;
        return scope(r, () -> r.anomalyDepth--);
    }

    private static Scope scope(Recorder r, Runnable onClose) {
        return new Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (r.thread != Thread.currentThread()) {
                    throw new IllegalStateException("scope closed on another thread than it was opened on");
                }
                if (!closed) {
                    closed = true;
                    onClose.run();
                }
            }
        };
    }

    /** {@code f} with a user-supplied VJP; {@code f} itself runs without recording. */
    public static Function<Tensor, Tensor> customVjp(Function<Tensor, Tensor> f, CustomVjp rule) {
        Function<Tensor[], Tensor> many = customVjpMany(xs -> f.apply(xs[0]),
                (xs, y, g) -> new Tensor[] {rule.apply(xs[0], y, g)});
        return x -> many.apply(new Tensor[] {x});
    }

    /** A function of several tensors with a user-supplied VJP giving one cotangent per input. */
    public static Function<Tensor[], Tensor> customVjpMany(Function<Tensor[], Tensor> f, CustomVjpMany rule) {
        return xs -> {
            Tensor[] inputs = xs.clone();
            Tensor y;
            try (Scope s = noGrad()) {
                y = f.apply(Arrays.stream(inputs).map(Tensor::detach).toArray(Tensor[]::new)).detach();
            }
            Tensor out = y;
            Tensor[][] cache = new Tensor[1][];
            Tensor[] cachedFor = new Tensor[1];
            return Recorder.record("customVjp", out, inputs, (g, i) -> {
                if (cachedFor[0] != g) {
                    Tensor[] r = rule.apply(inputs, out, g);
                    if (r == null || r.length != inputs.length) {
                        throw new IllegalStateException("customVjp: the rule must return " + inputs.length
                                + " cotangents");
                    }
                    cache[0] = r;
                    cachedFor[0] = g;
                }
                return cache[0][i];
            });
        };
    }

    /**
     * {@code f} rematerialised: the forward pass keeps only the input, and the backward pass
     * recomputes {@code f} to get its VJP — memory for time, as jax.checkpoint.
     */
    public static Function<Tensor, Tensor> checkpoint(Function<Tensor, Tensor> f) {
        return x -> {
            Tensor y;
            try (Scope s = noGrad()) {
                y = f.apply(x.detach());
            }
            return Recorder.record("checkpoint", y.detach(), x, (g, i) -> vjp(f, x).apply(g));
        };
    }

    // ---------------------------------------------------------------- helpers

    /** Detaches a result whose graph no open tape can use any more (so it holds no memory). */
    static Tensor escape(Tensor t) {
        return t.node != null && t.node.tape.live() == null ? t.detach() : t;
    }

    private static void checkSameShape(String op, String what, Tensor x, Tensor v) {
        if (!Arrays.equals(x.shapeRef(), v.shapeRef())) {
            throw new IllegalArgumentException(op + ": " + what + " shape " + Arrays.toString(v.shapeRef())
                    + " must equal input shape " + Arrays.toString(x.shapeRef()));
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
