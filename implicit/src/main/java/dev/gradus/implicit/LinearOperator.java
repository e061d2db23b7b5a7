package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A linear map given only by its products, never materialised unless a dense solver asks for it.
 * In implicit differentiation the products come from the tape: {@code A·w} is a JVP and
 * {@code Aᵀ·u} a VJP of the optimality mapping.
 */
public interface LinearOperator {
    /** A·v, same shape as v for the square systems solved here. */
    Tensor apply(Tensor v);

    /** Aᵀ·v; operators built without a transpose throw. */
    Tensor applyTranspose(Tensor v);

    /** The operator Aᵀ (products swapped). */
    default LinearOperator transpose() {
        LinearOperator self = this;
        return of(self::applyTranspose, self::apply);
    }

    /** An operator from its product and its transpose product. */
    static LinearOperator of(UnaryOperator<Tensor> apply, UnaryOperator<Tensor> applyTranspose) {
        return new LinearOperator() {
            @Override
            public Tensor apply(Tensor v) {
                return apply.apply(v);
            }

            @Override
            public Tensor applyTranspose(Tensor v) {
                return applyTranspose.apply(v);
            }
        };
    }

    /** A symmetric operator: Aᵀ = A. */
    static LinearOperator symmetric(UnaryOperator<Tensor> apply) {
        return of(apply, apply);
    }

    /** An operator without a transpose product (enough for CG, GMRES, BiCGSTAB and dense solvers). */
    static LinearOperator withoutTranspose(UnaryOperator<Tensor> apply) {
        return of(apply, v -> {
            throw new UnsupportedOperationException("this operator has no transpose product; normal-CG needs one");
        });
    }

    /** The operator of an explicit square matrix acting on vectors. */
    static LinearOperator fromMatrix(Tensor matrix) {
        if (matrix.rank() != 2 || matrix.dim(0) != matrix.dim(1)) {
            throw new IllegalArgumentException("fromMatrix: matrix must be square, got shape "
                    + Arrays.toString(matrix.shape()));
        }
        Tensor mt = matrix.transpose();
        return of(v -> matrix.matmul(v.reshape(v.size())).reshape(v.shape()),
                v -> mt.matmul(v.reshape(v.size())).reshape(v.shape()));
    }
}
