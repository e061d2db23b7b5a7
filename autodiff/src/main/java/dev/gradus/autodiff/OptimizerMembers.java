package dev.gradus.autodiff;

/**
 * The {@link FusedLoop} members of a traced optimizer step ({@link TracedOptimizerStep}): the
 * loops of the Java backend's fused optimizer kernels over a range, with the step-dependent
 * coefficients read from 0-d slots, so that each element is computed exactly as the fused
 * kernel computes it.
 */
final class OptimizerMembers {
    /** Lion's branch-free sign: {@code clamp(c·HUGE·HUGE, −1, 1)}, as the fused kernel computes it. */
    private static final double HUGE = Math.scalb(1.0, Double.MAX_EXPONENT);

    private OptimizerMembers() {}

    static FusedLoop.Member moment(Trace.Elementwise.Moment k, int out, int[] in) {
        double b = k.beta();
        double omb = k.oneMinusBeta();
        if (k.squared()) {
            return (s, f, t) -> {
                double[] g = s[in[0]];
                double[] v = s[in[1]];
                double[] o = s[out];
                for (int i = f; i < t; i++) {
                    double gi = g[i];
                    o[i] = v[i] * b + (gi * gi) * omb;
                }
            };
        }
        return (s, f, t) -> {
            double[] g = s[in[0]];
            double[] m = s[in[1]];
            double[] o = s[out];
            for (int i = f; i < t; i++) {
                o[i] = m[i] * b + g[i] * omb;
            }
        };
    }

    static FusedLoop.Member param(Trace.Elementwise.OptimizerParam k, int out, int[] in) {
        double wd = k.weightDecay();
        double eps = k.eps();
        return switch (k.rule()) {
            case ADAM -> (s, f, t) -> {
                double[] p = s[in[0]];
                double[] m = s[in[1]];
                double[] v = s[in[2]];
                double bc1 = s[in[3]][0];
                double sqrtBc2 = s[in[4]][0];
                double negLr = s[in[5]][0];
                double[] o = s[out];
                if (wd != 0) {
                    for (int i = f; i < t; i++) {
                        double pi = p[i];
                        o[i] = pi + ((m[i] / bc1) / (Math.sqrt(v[i]) / sqrtBc2 + eps) + pi * wd) * negLr;
                    }
                } else {
                    for (int i = f; i < t; i++) {
                        o[i] = p[i] + ((m[i] / bc1) / (Math.sqrt(v[i]) / sqrtBc2 + eps)) * negLr;
                    }
                }
            };
            case LION -> {
                double b1 = k.beta1();
                double omb1 = k.oneMinusBeta1();
                yield (s, f, t) -> {
                    double[] p = s[in[0]];
                    double[] m = s[in[1]];
                    double[] g = s[in[2]];
                    double negLr = s[in[3]][0];
                    double[] o = s[out];
                    for (int i = f; i < t; i++) {
                        double pi = p[i];
                        double u = Math.max(-1.0, Math.min(1.0, (m[i] * b1 + g[i] * omb1) * HUGE * HUGE));
                        o[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
                    }
                };
            }
            case EXADAM -> (s, f, t) -> {
                double[] p = s[in[0]];
                double[] g = s[in[1]];
                double[] m = s[in[2]];
                double[] v = s[in[3]];
                double b1t = s[in[4]][0];
                double b2t = s[in[5]][0];
                double bc1 = s[in[6]][0];
                double bc2 = s[in[7]][0];
                double negLr = s[in[8]][0];
                double[] o = s[out];
                for (int i = f; i < t; i++) {
                    double mi = m[i];
                    double vi = v[i];
                    double d1 = vi / (vi + eps) * b2t + 1;
                    double m2 = mi * mi;
                    double d2 = m2 / (m2 + eps) * b1t + 1;
                    double u = (mi / bc1 * d1 + g[i] / bc1 * d1) / (Math.sqrt(vi / bc2 * d2) + eps);
                    double pi = p[i];
                    o[i] = pi + (wd != 0 ? u + pi * wd : u) * negLr;
                }
            };
        };
    }
}
