package dev.gradus.autodiff;

/** Reductions over a set of axes that a {@link Backend} implements. */
public enum ReduceOp { SUM, PROD, MAX, MIN }
