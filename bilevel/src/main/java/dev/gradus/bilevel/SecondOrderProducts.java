package dev.gradus.bilevel;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.OptimalityCondition;
import java.util.function.BiFunction;

/**
 * How the second-order products of the lower objective are taken: the Hessian-vector product
 * ∇²ᵧᵧg·v and the mixed product ∇²ₓᵧg·v = ∇ₓ⟨∇ᵧg(x, y), v⟩.
 *
 * <p>{@link #autodiff()} differentiates twice on the tape (exact). {@link #finiteDifference(double)}
 * takes central differences of first-order gradients along v (Betty's "darts" mode), for lower
 * objectives that are not twice differentiable on the tape; its error is O(h²) with
 * h = step · (1 + ‖y‖) / ‖v‖.
 */
public abstract class SecondOrderProducts {
    private SecondOrderProducts() {}

    /** ∇²ᵧᵧg(x, y)·v. */
    public abstract Params hessianYY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                     Params v);

    /** ∇²ₓᵧg(x, y)·v = ∇ₓ⟨∇ᵧg(x, y), v⟩, shaped like x. */
    public abstract Params mixedXY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                   Params v);

    /**
     * The stationarity conditions ∇ᵧg(x, y) = 0 of the flattened y (the optimality conditions
     * {@link Aid} differentiates), whose derivatives are this object's products: the VJP in y is
     * ∇²ᵧᵧg·u, the one in x is ∇²ₓᵧg·u, each a counted call of {@link #hessianYY} or {@link #mixedXY}.
     * The value ∇ᵧg itself is a constant of the recording.
     */
    OptimalityCondition<Params> stationarity(BiFunction<Params, Params, Tensor> g, Params yLike, Runnable count) {
        return (yFlat, x) -> {
            Params xd = x.detach();
            Params y = yLike.unflatten(yFlat.detach());
            Tensor value = AD.grad(yy -> g.apply(xd, yy), y).flatten().detach();
            Tensor zero = Tensor.zerosLike(value);
            Tensor viaY = AD.customVjp(yy -> zero, (in, out, u) -> {
                count.run();
                return hessianYY(g, xd, y, y.unflatten(u)).flatten();
            }).apply(yFlat);
            Tensor viaX = AD.customVjpMany(xs -> zero, (xs, out, u) -> {
                count.run();
                return mixedXY(g, xd, y, y.unflatten(u)).values().toArray(new Tensor[0]);
            }).apply(x.values().toArray(new Tensor[0]));
            return value.add(viaY).add(viaX);
        };
    }

    /** Exact products from the tape (reverse over reverse). */
    public static SecondOrderProducts autodiff() {
        return new SecondOrderProducts() {
            @Override
            public Params hessianYY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                    Params v) {
                return AD.hvp(yy -> g.apply(x, yy), y, v);
            }

            @Override
            public Params mixedXY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                  Params v) {
                return AD.grad(xx -> AD.grad(yy -> g.apply(xx, yy), y).dot(v), x);
            }

            @Override
            public String toString() {
                return "autodiff";
            }
        };
    }

    /**
     * Central finite differences of gradients along v with relative step {@code step}
     * (1e-5 is a good default for float64).
     */
    public static SecondOrderProducts finiteDifference(double step) {
        if (!(step > 0) || step >= 1) {
            throw new IllegalArgumentException("finiteDifference: step must be in (0, 1), got " + step);
        }
        return new SecondOrderProducts() {
            @Override
            public Params hessianYY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                    Params v) {
                double h = h(y, v);
                if (h == 0) {
                    return y.zerosLike();
                }
                Params plus = AD.grad(yy -> g.apply(x, yy), y.addScaled(h, v));
                Params minus = AD.grad(yy -> g.apply(x, yy), y.addScaled(-h, v));
                return plus.sub(minus).scale(1.0 / (2 * h));
            }

            @Override
            public Params mixedXY(BiFunction<Params, Params, Tensor> g, Params x, Params y,
                                  Params v) {
                double h = h(y, v);
                if (h == 0) {
                    return x.zerosLike();
                }
                Params yp = y.addScaled(h, v);
                Params ym = y.addScaled(-h, v);
                Params plus = AD.grad(xx -> g.apply(xx, yp), x);
                Params minus = AD.grad(xx -> g.apply(xx, ym), x);
                return plus.sub(minus).scale(1.0 / (2 * h));
            }

            private double h(Params y, Params v) {
                double nv = v.norm().item();
                return nv == 0 ? 0 : step * (1 + y.norm().item()) / nv;
            }

            @Override
            public String toString() {
                return "finiteDifference(" + step + ")";
            }
        };
    }
}
