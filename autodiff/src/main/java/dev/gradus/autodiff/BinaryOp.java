package dev.gradus.autodiff;

/** Broadcasting element-wise primitive kernels a {@link Backend} implements. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN,
    /** Comparisons give 1 where true and 0 where false. */
    GT, LT, GE, LE, EQ
}
