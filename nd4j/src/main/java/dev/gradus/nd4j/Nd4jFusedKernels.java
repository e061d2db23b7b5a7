package dev.gradus.nd4j;

import static dev.gradus.nd4j.Nd4jArrays.dataType;
import static dev.gradus.nd4j.Nd4jArrays.result;
import static dev.gradus.nd4j.Nd4jArrays.view;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.FusedOptimizerStep;
import dev.gradus.autodiff.FusedTanhBackward;
import dev.gradus.autodiff.Storages;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.TransposedMatmul;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The {@link Nd4jBackend}'s fused kernels, without copies to the Java heap. On nd4j-native, tanh's
 * VJP and the Adam step are single loops over ND4J's host memory ({@link Nd4jHostKernels},
 * bit-identical to the Java backend's kernels); elsewhere (device memory) and for Lion and EXAdam
 * they are chains of ND4J ops that allocate the results and as few intermediates as the formula
 * needs and update those in place, in the Java kernels' order of operations (float64 results agree
 * to rounding; in float32 ND4J computes in float32). Transposed products are one gemm with
 * transpose flags. The Taylor-mode tanh is left to Tensor ops.
 */
final class Nd4jFusedKernels implements FusedTanhBackward, TransposedMatmul, FusedOptimizerStep {

    @Override
    public Tensor tanhBackward(Tensor g, Tensor y) {
        INDArray out = Nd4jHostKernels.AVAILABLE ? Nd4jHostKernels.tanhBackward(g, y) : tanhBackwardWithNd4jOps(g, y);
        return wrap(g.dtype(), g.shape(), out);
    }

    /** {@code g·(1 − y²)} as ND4J ops (device memory): one result, updated in place. */
    static INDArray tanhBackwardWithNd4jOps(Tensor g, Tensor y) {
        INDArray yv = view(y);
        return yv.mul(yv).rsubi(1.0).muli(view(g));
    }

    @Override
    public Tensor matmul(Tensor x, boolean transposeX, Tensor y, boolean transposeY) {
        DType dt = x.dtype() == DType.FLOAT64 || y.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        DataType d = dataType(dt);
        INDArray a = view(x, 2, d);
        INDArray b = view(y, 2, d);
        int[] shape = {(int) a.size(transposeX ? 1 : 0), (int) b.size(transposeY ? 0 : 1)};
        return wrap(dt, shape, Nd4jMatmul.gemm(a, transposeX, b, transposeY, shape[0], shape[1], d));
    }

    /**
     * Adam on nd4j-native: one pass over host memory ({@link Nd4jHostKernels}); Lion, EXAdam and any
     * rule on device memory: in-place ND4J ops.
     */
    @Override
    public Result step(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        if (rule != Rule.ADAM || !Nd4jHostKernels.AVAILABLE) {
            return stepWithNd4jOps(rule, param, grad, mu, nu, h);
        }
        INDArray[] out = Nd4jHostKernels.adam(param, grad, mu, nu, h);
        DType dt = param.dtype();
        int[] shape = param.shape();
        return new Result(wrap(dt, shape, out[0]), wrap(dt, shape, out[1]), wrap(dt, shape, out[2]));
    }

    /**
     * The step over the old arrays: Adam on nd4j-native writes the new parameter and moments over
     * the released inputs' buffers (no allocation); every other case computes {@link #step} and
     * frees the inputs' buffers at once. Either way the step leaves nothing to the garbage collector.
     */
    @Override
    public Result stepInPlace(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        if (!Storages.writableInPlace(nu == null ? List.of(param, mu) : List.of(param, mu, nu), List.of(grad))) {
            throw new IllegalArgumentException("stepInPlace: the parameter and its moments must own their storage"
                    + " (no reshape or detach of another tensor), shared with each other and the gradient in no way");
        }
        if (rule != Rule.ADAM || !Nd4jHostKernels.AVAILABLE) {
            Result r = step(rule, param, grad, mu, nu, h);
            Storages.release(param, mu);
            if (nu != null) {
                Storages.release(nu);
            }
            return r;
        }
        INDArray p = Nd4jArrays.storage(param);
        INDArray m = Nd4jArrays.storage(mu);
        INDArray v = Nd4jArrays.storage(nu);
        Nd4jHostKernels.adam(param, grad, mu, nu, h, new INDArray[] {p, m, v});
        param.release();
        mu.release();
        nu.release();
        return new Result(rewrap(param, p), rewrap(param, m), rewrap(param, v));
    }

    /** A new tensor like {@code like} over a buffer handed over by a released tensor (already counted or recorded). */
    private static Tensor rewrap(Tensor like, INDArray buffer) {
        return Tensor.fromStorage(Nd4jBackend.INSTANCE, like.dtype(), like.shape(), buffer);
    }

    /**
     * The update as a chain of in-place ND4J ops (device memory, which Java cannot address): three
     * results and a few intermediates instead of the Tensor chain's ~14 arrays.
     */
    static Result stepWithNd4jOps(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        double b1 = h.beta1();
        double b2 = h.beta2();
        double b1t = h.beta1Power();
        double b2t = h.beta2Power();
        double eps = h.eps();
        double wd = h.weightDecay();
        INDArray p = view(param);
        INDArray g = view(grad);
        INDArray m = view(mu);
        INDArray mo = m.mul(b1).addi(temporary(g.mul(1 - b1)));
        INDArray vo = null;
        INDArray u;
        if (rule == Rule.LION) {
            u = Nd4jElementwise.sign(temporary(mo));
            mo = m.mul(b2).addi(temporary(g.mul(1 - b2)));
        } else {
            vo = view(nu).mul(b2).addi(temporary(g.mul(g)).muli(1 - b2));
            if (rule == Rule.ADAM) {
                INDArray denominator = temporary(Transforms.sqrt(vo, true)).divi(Math.sqrt(1 - b2t)).addi(eps);
                u = mo.div(1 - b1t).divi(denominator);
            } else {
                INDArray d1 = temporary(vo.div(temporary(vo.add(eps)))).muli(b2t).addi(1.0);
                INDArray m2 = temporary(mo.mul(mo));
                INDArray d2 = temporary(m2.div(temporary(m2.add(eps)))).muli(b1t).addi(1.0);
                INDArray denominator = Transforms.sqrt(temporary(vo.div(1 - b2t)).muli(d2), false).addi(eps);
                u = mo.div(1 - b1t).muli(d1).addi(temporary(g.div(1 - b1t)).muli(d1)).divi(denominator);
            }
        }
        if (wd != 0) {
            u.addi(temporary(p.mul(wd)));
        }
        INDArray po = u.muli(-h.learningRate()).addi(p);
        DType dt = param.dtype();
        int[] shape = param.shape();
        return new Result(wrap(dt, shape, po), wrap(dt, shape, mo), vo == null ? null : wrap(dt, shape, vo));
    }

    /** An intermediate's off-heap buffer, recorded by an open {@link Nd4jScope} or counted by the pacer. */
    private static INDArray temporary(INDArray a) {
        return Nd4jArrays.counted(a);
    }

    private static Tensor wrap(DType dtype, int[] shape, INDArray out) {
        return Tensor.fromStorage(Nd4jBackend.INSTANCE, dtype, shape, result(out, dtype));
    }
}
