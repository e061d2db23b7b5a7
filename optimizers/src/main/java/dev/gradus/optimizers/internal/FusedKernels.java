package dev.gradus.optimizers.internal;

/**
 * Single-pass optimizer steps on raw arrays: each element of the parameters, gradients and moments
 * is read once from memory and each output written once. The work is split into cache-sized
 * blocks; within a block one simple loop updates the moments and a second computes the new
 * parameters from the still-cached moments (two simple loops vectorise where one fused loop does
 * not). The float64 kernels evaluate exactly the operations, in the same order, that the
 * Tensor-based transformations do, so both paths give identical bits. The float32 kernels compute
 * in float32 arithmetic and agree with the Tensor path to float32 rounding.
 *
 * <p>Arguments: {@code p, g, m, v} inputs; {@code po, mo, vo} outputs (fresh arrays);
 * {@code wd} the decoupled weight decay (0 for none) and {@code lr} the learning rate.
 */
public final class FusedKernels {
    /** Elements per block: 7 float64 arrays × 1024 × 8 B = 56 KiB, within L2. */
    private static final int BLOCK = 1024;

    /**
     * sign(c) without branches, equal to {@code Math.signum} for every input (±0 and NaN kept):
     * {@code clamp(c·2¹⁰²³·2¹⁰²³, −1, 1)} saturates for every non-zero c, even subnormal ones.
     */
    private static final double HUGE = 0x1p1023;
    /** The float32 counterpart: 2¹²⁷. */
    private static final float HUGE_F = 0x1p127f;

    private FusedKernels() {}

