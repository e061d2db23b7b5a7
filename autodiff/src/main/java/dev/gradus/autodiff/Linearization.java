package dev.gradus.autodiff;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A function linearised at a point, as {@code jax.linearize}: its value f(x) and the linear maps
 * t ↦ J·t (JVP) and u ↦ Jᵀ·u (VJP, the transpose), all from one recording of f, usable any number
 * of times. Built by {@link AD#linearize} and {@link AD#linearizeMany}.
 *
 * <p>VJPs run the recorded tape backwards. JVPs transpose a VJP that is linear in its cotangent
 * (the double-VJP construction): the first JVP records that reverse pass once more, as a function
 * of a watched cotangent, and each JVP runs it backwards; f itself is never re-evaluated.
 *
 * <p>Nesting: when x is watched by an enclosing tape, value, JVPs and VJPs are recorded on it like
 * any other result, so they can be differentiated again (with respect to x, tangents or
 * cotangents); otherwise they are detached. A linearisation is confined to the thread that made it.
 */
public final class Linearization {
    private final Tensor[] inputs; // leaves of the recording tape, one per input
    private final Tensor output;
    private final Tape tape;
    private Tape transposeTape;
    private Tensor seed; // the watched cotangent u of transposeTape
    private Tensor[] pulled; // Jᵢᵀ·u for each input, recorded on transposeTape

    private Linearization(Tensor[] inputs, Tensor output, Tape tape) {
        this.inputs = inputs;
        this.output = output;
        this.tape = tape;
    }

    static Linearization of(Function<Tensor[], Tensor> f, Tensor[] xs) {
        if (f == null || xs == null || xs.length == 0) {
            throw new IllegalArgumentException("linearize: need a function and at least one input");
        }
        Tensor[] leaves = new Tensor[xs.length];
        Tensor y;
        try (Tape t = Tape.record()) {
            for (int i = 0; i < xs.length; i++) {
                if (xs[i] == null) {
                    throw new IllegalArgumentException("linearize: input " + i + " is null");
                }
                leaves[i] = t.watch(xs[i]);
            }
            y = f.apply(leaves);
            if (y == null) {
                throw new IllegalArgumentException("linearize: the function returned null");
            }
            return new Linearization(leaves, y, t);
        }
    }

    /** f(x). */
    public Tensor value() {
        return AD.escape(output);
    }

    /** The number of inputs. */
    public int inputs() {
        return inputs.length;
    }

    /** J·t = Σᵢ Jᵢ·tᵢ, one tangent per input shaped like it; shaped like the value. */
    public Tensor jvp(Tensor... tangents) {
        if (tangents == null || tangents.length != inputs.length) {
            throw new IllegalArgumentException("Linearization.jvp: need " + inputs.length + " tangents, got "
                    + (tangents == null ? 0 : tangents.length));
        }
        Tensor sum = null;
        for (int i = 0; i < inputs.length; i++) {
            Tensor term = jvp(i, tangents[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** Jᵢ·t, the derivative along a tangent of input i alone; shaped like the value. */
    public Tensor jvp(int input, Tensor tangent) {
        checkInput(input);
        checkShape("jvp", "tangent of input " + input, inputs[input], tangent);
        ensureTranspose();
        return AD.escape(transposeTape.vjp(pulled[input], tangent, seed)[0]);
    }

    /** Jᵢᵀ·u for every input i, from one reverse pass; u is shaped like the value. */
    public Tensor[] vjp(Tensor cotangent) {
        checkShape("vjp", "cotangent", output, cotangent);
        Tensor[] g = tape.vjp(output, cotangent, inputs);
        for (int i = 0; i < g.length; i++) {
            g[i] = AD.escape(g[i]);
        }
        return g;
    }

    /** Jᵢᵀ·u for input i alone (the reverse pass visits only what reaches it). */
    public Tensor vjp(int input, Tensor cotangent) {
        checkInput(input);
        checkShape("vjp", "cotangent", output, cotangent);
        return AD.escape(tape.vjp(output, cotangent, inputs[input])[0]);
    }

    /** Records u ↦ Jᵢᵀ·u for every i, as functions of a watched cotangent u, once. */
    private void ensureTranspose() {
        if (transposeTape != null) {
            return;
        }
        try (Tape t = Tape.record()) {
            seed = t.watch(Tensor.zerosLike(output));
            pulled = tape.vjp(output, seed, inputs);
            transposeTape = t;
        }
    }

    private void checkInput(int input) {
        if (input < 0 || input >= inputs.length) {
            throw new IllegalArgumentException("Linearization: input index " + input + " out of range [0, "
                    + inputs.length + ")");
        }
    }

    private static void checkShape(String op, String what, Tensor expected, Tensor actual) {
        if (actual == null || !Arrays.equals(expected.shapeRef(), actual.shapeRef())) {
            throw new IllegalArgumentException("Linearization." + op + ": " + what + " shape "
                    + (actual == null ? "null" : Arrays.toString(actual.shapeRef())) + " must equal "
                    + Arrays.toString(expected.shapeRef()));
        }
    }
}
