package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.internal.Linearization;
import dev.gradus.implicit.internal.ThetaCodec;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A solver θ ↦ x*(θ) made differentiable by the implicit function theorem. With optimality
 * conditions F(x, θ) = 0, A = ∂F/∂x and B = ∂F/∂θ at (x*, θ):
 * <ul>
 *   <li>VJP: solve Aᵀu = −v, return Bᵀu;</li>
 *   <li>JVP: solve A·ẋ = −B·θ̇.</li>
 * </ul>
 * Every product with A, Aᵀ, B, Bᵀ is a JVP or VJP of F from the tape; nothing is materialised
 * unless a dense {@link LinearSolver} asks for it. The solution is treated as independent of the
 * solver's starting point, and the solver runs untaped on a detached θ, so any solver works.
 *
 * <pre>{@code
 * ImplicitDiff<Tensor> ridge = ImplicitDiff.of(theta -> solveRidge(theta),
 *         OptimalityConditions.stationarity((w, theta) -> innerLoss(w, theta)));
 * Tensor hypergrad = AD.grad(theta -> validationLoss(ridge.solve(theta)), theta0);
 * }</pre>
 *
 * A backward solve that misses its tolerance throws a {@link LinearSolveException} (see
 * {@link LinearSolver#warnOnFailure()}).
 *
 * @param <T> the hyperparameter type: {@link Tensor} or {@link Params}
 */
public final class ImplicitDiff<T> {
    /** A reverse-mode derivative of the solution: x*(θ) and u ↦ (∂dx⋆/dθ)ᵀu, callable repeatedly. */
    public interface Pullback<T> {
        Tensor solution();

        T apply(Tensor cotangent);

        /** The backward linear solve of the latest {@link #apply} (null before the first). */
        LinearSolveResult lastSolve();
    }

    private final Function<T, Tensor> solver;
    private final OptimalityCondition<T> condition;
    private final LinearSolver linearSolver;
    private final ThetaCodec<T> codec;

    private ImplicitDiff(Function<T, Tensor> solver, OptimalityCondition<T> condition, LinearSolver linearSolver,
            ThetaCodec<T> codec) {
        if (solver == null || condition == null || linearSolver == null) {
            throw new IllegalArgumentException("ImplicitDiff: solver, condition and linearSolver must not be null");
        }
        this.solver = solver;
        this.condition = condition;
        this.linearSolver = linearSolver;
        this.codec = codec;
    }

    /** A solver of a tensor hyperparameter with its optimality conditions; backward solves by GMRES. */
    public static ImplicitDiff<Tensor> of(Function<Tensor, Tensor> solver, OptimalityCondition<Tensor> condition) {
        return new ImplicitDiff<>(solver, condition, LinearSolvers.gmres(), ThetaCodec.TENSOR);
    }

    /** A solver of {@link Params} hyperparameters with its optimality conditions. */
    public static ImplicitDiff<Params> ofParams(Function<Params, Tensor> solver, OptimalityCondition<Params> condition) {
        return new ImplicitDiff<>(solver, condition, LinearSolvers.gmres(), ThetaCodec.PARAMS);
    }

    /** The same problem differentiated with another linear solver (e.g. CG when A is SPD). */
    public ImplicitDiff<T> withLinearSolver(LinearSolver s) {
        return new ImplicitDiff<>(solver, condition, s, codec);
    }

    /** The same solution differentiated through other optimality conditions. */
    public ImplicitDiff<T> withCondition(OptimalityCondition<T> c) {
        return new ImplicitDiff<>(solver, c, linearSolver, codec);
    }

    public LinearSolver linearSolver() {
        return linearSolver;
    }

    /**
     * x*(θ). When θ is watched by a tape, the result is recorded with the implicit VJP, so an outer
     * {@code AD.grad} or {@code Tape.gradient} differentiates through it.
     */
    public Tensor solve(T theta) {
        Tensor[] parts = codec.split(theta);
        T detached = detached(theta, parts);
        Tensor xStar = runSolver(detached);
        return AD.customVjpMany(xs -> xStar, (inputs, out, g) -> {
            Linearization lin = linearize(xStar, detached);
            return backward(lin, g, null).parts;
        }).apply(parts);
    }

    /** x*(θ) and its pullback (reverse mode). */
    public Pullback<T> vjp(T theta) {
        Tensor[] parts = codec.split(theta);
        T detached = detached(theta, parts);
        Tensor xStar = runSolver(detached);
        Linearization lin = linearize(xStar, detached);
        return new Pullback<>() {
            private LinearSolveResult last;

            public Tensor solution() {
                return xStar;
            }

            public T apply(Tensor cotangent) {
                checkShape("cotangent", xStar, cotangent);
                Backward b = backward(lin, cotangent, null);
                last = b.solve;
                return codec.join(b.parts, theta);
            }

            public LinearSolveResult lastSolve() {
                return last;
            }
        };
    }

    /** x*(θ) and the directional derivative (∂dx⋆/dθ)·θ̇ (forward mode). */
    public AD.ValueAndTangent<Tensor> jvp(T theta, T thetaDot) {
        Tensor[] parts = codec.split(theta);
        Tensor[] dots = codec.split(thetaDot);
        if (dots.length != parts.length) {
            throw new IllegalArgumentException("ImplicitDiff.jvp: tangent has " + dots.length + " tensors, θ has "
                    + parts.length);
        }
        for (int i = 0; i < parts.length; i++) {
            checkShape("tangent", parts[i], dots[i]);
        }
        T detached = detached(theta, parts);
        Tensor xStar = runSolver(detached);
        Linearization lin = linearize(xStar, detached);
        Tensor rhs = lin.b(dots).neg();
        LinearSolveResult r = linearSolver.solveChecked(LinearOperator.of(lin::a, lin::aT),
                rhs, null, "ImplicitDiff.jvp (solve A·ẋ = −B·θ̇)");
        return new AD.ValueAndTangent<>(xStar, r.solution().reshape(xStar.shape()));
    }

    private record Backward(Tensor[] parts, LinearSolveResult solve) {}

    private Backward backward(Linearization lin, Tensor cotangent, Tensor warm) {
        LinearOperator aT = LinearOperator.of(lin::aT, lin::a);
        LinearSolveResult r = linearSolver.solveChecked(aT, cotangent.detach().neg(), warm,
                "ImplicitDiff backward solve (Aᵀu = −v)");
        return new Backward(lin.bT(r.solution()), r);
    }

    private Tensor runSolver(T detachedTheta) {
        Tensor x = solver.apply(detachedTheta);
        if (x == null) {
            throw new IllegalStateException("ImplicitDiff: the solver returned null");
        }
        x = x.detach();
        if (!x.allFinite()) {
            throw new IllegalStateException("ImplicitDiff: the solver returned a non-finite solution");
        }
        return x;
    }

    private T detached(T theta, Tensor[] parts) {
        Tensor[] d = Arrays.stream(parts).map(Tensor::detach).toArray(Tensor[]::new);
        return codec.join(d, theta);
    }

    private Linearization linearize(Tensor xStar, T detachedTheta) {
        return new Linearization((x, th) -> condition.residual(x, codec.join(th, detachedTheta)), xStar,
                codec.split(detachedTheta));
    }

    private static void checkShape(String what, Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalArgumentException("ImplicitDiff: " + what + " shape " + Arrays.toString(actual.shape())
                    + " must equal " + Arrays.toString(expected.shape()));
        }
    }
}
