package dev.gradus.optimizers.internal;

/**
 * Single-pass optimizer steps on raw arrays: each reads the parameters, gradients and moments once
 * and writes the new parameters and moments once. The float64 kernels evaluate exactly the
 * operations, in the same order, that the Tensor-based transformations do, so both paths give
 * identical bits. The float32 kernels compute in float32 arithmetic and agree with the Tensor path
 * to float32 rounding.
 *
 * <p>Arguments: {@code p, g, m, v} inputs; {@code po, mo, vo} outputs (fresh arrays);
 * {@code wd} the decoupled weight decay (0 for none) and {@code lr} the learning rate.
 */
public final class FusedKernels {
    private FusedKernels() {}

    /** Adam/AdamW: see {@code Scalings.scaleByAdam}; {@code bc1 = 1−β1^t}, {@code sqrtBc2 = √(1−β2^t)}. */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double b2, double eps, double bc1, double sqrtBc2, double wd, double lr) {
        double omb1 = 1 - b1;
        double omb2 = 1 - b2;
        double negLr = -lr;
        Chunks.forRange(p.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double gi = g[i];
                double pi = p[i];
                double mi = m[i] * b1 + gi * omb1;
                double vi = v[i] * b2 + (gi * gi) * omb2;
                double u = (mi / bc1) / (Math.sqrt(vi) / sqrtBc2 + eps);
                if (wd != 0) {
                    u = u + pi * wd;
                }
                po[i] = pi + u * negLr;
                mo[i] = mi;
                vo[i] = vi;
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
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float pi = p[i];
                float mi = m[i] * fb1 + gi * omb1;
                float vi = v[i] * fb2 + (gi * gi) * omb2;
                float u = (mi / fbc1) / ((float) Math.sqrt(vi) / fsqrtBc2 + feps);
                u = u + pi * fwd;
                po[i] = pi + u * negLr;
                mo[i] = mi;
                vo[i] = vi;
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
                double gi = g[i];
                double pi = p[i];
                double mi = m[i];
                double u = Math.signum(mi * b1 + gi * omb1);
                if (wd != 0) {
                    u = u + pi * wd;
                }
                po[i] = pi + u * negLr;
                mo[i] = mi * b2 + gi * omb2;
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
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float pi = p[i];
                float mi = m[i];
                float u = Math.signum(mi * fb1 + gi * omb1);
                u = u + pi * fwd;
                po[i] = pi + u * negLr;
                mo[i] = mi * fb2 + gi * omb2;
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
            for (int i = from; i < to; i++) {
                double gi = g[i];
                double pi = p[i];
                double mi = m[i] * b1 + gi * omb1;
                double vi = v[i] * b2 + (gi * gi) * omb2;
                double d1 = vi / (vi + eps) * b2t + 1;
                double m2 = mi * mi;
                double d2 = m2 / (m2 + eps) * b1t + 1;
                double mt = mi / bc1 * d1;
                double vt = vi / bc2 * d2;
                double gt = gi / bc1 * d1;
                double u = (mt + gt) / (Math.sqrt(vt) + eps);
                if (wd != 0) {
                    u = u + pi * wd;
                }
                po[i] = pi + u * negLr;
                mo[i] = mi;
                vo[i] = vi;
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
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float pi = p[i];
                float mi = m[i] * fb1 + gi * omb1;
                float vi = v[i] * fb2 + (gi * gi) * omb2;
                float d1 = vi / (vi + feps) * fb2t + 1;
                float m2 = mi * mi;
                float d2 = m2 / (m2 + feps) * fb1t + 1;
                float mt = mi / fbc1 * d1;
                float vt = vi / fbc2 * d2;
                float gt = gi / fbc1 * d1;
                float u = (mt + gt) / ((float) Math.sqrt(vt) + feps);
                u = u + pi * fwd;
                po[i] = pi + u * negLr;
                mo[i] = mi;
                vo[i] = vi;
            }
        });
    }
}