    /** Adam/AdamW: see {@code Scalings.scaleByAdam}; {@code bc1 = 1−β1^t}, {@code sqrtBc2 = √(1−β2^t)}. */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double b2, double eps, double bc1, double sqrtBc2, double wd, double lr) {
        double omb1 = 1 - b1;
        double omb2 = 1 - b2;
        double negLr = -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                moments(g, m, v, mo, vo, b1, omb1, b2, omb2, s, e);
                if (wd != 0) {
                    for (int i = s; i < e; i++) {
                        double pi = p[i];
                        po[i] = pi + ((mo[i] / bc1) / (Math.sqrt(vo[i]) / sqrtBc2 + eps) + pi * wd) * negLr;
                    }
                } else {
                    for (int i = s; i < e; i++) {
                        po[i] = p[i] + ((mo[i] / bc1) / (Math.sqrt(vo[i]) / sqrtBc2 + eps)) * negLr;
                    }
                }
            }
        });
    }

    /** Adam/AdamW on float32 arrays. */
    public static void adam(float[] p, float[] g, float[] m, float[] v, float[] po, float[] mo, float[] vo,
            double b1, double b2, double eps, double bc1, double sqrtBc2, double wd, double lr) {
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float omb1 = (float) (1 - b1);
        float omb2 = (float) (1 - b2);
        float feps = (float) eps;
        float fbc1 = (float) bc1;
        float fsqrtBc2 = (float) sqrtBc2;
        float fwd = (float) wd;
        float negLr = (float) -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                moments(g, m, v, mo, vo, fb1, omb1, fb2, omb2, s, e);
                for (int i = s; i < e; i++) {
                    float pi = p[i];
                    po[i] = pi + ((mo[i] / fbc1) / ((float) Math.sqrt(vo[i]) / fsqrtBc2 + feps) + pi * fwd) * negLr;
                }
            }
        });
    }

    /** Lion: see {@code Scalings.scaleByLion}; only {@code m} is a moment. */
    public static void lion(double[] p, double[] g, double[] m, double[] po, double[] mo,
            double b1, double b2, double wd, double lr) {
        double omb1 = 1 - b1;
        double omb2 = 1 - b2;
        double negLr = -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double pi = p[i];
                double u = Math.max(-1.0, Math.min(1.0, (m[i] * b1 + g[i] * omb1) * HUGE * HUGE));
                po[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
            }
            for (int i = from; i < to; i++) {
                mo[i] = m[i] * b2 + g[i] * omb2;
            }
        });
    }

    /** Lion on float32 arrays. */
    public static void lion(float[] p, float[] g, float[] m, float[] po, float[] mo,
            double b1, double b2, double wd, double lr) {
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float omb1 = (float) (1 - b1);
        float omb2 = (float) (1 - b2);
        float fwd = (float) wd;
        float negLr = (float) -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                for (int i = s; i < e; i++) {
                    float u = Math.max(-1f, Math.min(1f, (m[i] * fb1 + g[i] * omb1) * HUGE_F * HUGE_F));
                    float pi = p[i];
                    po[i] = pi + (u + pi * fwd) * negLr;
                }
                for (int i = s; i < e; i++) {
                    mo[i] = m[i] * fb2 + g[i] * omb2;
                }
            }
        });
    }

    /**
     * EXAdam: see {@code Scalings.scaleByExAdam}; {@code b1t = β1^t}, {@code b2t = β2^t},
     * {@code bc1 = 1−β1^t}, {@code bc2 = 1−β2^t}.
     */
    public static void exadam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double b2, double eps, double b1t, double b2t, double bc1, double bc2, double wd, double lr) {
        double omb1 = 1 - b1;
        double omb2 = 1 - b2;
        double negLr = -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                moments(g, m, v, mo, vo, b1, omb1, b2, omb2, s, e);
                for (int i = s; i < e; i++) {
                    double mi = mo[i];
                    double vi = vo[i];
                    double d1 = vi / (vi + eps) * b2t + 1;
                    double m2 = mi * mi;
                    double d2 = m2 / (m2 + eps) * b1t + 1;
                    double u = (mi / bc1 * d1 + g[i] / bc1 * d1) / (Math.sqrt(vi / bc2 * d2) + eps);
                    double pi = p[i];
                    po[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
                }
            }
        });
    }

    /** EXAdam on float32 arrays. */
    public static void exadam(float[] p, float[] g, float[] m, float[] v, float[] po, float[] mo, float[] vo,
            double b1, double b2, double eps, double b1t, double b2t, double bc1, double bc2, double wd, double lr) {
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float omb1 = (float) (1 - b1);
        float omb2 = (float) (1 - b2);
        float feps = (float) eps;
        float fb1t = (float) b1t;
        float fb2t = (float) b2t;
        float fbc1 = (float) bc1;
        float fbc2 = (float) bc2;
        float fwd = (float) wd;
        float negLr = (float) -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                int e = Math.min(to, s + BLOCK);
                moments(g, m, v, mo, vo, fb1, omb1, fb2, omb2, s, e);
                for (int i = s; i < e; i++) {
                    float mi = mo[i];
                    float vi = vo[i];
                    float d1 = vi / (vi + feps) * fb2t + 1;
                    float m2 = mi * mi;
                    float d2 = m2 / (m2 + feps) * fb1t + 1;
                    float u = (mi / fbc1 * d1 + g[i] / fbc1 * d1) / ((float) Math.sqrt(vi / fbc2 * d2) + feps);
                    float pi = p[i];
                    po[i] = pi + (u + pi * fwd) * negLr;
                }
            }
        });
    }

    /** {@code mo = β1·m + (1−β1)·g}, {@code vo = β2·v + (1−β2)·g²} over {@code [s, e)}. */
    private static void moments(double[] g, double[] m, double[] v, double[] mo, double[] vo,
            double b1, double omb1, double b2, double omb2, int s, int e) {
        for (int i = s; i < e; i++) {
            double gi = g[i];
            mo[i] = m[i] * b1 + gi * omb1;
            vo[i] = v[i] * b2 + (gi * gi) * omb2;
        }
    }

    private static void moments(float[] g, float[] m, float[] v, float[] mo, float[] vo,
            float b1, float omb1, float b2, float omb2, int s, int e) {
        for (int i = s; i < e; i++) {
            float gi = g[i];
            mo[i] = m[i] * b1 + gi * omb1;
            vo[i] = v[i] * b2 + (gi * gi) * omb2;
        }
    }
}
