package dev.gradus.autodiff.internal;

/**
 * Single-pass float64 optimizer steps on raw arrays (the rules of
 * {@code dev.gradus.autodiff.FusedOptimizerStep}): each element of the parameters, gradients and
 * moments is read once from memory and each output written once. The work is split into
 * cache-sized blocks; within a block simple loops update the moments and then compute the new
 * parameters from the still-cached moments (C2 vectorises the simple loops reliably, one fused
 * scalar loop only in some compilations); Adam runs as one explicitly vectorised pass instead when
 * the Vector API is on ({@link VectorAdam}). The loops over a range are public: a compiled step's
 * plan runs them inside its fused loops. The kernels evaluate exactly the operations, in the same
 * order, that the optimizers module's Tensor-based transformations do, so both give identical bits
 * in float64. The float32 family, {@code FloatFusedOptimizerKernels}, is generated from this file
 * when the module is built and computes in float32 arithmetic.
 *
 * <p>Arguments: {@code p, g, m, v} inputs; {@code po, mo, vo} outputs (fresh arrays, or
 * {@code p, m, v} themselves for an in-place step: every element is read before it is written); the
 * coefficients precomputed in float64 by the caller ({@code omb1 = 1−β1}, {@code omb2 = 1−β2},
 * {@code negLr = −lr}, Adam's {@code scale} and {@code epsHat}, EXAdam's bias corrections);
 * {@code wd} the decoupled weight decay (0 for none).
 */
public final class FusedOptimizerKernels {
    /** Elements per parallel chunk; shorter arrays are updated on the calling thread. */
    public static final int CHUNK = 1 << 16;
    /** Elements per cache block: 7 arrays of 1024 elements, at most 56 KiB, within L2. */
    private static final int BLOCK = 1024;

    /**
     * sign(c) without branches, equal to {@code Math.signum} for every input (±0 and NaN kept):
     * {@code clamp(c·HUGE·HUGE, −1, 1)}, with HUGE the largest power of two of the type, saturates
     * for every non-zero c, even subnormal ones.
     */
    private static final double HUGE = Math.scalb(1.0, Double.MAX_EXPONENT);

    private FusedOptimizerKernels() {}

