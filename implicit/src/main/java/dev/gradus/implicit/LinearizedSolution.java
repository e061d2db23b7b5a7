package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Linearization;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.internal.ThetaCodec;
import java.util.Arrays;

/**
 * The solution map θ ↦ x*(θ) linearised at one θ: the solution x*, the inner solver's status and
 * the derivatives of x* — VJPs, JVPs, the whole Jacobian — from one solve and one recording of the
 * optimality conditions F at (x*, θ) ({@link AD#linearize}), reused by every product. Made by
 * {@link ImplicitDiff#at}. With A = ∂F/∂x and B = ∂F/∂θ at (x*, θ), a VJP solves Aᵀu = −v and
 * returns Bᵀu; a JVP solves A·ẋ = −B·θ̇. Each linear solve applies the {@link LinearSolver}'s failure
 * policy.
 *
 * @param <T> the hyperparameter type: {@link Tensor} or {@link dev.gradus.autodiff.Params}
 */
public final class LinearizedSolution<T> {
    private final Tensor xStar;
    private final Convergence status;
    private final T theta;
    private final Tensor[] thetaParts;
    private final ThetaCodec<T> codec;
    private final OptimalityCondition<T> condition;
    private final LinearSolver linearSolver;
    private Linearization linearization;
    private LinearSolveResult lastSolve;

    LinearizedSolution(Tensor xStar, Convergence status, T detachedTheta, ThetaCodec<T> codec,
            OptimalityCondition<T> condition, LinearSolver linearSolver) {
        this.xStar = xStar;
        this.status = status;
        this.theta = detachedTheta;
        this.thetaParts = codec.split(detachedTheta);
        this.codec = codec;
        this.condition = condition;
        this.linearSolver = linearSolver;
    }

    /** x*(θ), detached. */
    public Tensor solution() {
        return xStar;
    }

    /** How the inner solve ended (reason USER, 0 iterations, for a solver that reports no status or a given x*). */
    public Convergence status() {
        return status;
    }

    /** F(x*, θ), the optimality conditions at the solution. */
    public Tensor optimalityResidual() {
        return linearization().value().detach();
    }

    /**
     * The backward error of the optimality conditions at (x*, θ), ρ = ‖F‖ / (‖A‖·‖x*‖ + ‖A·x* − F‖):
     * the normwise relative residual (Rigal–Gaches) of the linearised system A·x = A·x* − F that x*
     * solves, so x* solves exactly a system perturbed by relative ρ. In [0, 1], unchanged when x or
     * F is rescaled, and 0 when F(x*, θ) = 0 exactly. ‖A‖ is estimated from below by ‖A·x*‖/‖x*‖
     * and three power iterations on AᵀA (four JVPs and two VJPs of F), which can only overstate ρ.
     */
    public double relativeResidual() {
        Tensor f = optimalityResidual().reshape(xStar.shape());
        double fn = f.norm().item();
        if (fn == 0) {
            return 0;
        }
        Tensor ax = a(xStar);
        double xn = xStar.norm().item();
        double normA = Math.max(xn > 0 ? ax.norm().item() / xn : 0, operatorNormEstimate(xn));
        return fn / (normA * xn + ax.sub(f).norm().item());
    }

    /** max ‖A·v‖ over unit vectors v of three power iterations on AᵀA, from x̂* plus a fixed random unit vector. */
    private double operatorNormEstimate(double xn) {
        Tensor r = Tensor.randn(1, xStar.shape()).to(xStar.dtype()).to(xStar.backend());
        Tensor v = xn > 0 ? xStar.div(xn).add(r.div(r.norm())) : r;
        double norm = 0;
        for (int k = 0; k < 3; k++) {
            double vn = v.norm().item();
            if (vn == 0) {
                break;
            }
            Tensor av = a(v.div(vn));
            norm = Math.max(norm, av.norm().item());
            v = aT(av);
        }
        return norm;
    }

    /** (∂x⋆/∂θ)ᵀ·v for a cotangent v shaped like x*. */
    public T vjp(Tensor cotangent) {
        return vjp(cotangent, null);
    }

    /**
     * (∂x⋆/∂θ)ᵀ·v with the backward solve Aᵀu = −v started from {@code adjointStart} (e.g. the
     * {@link #lastSolve()} solution of a nearby problem; null for zero).
     */
    public T vjp(Tensor cotangent, Tensor adjointStart) {
        checkShape("cotangent", xStar, cotangent);
        return codec.join(vjpParts(cotangent, adjointStart), theta);
    }

    /** (∂x⋆/∂θ)·θ̇, shaped like x*. */
    public Tensor jvp(T thetaDot) {
        Tensor[] dots = codec.split(thetaDot);
        if (dots.length != thetaParts.length) {
            throw new IllegalArgumentException("ImplicitDiff.jvp: tangent has " + dots.length + " tensors, θ has "
                    + thetaParts.length);
        }
        for (int i = 0; i < dots.length; i++) {
            checkShape("tangent", thetaParts[i], dots[i]);
        }
        return jvpParts(dots);
    }

