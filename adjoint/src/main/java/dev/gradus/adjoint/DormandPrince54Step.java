package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * One Dormand–Prince 5(4) step written with Tensor operations, so that it is recorded on the tape:
 * the fifth-order solution, the last stage (first-same-as-last) and the embedded error estimate
 * h·Σ eᵢkᵢ. Used by the direct method and by the local regulariser.
 */
final class DormandPrince54Step {
    static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    static final double[][] A = {
        {},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
        {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
    };
    /** b − b̂: fifth-order weights minus the embedded fourth-order ones. */
    static final double[] E = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40};
    /** Right-hand-side evaluations per step (the first stage is reused from the previous step). */
    static final int EVALUATIONS = 6;

    /** The step's results. */
    record Result(Tensor next, Tensor lastStage, Tensor error) {}

    private DormandPrince54Step() {}

    /** One step of size {@code h} from (t, z) with first stage {@code k1} = f(t, z). */
    static Result step(Dynamics f, Params theta, double t, Tensor z, Tensor k1, double h) {
        Tensor[] k = new Tensor[7];
        k[0] = k1;
        Tensor next = null;
        for (int s = 1; s < 7; s++) {
            Tensor incr = null;
            for (int j = 0; j < s; j++) {
                double c = A[s][j];
                if (c != 0.0) {
                    Tensor term = k[j].mul(h * c);
                    incr = incr == null ? term : incr.add(term);
                }
            }
            Tensor zs = z.add(incr);
            if (s == 6) {
                next = zs;
            }
            k[s] = f.apply(t + C[s] * h, zs, theta);
        }
        Tensor err = null;
        for (int j = 0; j < 7; j++) {
            if (E[j] != 0.0) {
                Tensor term = k[j].mul(h * E[j]);
                err = err == null ? term : err.add(term);
            }
        }
        return new Result(next, k[6], err);
    }

    /** The root-mean-square of an error estimate, floored so its derivative stays finite at zero. */
    static Tensor rms(Tensor error) {
        return error.square().mean().add(1e-300).sqrt();
    }
}
