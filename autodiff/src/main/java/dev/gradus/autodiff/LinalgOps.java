package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Shapes;
import java.util.Arrays;

/** Products and dense linear algebra with their VJPs. */
final class LinalgOps {
    private LinalgOps() {}

    static Tensor matmul(Tensor x, Tensor y) {
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have rank ≥ 1, got shapes "
                    + Arrays.toString(x.shapeRef()) + " and " + Arrays.toString(y.shapeRef()));
        }
        if (x.rank() == 1 && y.rank() == 1) {
            return dot(x, y);
        }
        if (x.rank() == 1) {
            return matmul(x.unsqueeze(0), y).squeeze(-2);
        }
        if (y.rank() == 1) {
            return matmul(x, y.unsqueeze(1)).squeeze(-1);
        }
        ElementwiseOps.checkBackend("matmul", x, y);
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        if (xs[xs.length - 1] != ys[ys.length - 2]) {
            throw new IllegalArgumentException("matmul: inner dimensions differ for shapes " + Arrays.toString(xs)
                    + " and " + Arrays.toString(ys));
        }
        int[] batch = Shapes.broadcastOrNull(Arrays.copyOf(xs, xs.length - 2), Arrays.copyOf(ys, ys.length - 2));
        if (batch == null) {
            throw new IllegalArgumentException("matmul: the batch axes of shapes " + Arrays.toString(xs) + " and "
                    + Arrays.toString(ys) + " cannot be broadcast together");
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = xs[xs.length - 2];
        shape[batch.length + 1] = ys[ys.length - 1];
        DType dt = DType.promote(x.dtype(), y.dtype());
        ShapeOps.ensureRoom("matmul", x.backend(), dt, shape);
        Tensor out = new Tensor(x.backend(), dt, shape, x.backend().matmul(x, y, shape, dt));
        if (xs.length == 2 && ys.length == 2) {
            return Recorder.record("matmul", out, x, y, (g, i) -> i == 0
                    ? matmulTransposed(g, false, y, true)
                    : matmulTransposed(x, true, g, false));
        }
        return Recorder.record("matmul", out, x, y, (g, i) -> i == 0
                ? g.matmul(y.transpose()).sumTo(xs)
                : x.transpose().matmul(g).sumTo(ys));
    }

    /**
     * {@code op(x)·op(y)} for two matrices, where {@code op} transposes the operands flagged: the
     * products of the matmul VJP. A backend with the {@link TransposedMatmul} capability multiplies
     * the stored operands directly; otherwise a materialised transpose is multiplied. Recorded with
     * its own VJP (products of the same form), so gradients of gradients work.
     */
    static Tensor matmulTransposed(Tensor x, boolean tx, Tensor y, boolean ty) {
        TransposedMatmul fused = x.backend().capability(TransposedMatmul.class);
        if (fused == null || y.backend() != x.backend()) {
            return (tx ? x.transpose() : x).matmul(ty ? y.transpose() : y);
        }
        Tensor out = fused.matmul(x, tx, y, ty);
        // C = op(X)·op(Y): dop(X) = G·op(Y)ᵀ and dop(Y) = op(X)ᵀ·G, transposed back where op transposes.
        return Recorder.record("matmul", out, x, y, (g, i) -> i == 0
                ? (tx ? matmulTransposed(y, ty, g, true) : matmulTransposed(g, false, y, !ty))
                : (ty ? matmulTransposed(g, true, x, tx) : matmulTransposed(x, !tx, g, false)));
    }

    static Tensor dot(Tensor x, Tensor y) {
        if (x.rank() != 1 || y.rank() != 1 || x.size() != y.size()) {
            throw new IllegalArgumentException("dot: needs two vectors of equal length, got shapes "
                    + Arrays.toString(x.shapeRef()) + " and " + Arrays.toString(y.shapeRef()));
        }
        return x.mul(y).sum();
    }

    static Tensor outer(Tensor x, Tensor y) {
        if (x.rank() != 1 || y.rank() != 1) {
            throw new IllegalArgumentException("outer: needs two vectors, got shapes "
                    + Arrays.toString(x.shapeRef()) + " and " + Arrays.toString(y.shapeRef()));
        }
        return x.unsqueeze(1).mul(y.unsqueeze(0));
    }

    private static int square(String op, Tensor a) {
        int[] s = a.shapeRef();
        if (s.length != 2 || s[0] != s[1]) {
            throw new IllegalArgumentException(op + ": needs a square matrix, got shape " + Arrays.toString(s));
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException(op + ": the matrix is empty");
        }
        return s[0];
    }

    /** The right-hand side as a matrix, checked against an n×n system. */
    private static Tensor rhs(String op, Tensor a, Tensor b, int n) {
        ElementwiseOps.checkBackend(op, a, b);
        int[] s = b.shapeRef();
        if ((s.length != 1 && s.length != 2) || s[0] != n) {
            throw new IllegalArgumentException(op + ": right-hand side of shape " + Arrays.toString(s)
                    + " does not fit a matrix of shape " + Arrays.toString(a.shapeRef()));
        }
        return s.length == 1 ? b.unsqueeze(1) : b;
    }

    static Tensor solve(Tensor a, Tensor b) {
        int n = square("solve", a);
        Tensor b2 = rhs("solve", a, b, n);
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor x = new Tensor(a.backend(), dt, b.shapeRef(), a.backend().solve(a, b2.detach()));
        return Recorder.record("solve", x, a, b, (g, i) -> {
            Tensor gb = a.transpose().solve(g);
            if (i == 1) {
                return gb;
            }
            return b.rank() == 1 ? gb.outer(x).neg() : gb.matmul(x.transpose()).neg();
        });
    }

    static Tensor triangularSolve(Tensor t, Tensor b, boolean lower) {
        int n = square("triangularSolve", t);
        Tensor b2 = rhs("triangularSolve", t, b, n);
        DType dt = DType.promote(t.dtype(), b.dtype());
        Tensor x = new Tensor(t.backend(), dt, b.shapeRef(), t.backend().triangularSolve(t, b2.detach(), lower));
        return Recorder.record("triangularSolve", x, t, b, (g, i) -> {
            Tensor gb = t.transpose().triangularSolve(g, !lower);
            if (i == 1) {
                return gb;
            }
            Tensor full = b.rank() == 1 ? gb.outer(x) : gb.matmul(x.transpose());
            return full.mul(triangleMask(t, n, lower, 1.0)).neg();
        });
    }

    /** 1 on the (lower or upper) triangle, {@code diagonal} on the diagonal, 0 elsewhere. */
    private static Tensor triangleMask(Tensor like, int n, boolean lower, double diagonal) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = i == j ? diagonal : (lower ? i > j : i < j) ? 1.0 : 0.0;
            }
        }
        return Tensor.fromStorage(like.backend(), like.dtype(), new int[] {n, n}, like.backend().fromDoubles(m, like.dtype()));
    }

    /** Cholesky factor; the VJP (Murray 2016) returns a symmetric cotangent, as PyTorch does. */
    static Tensor cholesky(Tensor a) {
        int n = square("cholesky", a);
        Tensor l = new Tensor(a.backend(), a.dtype(), a.shapeRef(), a.backend().cholesky(a));
        return Recorder.record("cholesky", l, a, (g, i) -> {
            Tensor lt = l.transpose();
            Tensor phi = lt.matmul(g).mul(triangleMask(l, n, true, 0.5));
            Tensor left = lt.triangularSolve(phi, false);
            Tensor s = lt.triangularSolve(left.transpose(), false).transpose();
            return s.add(s.transpose()).mul(0.5);
        });
    }

    static Tensor inverse(Tensor a) {
        square("inverse", a);
        Tensor y = new Tensor(a.backend(), a.dtype(), a.shapeRef(), a.backend().inverse(a));
        return Recorder.record("inverse", y, a, (g, i) -> {
            Tensor yt = y.transpose();
            return yt.matmul(g).matmul(yt).neg();
        });
    }

    static Tensor det(Tensor a) {
        square("det", a);
        double[] sl = a.backend().slogdet(a);
        Tensor d = a.constant(sl[0] * Math.exp(sl[1]));
        return Recorder.record("det", d, a, (g, i) -> g.mul(d).mul(a.inverse().transpose()));
    }

    static Tensor logdet(Tensor a) {
        square("logdet", a);
        double[] sl = a.backend().slogdet(a);
        if (sl[0] == 0) {
            throw new ArithmeticException("logdet: the matrix is singular");
        }
        return Recorder.record("logdet", a.constant(sl[1]), a, (g, i) -> g.mul(a.inverse().transpose()));
    }

    static Tensor diag(Tensor x) {
        if (x.rank() == 1) {
            int n = x.size();
            return Tensor.eye(n).to(x.backend()).to(x.dtype()).mul(x.unsqueeze(0));
        }
        if (x.rank() != 2) {
            throw new IllegalArgumentException("diag: needs a vector or a matrix, got shape "
                    + Arrays.toString(x.shapeRef()));
        }
        int rows = x.shapeRef()[0];
        int cols = x.shapeRef()[1];
        int[] idx = new int[Math.min(rows, cols)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i * (cols + 1);
        }
        return x.reshape(rows * cols).index(0, idx);
    }

    static Tensor trace(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("trace: needs a matrix, got shape " + Arrays.toString(x.shapeRef()));
        }
        return diag(x).sum();
    }
}
