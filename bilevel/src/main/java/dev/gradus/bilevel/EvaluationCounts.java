package dev.gradus.bilevel;

/**
 * How often a solver touched the problem: objective values, gradients (one reverse pass over
 * x and/or y), second-order products (Hessian-vector or mixed products, each one
 * reverse-over-reverse pass or two gradients when finite differences are used) and constraint
 * evaluations.
 */
public record EvaluationCounts(long upperValues, long upperGradients, long lowerValues, long lowerGradients,
                               long secondOrderProducts, long constraintEvaluations) {}
