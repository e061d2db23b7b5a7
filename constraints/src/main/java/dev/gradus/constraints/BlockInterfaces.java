package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss-grid points on the interior edges of a {@link BlockDecomposition} with the two experts
 * meeting at each, and the interface-continuity term of {@link MixtureOfExperts}.
 */
final class BlockInterfaces {
    private final Tensor points;
    private final int[] lower;
    private final int[] upper;
    private final boolean[] flux;
    private final int experts;

    private BlockInterfaces(Tensor points, int[] lower, int[] upper, boolean[] flux, int experts) {
        this.points = points;
        this.lower = lower;
        this.upper = upper;
        this.flux = flux;
        this.experts = experts;
    }

    /** The interface term's value and per-expert cotangents for u_k and ∂ₓu_k at {@link #points()}. */
    record Coupling(double loss, Tensor[][] cotangents) {
    }

    static BlockInterfaces of(BlockDecomposition blocks, LossGrid grid) {
        Domain d = grid.domain();
        double[] ts = grid.left().slice(1, 1, 2).toDoubleArray();
        double[] xs = grid.initial().slice(1, 0, 1).toDoubleArray();
        double ex = 1e-9 * d.width();
        double et = 1e-9 * d.duration();
        List<double[]> pts = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        List<Boolean> fluxes = new ArrayList<>();
        for (int j = 1; j < blocks.blocksX(); j++) {
            double x = d.x0() + d.width() * j / blocks.blocksX();
            for (double t : ts) {
                pts.add(new double[] {x, t});
                owners.add(new int[] {blocks.blockOf(x - ex, t), blocks.blockOf(x + ex, t)});
                fluxes.add(true);
            }
        }
        for (int j = 1; j < blocks.blocksT(); j++) {
            double t = d.t0() + d.duration() * j / blocks.blocksT();
            for (double x : xs) {
                pts.add(new double[] {x, t});
                owners.add(new int[] {blocks.blockOf(x, t - et), blocks.blockOf(x, t + et)});
                fluxes.add(false);
            }
        }
        int q = pts.size();
        double[] data = new double[2 * q];
        int[] lo = new int[q];
        int[] up = new int[q];
        boolean[] fl = new boolean[q];
        for (int i = 0; i < q; i++) {
            data[2 * i] = pts.get(i)[0];
            data[2 * i + 1] = pts.get(i)[1];
            lo[i] = owners.get(i)[0];
            up[i] = owners.get(i)[1];
            fl[i] = fluxes.get(i);
        }
        return new BlockInterfaces(Tensor.of(data, q, 2), lo, up, fl, blocks.size());
    }

    Tensor points() {
        return points;
    }

    /**
     * @param values per expert {u_k, ∂ₓu_k} at the interface points
     * @param weight w
     */
    Coupling couple(List<Tensor[]> values, double weight) {
        int q = lower.length;
        double[][] u = new double[experts][];
        double[][] ux = new double[experts][];
        for (int k = 0; k < experts; k++) {
            u[k] = values.get(k)[0].toDoubleArray();
            ux[k] = values.get(k)[1].toDoubleArray();
        }
        double[][] cu = new double[experts][q];
        double[][] cux = new double[experts][q];
        double loss = 0;
        double scale = weight / q;
        for (int i = 0; i < q; i++) {
            double d = u[lower[i]][i] - u[upper[i]][i];
            loss += scale * d * d;
            cu[lower[i]][i] += 2 * scale * d;
            cu[upper[i]][i] -= 2 * scale * d;
            if (flux[i]) {
                double dx = ux[lower[i]][i] - ux[upper[i]][i];
                loss += scale * dx * dx;
                cux[lower[i]][i] += 2 * scale * dx;
                cux[upper[i]][i] -= 2 * scale * dx;
            }
        }
        Tensor[][] out = new Tensor[experts][];
        for (int k = 0; k < experts; k++) {
            out[k] = new Tensor[] {Tensor.of(cu[k]), Tensor.of(cux[k])};
        }
        return new Coupling(loss, out);
    }
}
