package dev.gradus.implicit.internal;

import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * F recorded once at (x*, θ). Reverse products Aᵀu = (∂F/∂x)ᵀu and Bᵀu = (∂F/∂θ)ᵀu are pullbacks
 * of that tape. Forward products A·w and B·θ̇ come from a second tape recording the pullback as a
 * function of a watched cotangent u (linear in u), whose own pullback is the JVP.
 */
public final class Linearization {
    private final Tape tape;
    private final Tensor xLeaf;
    private final Tensor[] thetaLeaves;
    private final Tensor y;
    private Tape forwardTape;
    private Tensor[] pulled; // [Aᵀu, Bᵀu...] as functions of u, recorded on forwardTape
    private Tensor pulledSeed; // the watched cotangent u

    private final BiFunction<Tensor, Tensor[], Tensor> f;
    private final Tensor x;
    private final Tensor[] theta;

    /** Records {@code f(x, θ)}; x and θ must be detached constants. */
    public Linearization(BiFunction<Tensor, Tensor[], Tensor> f, Tensor x, Tensor[] theta) {
        this.f = f;
        this.x = x;
        this.theta = theta;
        try (Tape t = Tape.record()) {
            xLeaf = t.watch(x);
            thetaLeaves = new Tensor[theta.length];
            for (int i = 0; i < theta.length; i++) {
                thetaLeaves[i] = t.watch(theta[i]);
            }
            y = f.apply(xLeaf, thetaLeaves);
            tape = t;
        }
        if (y.size() != x.size()) {
            throw new IllegalArgumentException("optimality condition: F(x, θ) has " + y.size() + " elements (shape "
                    + Arrays.toString(y.shape()) + ") but x has " + x.size() + " (shape " + Arrays.toString(x.shape())
                    + "); the system must be square");
        }
    }

    /** F(x*, θ) itself (its norm is the optimality residual of the solution). */
    public Tensor value() {
        return y.detach();
    }

    /** (∂F/∂x)ᵀ·u, shaped like x. */
    public Tensor aT(Tensor u) {
        return tape.vjp(y, asY(u), xLeaf)[0].detach().reshape(x.shape());
    }

    /** (∂F/∂θ)ᵀ·u, one cotangent per θ tensor. */
    public Tensor[] bT(Tensor u) {
        Tensor[] g = tape.vjp(y, asY(u), thetaLeaves);
        for (int i = 0; i < g.length; i++) {
            g[i] = g[i].detach();
        }
        return g;
    }

    /** (∂F/∂x)·w, shaped like x. */
    public Tensor a(Tensor w) {
        ensureForward();
        return forwardTape.vjp(pulled[0], w.reshape(x.shape()), pulledSeed)[0].detach().reshape(x.shape());
    }

    /** (∂F/∂θ)·θ̇, shaped like x. */
    public Tensor b(Tensor[] thetaDot) {
        ensureForward();
        Tensor acc = Tensor.zeros(x.dtype(), x.shape());
        for (int i = 0; i < thetaDot.length; i++) {
            acc = acc.add(forwardTape.vjp(pulled[i + 1], thetaDot[i], pulledSeed)[0].detach().reshape(x.shape()));
        }
        return acc;
    }

    private void ensureForward() {
        if (forwardTape != null) {
            return;
        }
        try (Tape outer = Tape.record()) {
            try (Tape inner = Tape.record()) {
                Tensor xl = inner.watch(x);
                Tensor[] tl = new Tensor[theta.length];
                for (int i = 0; i < theta.length; i++) {
                    tl[i] = inner.watch(theta[i]);
                }
                Tensor yy = f.apply(xl, tl);
                pulledSeed = outer.watch(Tensor.zeros(yy.dtype(), yy.shape()));
                Tensor[] sources = new Tensor[theta.length + 1];
                sources[0] = xl;
                System.arraycopy(tl, 0, sources, 1, tl.length);
                pulled = inner.vjp(yy, pulledSeed, sources);
            }
            forwardTape = outer;
        }
    }

    private Tensor asY(Tensor u) {
        return u.reshape(y.shape());
    }
}