    /**
     * Adam/AdamW; {@code scale} and {@code epsHat} as {@code FusedOptimizerStep.adamScale} and
     * {@code adamEps} give them.
     */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double omb1, double b2, double omb2, double scale, double epsHat, double wd, double negLr) {
        Parallel.forRange(p.length, CHUNK, CHUNK, (from, to) ->
                adamRange(p, g, m, v, po, mo, vo, b1, omb1, b2, omb2, scale, epsHat, wd, negLr, from, to));
    }

    /**
     * {@link #adam} over {@code [from, to)} on the calling thread: in one pass of the Vector API
     * ({@link VectorAdam}) when it is on, else block by block through {@link #ema},
     * {@link #emaOfSquares} and {@link #adamParams}; the same bits either way.
     */
    public static void adamRange(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo,
            double[] vo, double b1, double omb1, double b2, double omb2, double scale, double epsHat, double wd,
            double negLr, int from, int to) {
        if (VectorApi.ENABLED) {
            VectorAdam.adam(p, g, m, v, po, mo, vo, b1, omb1, b2, omb2, scale, epsHat, wd, negLr, from, to);
            return;
        }
        for (int s = from; s < to; s += BLOCK) {
            int e = Math.min(to, s + BLOCK);
            ema(g, m, mo, b1, omb1, s, e);
            emaOfSquares(g, v, vo, b2, omb2, s, e);
            adamParams(p, mo, vo, po, scale, epsHat, wd, negLr, s, e);
        }
    }

    /** Lion; only {@code m} is a moment. */
    public static void lion(double[] p, double[] g, double[] m, double[] po, double[] mo,
            double b1, double omb1, double b2, double omb2, double wd, double negLr) {
        Parallel.forRange(p.length, CHUNK, CHUNK, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                lionParams(p, g, m, po, b1, omb1, wd, negLr, s, e);
                ema(g, m, mo, b2, omb2, s, e);
            }
        });
    }

    /**
     * EXAdam; {@code b1t = β1^t}, {@code b2t = β2^t}, {@code bc1 = 1−β1^t}, {@code bc2 = 1−β2^t}.
     */
    public static void exadam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double omb1, double b2, double omb2, double eps, double b1t, double b2t, double bc1,
            double bc2, double wd, double negLr) {
        Parallel.forRange(p.length, CHUNK, CHUNK, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                ema(g, m, mo, b1, omb1, s, e);
                emaOfSquares(g, v, vo, b2, omb2, s, e);
                exadamParams(p, g, mo, vo, po, eps, b1t, b2t, bc1, bc2, wd, negLr, s, e);
            }
        });
    }

    /** {@code mo = β·m + (1−β)·g} over {@code [s, e)}. */
    public static void ema(double[] g, double[] m, double[] mo, double b, double omb, int s, int e) {
        for (int i = s; i < e; i++) {
            mo[i] = m[i] * b + g[i] * omb;
        }
    }

    /** {@code vo = β·v + (1−β)·g²} over {@code [s, e)}. */
    public static void emaOfSquares(double[] g, double[] v, double[] vo, double b, double omb, int s, int e) {
        for (int i = s; i < e; i++) {
            double gi = g[i];
            vo[i] = v[i] * b + (gi * gi) * omb;
        }
    }

    /**
     * Adam's new parameters from the new moments {@code m, v} over {@code [s, e)}: the direction
     * {@code scale·m / (√v + epsHat)} — one division and one square root per element, the
     * loop's cost (the divider bounds it; vectorised).
     */
    public static void adamParams(double[] p, double[] m, double[] v, double[] po, double scale, double epsHat,
            double wd, double negLr, int s, int e) {
        if (wd != 0) {
            for (int i = s; i < e; i++) {
                double pi = p[i];
                po[i] = pi + ((m[i] * scale) / (Math.sqrt(v[i]) + epsHat) + pi * wd) * negLr;
            }
        } else {
            for (int i = s; i < e; i++) {
                po[i] = p[i] + ((m[i] * scale) / (Math.sqrt(v[i]) + epsHat)) * negLr;
            }
        }
    }

    /** Lion's new parameters from the old moment {@code m} over {@code [s, e)}. */
    public static void lionParams(double[] p, double[] g, double[] m, double[] po, double b1, double omb1, double wd,
            double negLr, int s, int e) {
        for (int i = s; i < e; i++) {
            double pi = p[i];
            double u = Math.max(-1.0, Math.min(1.0, (m[i] * b1 + g[i] * omb1) * HUGE * HUGE));
            po[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
        }
    }

    /**
     * EXAdam's new parameters from the new moments {@code m, v} over {@code [s, e)}. The loop is bound
     * by the divider, so a division by a bias correction that has rounded to 1 — after about 350
     * steps for β1 = 0.9, 37,000 for β2 = 0.999 — is skipped: x / 1 is x, bit for bit. The tests are
     * loop-invariant, so the JIT unswitches them out of the vector loop.
     */
    public static void exadamParams(double[] p, double[] g, double[] m, double[] v, double[] po, double eps,
            double b1t, double b2t, double bc1, double bc2, double wd, double negLr, int s, int e) {
        boolean unbiased1 = bc1 == 1;
        boolean unbiased2 = bc2 == 1;
        for (int i = s; i < e; i++) {
            double mi = m[i];
            double vi = v[i];
            double d1 = vi / (vi + eps) * b2t + 1;
            double m2 = mi * mi;
            double d2 = m2 / (m2 + eps) * b1t + 1;
            double mHat = unbiased1 ? mi : mi / bc1;
            double gHat = unbiased1 ? g[i] : g[i] / bc1;
            double vHat = unbiased2 ? vi : vi / bc2;
            double u = (mHat * d1 + gHat * d1) / (Math.sqrt(vHat * d2) + eps);
            double pi = p[i];
            po[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
        }
    }
}
