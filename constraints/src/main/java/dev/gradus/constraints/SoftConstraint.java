package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * PI-SC, the soft-constraint baseline on the same basis network: u = b·ω with ω a trained
 * parameter ({@code "omega"}, no inner solve) and the same physics loss as the hard-constrained
 * models (PDE, initial and boundary residuals on the {@link LossGrid} as penalties; by default
 * with finite-difference derivatives, {@link PhysicsLoss}).
 */
public final class SoftConstraint implements PhysicsModel {
    private final PdeProblem problem;
    private final BasisNetwork network;
    private final LossGrid grid;
    private final FiniteDifferenceLoss differences;

    /** The paper's setting: the finite-difference loss on the full grid. */
    public SoftConstraint(PdeProblem problem, BasisNetwork network, LossGrid grid) {
        this(problem, network, grid, PhysicsLoss.finiteDifferences());
    }

    /**
     * @param problem the PDE
     * @param network the basis network
     * @param grid the loss grid
     * @param loss finite differences of the nodal values or exact derivatives (the interface weight
     *        has no meaning for a single global ω and must be 0)
     */
    public SoftConstraint(PdeProblem problem, BasisNetwork network, LossGrid grid, PhysicsLoss loss) {
        if (problem == null || network == null || grid == null || loss == null) {
            throw new IllegalArgumentException("SoftConstraint: problem, network, grid and loss must be non-null");
        }
        if (loss.interfaceWeight() != 0) {
            throw new IllegalArgumentException("SoftConstraint: one global solution has no interfaces, got "
                    + "interfaceWeight " + loss.interfaceWeight());
        }
        this.problem = problem;
        this.network = network;
        this.grid = grid;
        this.differences = loss.finiteDifference()
                ? new FiniteDifferenceLoss(problem, grid, loss.nestedSecondDifference()) : null;
    }

    @Override
    public String name() {
        return "PI-SC";
    }

    @Override
    public PdeProblem problem() {
        return problem;
    }

    @Override
    public Params init(long seed) {
        int n = network.basisSize();
        return Params.builder().putAll("", network.init(seed))
                .put("omega", Tensor.randn(seed + 1, n).mul(1.0 / Math.sqrt(n))).build();
    }

    @Override
    public LossAndGrad lossAndGrad(Params params, long step) {
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(this::loss, params);
        return new LossAndGrad(vg.value().item(), vg.grad());
    }

    @Override
    public Tensor predict(Params params, Tensor points) {
        Tensor w = params.get("omega");
        return network.values(params, points).values().matmul(w.reshape(w.size(), 1)).reshape(-1).detach();
    }

    private Tensor loss(Params p) {
        Tensor w = p.get("omega");
        Tensor col = w.reshape(w.size(), 1);
        if (differences != null) {
            return differences.loss(network.values(p, grid.nodes()).values().matmul(col).reshape(-1));
        }
        Tensor pde = problem.pdeResidual(network.fields(p, grid.interior()), col).square().mean();
        Tensor ic = problem.initialResidual(network.fields(p, grid.initial()), col).square().mean();
        Tensor bc = problem.leftResidual(network.fields(p, grid.left()), col).square().sum()
                .add(problem.rightResidual(network.fields(p, grid.right()), col).square().sum())
                .div(grid.boundaryCount());
        return pde.add(ic).add(bc);
    }
}
