package dev.gradus.nd4j;

import static dev.gradus.nd4j.Nd4jArrays.dataType;
import static dev.gradus.nd4j.Nd4jArrays.longs;
import static dev.gradus.nd4j.Nd4jArrays.select;
import static dev.gradus.nd4j.Nd4jArrays.view;

import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.UnaryOp;
import dev.gradus.autodiff.internal.ElementwiseKernels;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise kernels of {@link Nd4jBackend} on ND4J transforms. Where libnd4j's edge cases differ
 * from the Java backend (NaN through sign/relu/max/min/clamp), the result is corrected with masked
 * selects, so both backends agree on NaN and infinities too. log1p, expm1, elu and softplus, which
 * libnd4j computes inaccurately, run the Java kernels through the data buffer.
 */
final class Nd4jElementwise {
    private Nd4jElementwise() {}

    static INDArray unary(UnaryOp op, Tensor t, double a, double b) {
        if (t.size() == 0) { // libnd4j refuses ops on empty arrays
            return Nd4jArrays.empty(t.dtype(), t.shape());
        }
        INDArray x = view(t);
        DataType dt = x.dataType();
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> Transforms.exp(x, true);
            case LOG -> Transforms.log(x, true);
            // libnd4j computes log(1 + x) and exp(x) − 1 literally, losing all precision for tiny x.
            case LOG1P, EXPM1, ELU, SOFTPLUS -> javaKernel(op, t, a, b);
            case SQRT -> Transforms.sqrt(x, true);
            case RSQRT -> Transforms.sqrt(x, true).rdivi(1.0);
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> x.rdiv(1.0);
            case ABS -> Transforms.abs(x, true);
            case SIGN -> sign(x);
            case SIN -> Transforms.sin(x, true);
            case COS -> Transforms.cos(x, true);
            case TAN -> Transforms.tan(x, true);
            case TANH -> Transforms.tanh(x, true);
            case SIGMOID -> Transforms.sigmoid(x, true);
            case RELU -> positivePart(x);
            case LEAKY_RELU -> select(x.gt(0.0), x, x.mul(a));
            case POW_SCALAR -> powScalar(x, a);
            case CLAMP -> keepNaN(x, Transforms.min(Transforms.max(x, a, true), b, false));
            case IN_RANGE -> x.gte(a).castTo(dt).muli(x.lte(b).castTo(dt));
            case NON_FINITE -> x.isNaN().castTo(dt).addi(x.isInfinite().castTo(dt));
        };
    }

    /**
     * The Java backend's kernel on the tensor's elements, copied out of and back into ND4J's data
     * buffer: for ops whose libnd4j transform is inaccurate (log1p, expm1 and the ops built on
     * them, elu and softplus, whose libnd4j form also overflows).
     */
    private static INDArray javaKernel(UnaryOp op, Tensor t, double a, double b) {
        double[] y = ElementwiseKernels.unary(op, Nd4jArrays.toDoubles(Nd4jArrays.storage(t)), a, b);
        return Nd4jArrays.shaped(Nd4jArrays.fromDoubles(y, t.dtype()), t.shape());
    }

    /** The sign of every element, NaN kept (as {@code Math.signum}). */
    static INDArray sign(INDArray x) {
        return keepNaN(x, Transforms.sign(x, true));
    }

    /** {@code x ≤ 0 ? 0 : x}: NaN stays NaN (as the Java backend, NumPy and PyTorch). */
    private static INDArray positivePart(INDArray x) {
        return select(x.lte(0.0), Nd4j.zerosLike(x), x);
    }

    private static INDArray powScalar(INDArray x, double p) {
        if (p == 2) {
            return x.mul(x);
        }
        if (p == 1) {
            return x.dup('c');
        }
        if (p == 0.5) {
            return Transforms.sqrt(x, true);
        }
        return Transforms.pow(x, p, true);
    }

    /** {@code r} with NaN wherever {@code x} is NaN. */
    private static INDArray keepNaN(INDArray x, INDArray r) {
        return hasNaN(x) ? select(x.isNaN(), Double.NaN, r) : r;
    }

    static INDArray binary(BinaryOp op, Tensor tx, Tensor ty, int[] outShape, DType dtype) {
        if (Nd4jArrays.isEmpty(outShape)) {
            return Nd4jArrays.empty(dtype, outShape);
        }
        int rank = Math.max(outShape.length, 1);
        DataType dt = dataType(dtype);
        INDArray vx = view(tx, rank, dt);
        INDArray vy = view(ty, rank, dt);
        if (op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV) {
            return arithmetic(op, vx, vy, longs(outShape.length == 0 ? new int[] {1} : outShape), dt);
        }
        INDArray x = broadcast(vx, outShape);
        INDArray y = broadcast(vy, outShape);
        INDArray r = switch (op) {
            case ADD, SUB, MUL, DIV -> throw new AssertionError(op + " is handled by arithmetic()");
            case POW -> pow(x, y);
            case MAX -> keepNaN(x, y, Transforms.max(x, y, true));
            case MIN -> keepNaN(x, y, Transforms.min(x, y, true));
            case GT -> castAndFree(x.gt(y), dt);
            case LT -> castAndFree(x.lt(y), dt);
            case GE -> castAndFree(Transforms.greaterThanOrEqual(x, y, true), dt);
            case LE -> castAndFree(Transforms.lessThanOrEqual(x, y, true), dt);
            case EQ -> castAndFree(x.eq(y), dt);
        };
        freeBroadcast(x, vx);
        freeBroadcast(y, vy);
        return r;
    }

    /**
     * +, −, ×, ÷ without materialising a broadcast operand: a one-element operand becomes a scalar
     * op, anything else goes to libnd4j's broadcastable pairwise ops, which read both operands in
     * place and write straight into the result. A NaN scalar goes the pairwise way too: INDArray's
     * scalar ops silently replace a NaN operand by {@code Nd4j.EPS_THRESHOLD} (x + NaN gave x + 1e-5).
     */
    private static INDArray arithmetic(BinaryOp op, INDArray x, INDArray y, long[] target, DataType dt) {
        boolean xFull = Arrays.equals(x.shape(), target);
        boolean yFull = Arrays.equals(y.shape(), target);
        if (xFull && y.length() == 1 && !Double.isNaN(y.getDouble(0))) {
            double s = y.getDouble(0);
            return switch (op) {
                case ADD -> x.add(s);
                case SUB -> x.sub(s);
                case MUL -> x.mul(s);
                case DIV -> x.div(s);
                case POW, MAX, MIN, GT, LT, GE, LE, EQ -> throw notArithmetic(op);
            };
        }
        if (yFull && x.length() == 1 && !Double.isNaN(x.getDouble(0))) {
            double s = x.getDouble(0);
            return switch (op) {
                case ADD -> y.add(s);
                case SUB -> y.rsub(s);
                case MUL -> y.mul(s);
                case DIV -> y.rdiv(s);
                case POW, MAX, MIN, GT, LT, GE, LE, EQ -> throw notArithmetic(op);
            };
        }
        INDArray out = Nd4j.createUninitialized(dt, target);
        INDArray[] in = {x, y};
        INDArray[] outs = {out};
        Nd4j.exec(switch (op) {
            case ADD -> new AddOp(in, outs);
            case SUB -> new SubOp(in, outs);
            case MUL -> new MulOp(in, outs);
            case DIV -> new DivOp(in, outs);
            case POW, MAX, MIN, GT, LT, GE, LE, EQ -> throw notArithmetic(op);
        });
        return out;
    }

    /** A comparison's boolean mask as {@code dt}; the mask's buffer is freed at once. */
    private static INDArray castAndFree(INDArray mask, DataType dt) {
        INDArray r = mask.castTo(dt);
        mask.close();
        return r;
    }

    private static AssertionError notArithmetic(BinaryOp op) {
        return new AssertionError(op + " is not one of +, −, ×, ÷");
    }

    /**
     * xʸ with Java's special cases, which keep a NaN or an indeterminate form from becoming 1: 1^NaN
     * and (±1)^±∞ are NaN (C's pow gives 1).
     */
    private static INDArray pow(INDArray x, INDArray y) {
        INDArray r = Transforms.pow(x, y, true);
        if (y.scan(Conditions.notFinite()).longValue() == 0) {
            return r;
        }
        INDArray unitBase = Transforms.abs(x, true).eq(1.0);
        return select(Transforms.or(y.isNaN(), Transforms.and(y.isInfinite(), unitBase)), Double.NaN, r);
    }

    private static INDArray keepNaN(INDArray x, INDArray y, INDArray r) {
        if (!hasNaN(x) && !hasNaN(y)) {
            return r;
        }
        return select(Transforms.or(x.isNaN(), y.isNaN()), Double.NaN, r);
    }

    /** Whether {@code a} holds a NaN, counted by one reduction (no element-wise mask allocated). */
    static boolean hasNaN(INDArray a) {
        return a.scan(Conditions.isNan()).longValue() > 0;
    }

    static INDArray where(Tensor cond, Tensor tx, Tensor ty, int[] outShape, DType dtype) {
        if (Nd4jArrays.isEmpty(outShape)) {
            return Nd4jArrays.empty(dtype, outShape);
        }
        int rank = Math.max(outShape.length, 1);
        DataType dt = dataType(dtype);
        INDArray vc = view(cond, rank);
        INDArray vx = view(tx, rank, dt);
        INDArray vy = view(ty, rank, dt);
        INDArray c = broadcast(vc, outShape);
        INDArray x = broadcast(vx, outShape);
        INDArray y = broadcast(vy, outShape);
        INDArray mask = c.neq(0.0);
        INDArray r = select(mask, x, y);
        mask.close();
        freeBroadcast(c, vc);
        freeBroadcast(x, vx);
        freeBroadcast(y, vy);
        return r;
    }

    /** Frees {@code operand} if {@link #broadcast} made it (a new array), not if it is {@code source} itself. */
    private static void freeBroadcast(INDArray operand, INDArray source) {
        if (operand != source) {
            operand.close();
        }
    }

    /** {@code a} (already of the output's rank) repeated along its length-1 axes to {@code outShape}. */
    static INDArray broadcast(INDArray a, int[] outShape) {
        long[] target = longs(outShape.length == 0 ? new int[] {1} : outShape);
        return Arrays.equals(a.shape(), target) ? a : a.broadcast(target);
    }
}