    /**
     * ∂x⋆/∂θ: shaped {@code x*.shape ++ θ.shape} for a tensor θ, [x*.size, Σ sizes] for Params
     * (entries in order). Columns by JVPs or rows by VJPs, whichever needs fewer linear solves.
     */
    public Tensor jacobian() {
        int nx = xStar.size();
        int[] sizes = Arrays.stream(thetaParts).mapToInt(Tensor::size).toArray();
        int nt = Arrays.stream(sizes).sum();
        double[] j = new double[nx * nt];
        if (nt <= nx) {
            for (int c = 0; c < nt; c++) {
                double[] col = jvpParts(unitParts(c)).toDoubleArray();
                for (int r = 0; r < nx; r++) {
                    j[r * nt + c] = col[r];
                }
            }
        } else {
            double[] e = new double[nx];
            for (int r = 0; r < nx; r++) {
                e[r] = 1;
                Tensor[] row = vjpParts(Tensor.of(e, xStar.shape()), null);
                e[r] = 0;
                int offset = 0;
                for (Tensor part : row) {
                    double[] v = part.toDoubleArray();
                    System.arraycopy(v, 0, j, r * nt + offset, v.length);
                    offset += v.length;
                }
            }
        }
        Tensor m = Tensor.of(j, nx, nt);
        if (thetaParts.length == 1 && codec == ThetaCodec.TENSOR) {
            int[] shape = Arrays.copyOf(xStar.shape(), xStar.rank() + thetaParts[0].rank());
            System.arraycopy(thetaParts[0].shape(), 0, shape, xStar.rank(), thetaParts[0].rank());
            return m.reshape(shape);
        }
        return m;
    }

    /** The backward linear solve of the latest {@link #vjp} (null before the first). */
    public LinearSolveResult lastSolve() {
        return lastSolve;
    }

    /** Bᵀu with Aᵀu = −v, one cotangent per θ tensor. */
    Tensor[] vjpParts(Tensor cotangent, Tensor adjointStart) {
        LinearOperator aT = LinearOperator.of(this::aT, this::a);
        LinearSolveResult r = linearSolver.solveChecked(aT, cotangent.detach().reshape(xStar.shape()).neg(),
                adjointStart, "ImplicitDiff backward solve (Aᵀu = −v)");
        lastSolve = r;
        Tensor[] all = linearization().vjp(r.solution().reshape(outputShape()));
        Tensor[] parts = new Tensor[thetaParts.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = all[i + 1].detach();
        }
        return parts;
    }

    private Tensor jvpParts(Tensor[] dots) {
        Tensor bDot = Tensor.zeros(xStar.dtype(), xStar.shape());
        for (int i = 0; i < dots.length; i++) {
            bDot = bDot.add(linearization().jvp(i + 1, dots[i].detach()).detach().reshape(xStar.shape()));
        }
        LinearSolveResult r = linearSolver.solveChecked(LinearOperator.of(this::a, this::aT), bDot.neg(), null,
                "ImplicitDiff.jvp (solve A·ẋ = −B·θ̇)");
        return r.solution().reshape(xStar.shape());
    }

    /** A·w = (∂F/∂x)·w, shaped like x. */
    private Tensor a(Tensor w) {
        return linearization().jvp(0, w.reshape(xStar.shape())).detach().reshape(xStar.shape());
    }

    /** Aᵀ·u = (∂F/∂x)ᵀ·u, shaped like x. */
    private Tensor aT(Tensor u) {
        return linearization().vjp(0, u.reshape(outputShape())).detach().reshape(xStar.shape());
    }

    private int[] outputShape() {
        return linearization().value().shape();
    }

    /** F recorded once at (x*, θ) with x* and the θ tensors as inputs, on first use. */
    private Linearization linearization() {
        if (linearization == null) {
            Tensor[] inputs = new Tensor[thetaParts.length + 1];
            inputs[0] = xStar;
            System.arraycopy(thetaParts, 0, inputs, 1, thetaParts.length);
            Linearization lin = AD.linearizeMany(xs -> condition.residual(xs[0],
                    codec.join(Arrays.copyOfRange(xs, 1, xs.length), theta)), inputs);
            Tensor f = lin.value();
            if (f.size() != xStar.size()) {
                throw new IllegalArgumentException("optimality condition: F(x, θ) has " + f.size()
                        + " elements (shape " + Arrays.toString(f.shape()) + ") but x has " + xStar.size()
                        + " (shape " + Arrays.toString(xStar.shape()) + "); the system must be square");
            }
            linearization = lin;
        }
        return linearization;
    }

    /** The θ tangent that is 1 at flat position {@code index} and 0 elsewhere. */
    private Tensor[] unitParts(int index) {
        Tensor[] parts = new Tensor[thetaParts.length];
        int offset = 0;
        for (int i = 0; i < parts.length; i++) {
            int size = thetaParts[i].size();
            double[] v = new double[size];
            if (index >= offset && index < offset + size) {
                v[index - offset] = 1;
            }
            parts[i] = Tensor.of(v, thetaParts[i].shape());
            offset += size;
        }
        return parts;
    }

    private static void checkShape(String what, Tensor expected, Tensor actual) {
        if (actual == null || !Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalArgumentException("ImplicitDiff: " + what + " shape "
                    + (actual == null ? "null" : Arrays.toString(actual.shape())) + " must equal "
                    + Arrays.toString(expected.shape()));
        }
    }
}
