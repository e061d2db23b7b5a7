package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.SolverResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PI-HC-MoE: the domain is split into K uniform blocks ({@link BlockDecomposition}); expert k
 * solves its own hard-constraint problem ({@link HardConstraintLayer}) from PDE rows at m points
 * resampled in its block every step plus the global initial- and boundary-condition rows, and
 * owns the solution u = b·ω_k on its block. With one block this is the global hard constraint
 * (PI-HC).
 *
 * <p><b>Parallel forward and backward.</b> The physics loss is a sum over the loss-grid points and
 * every point belongs to exactly one block, so L = Σ_k L_k(θ) where L_k depends on θ only through
 * expert k's basis fields and ω_k. Each worker therefore runs its own taped forward and backward,
 * {@code AD.valueAndGrad(L_k, θ)} — recording is thread-confined, and nothing crosses threads but
 * the immutable parameters in and the gradient out — and the caller sums the per-expert
 * gradients in block order (so the result does not depend on the thread count). The per-expert
 * backward is the layer's implicit VJP. Sample points are drawn from a Random seeded by (seed,
 * step, k).
 *
 * <p><b>Loss ({@link PhysicsLoss}).</b> By default the paper's: the assembled piecewise solution
 * at every node of the loss grid, differentiated by finite differences on the grid
 * ({@link FiniteDifferenceLoss}); stencils that straddle block edges couple neighbouring experts.
 * The backward stays per expert and parallel: L depends on θ only through the nodal values
 * u_k(θ) = b(nodes_k; θ)·ω_k(θ) of each expert's own nodes, so a first parallel pass records every
 * expert's solve and nodal values on its own tape and keeps the pullback, the caller forms L(u)
 * and ū = ∂L/∂u on a small tape, and a second parallel pass pulls ū_k back to θ per expert (one
 * forward pass per step; a pullback may run on another worker thread, after its tape has closed).
 *
 * <p>The alternative {@link PhysicsLoss#exactWithInterfaces(double)} (beyond the paper) uses
 * exact derivatives of each expert at its own points; nothing then couples the experts, and on a
 * parabolic problem an interior expert can satisfy its PDE rows with wrong lateral values. Its
 * interface term w·(mean (u_k − u_k')² + mean (∂ₓu_k − ∂ₓu_k')² on x-edges) restores a coupling
 * with the same two-pass scheme (untaped interface values, then ⟨cotangent, u_k⟩ added to expert
 * k's loss).
 *
 * <p>Holds a thread pool when {@code threads > 1}: {@link #close()} it.
 */
public final class MixtureOfExperts implements PhysicsModel, AutoCloseable {
    private final PdeProblem problem;
    private final BasisNetwork network;
    private final HardConstraintLayer layer;
    private final BlockDecomposition blocks;
    private final LossGrid grid;
    private final int pointsPerExpert;
    private final long seed;
    private final PhysicsLoss loss;
    private final ConditionRows conditionRows;
    private final FiniteDifferenceLoss differences;
    private final int[][] nodesOf;
    private final BlockInterfaces interfaces;
    private final double interfaceWeight;
    private final ExecutorService pool;
    private final int[][] interiorOf;
    private final int[][] initialOf;
    private final int[][] leftOf;
    private final int[][] rightOf;
    private final Tensor[] warmStarts;
    private final SolverResult[] statuses;
    private SolveStatistics statistics = SolveStatistics.NONE;

    /**
     * The paper's PI-HC-MoE: finite-difference loss on the full grid ({@link PhysicsLoss#finiteDifferences()}).
     *
     * @param problem the PDE
     * @param network the basis network
     * @param layer the hard-constraint layer
     * @param blocks the decomposition (K = blocks.size() experts)
     * @param grid the loss grid; its initial and boundary lines are also every expert's IC/BC rows
     * @param pointsPerExpert m, PDE rows sampled per expert and step
     * @param threads worker threads (1 = run on the caller thread)
     * @param seed seed of the point sampling
     */
    public MixtureOfExperts(PdeProblem problem, BasisNetwork network, HardConstraintLayer layer,
            BlockDecomposition blocks, LossGrid grid, int pointsPerExpert, int threads, long seed) {
        this(problem, network, layer, blocks, grid, pointsPerExpert, threads, PhysicsLoss.finiteDifferences(), seed);
    }

    /**
     * @param problem the PDE
     * @param network the basis network
     * @param layer the hard-constraint layer
     * @param blocks the decomposition (K = blocks.size() experts)
     * @param grid the loss grid; its initial and boundary lines are also every expert's IC/BC rows
     * @param pointsPerExpert m, PDE rows sampled per expert and step
     * @param threads worker threads (1 = run on the caller thread)
     * @param loss how the training loss is evaluated
     * @param seed seed of the point sampling
     */
    public MixtureOfExperts(PdeProblem problem, BasisNetwork network, HardConstraintLayer layer,
            BlockDecomposition blocks, LossGrid grid, int pointsPerExpert, int threads, PhysicsLoss loss,
            long seed) {
        this(problem, network, layer, blocks, grid, pointsPerExpert, threads, loss, ConditionRows.GLOBAL, seed);
    }

    /**
     * @param problem the PDE
     * @param network the basis network
     * @param layer the hard-constraint layer
     * @param blocks the decomposition (K = blocks.size() experts)
     * @param grid the loss grid; its initial and boundary lines give the experts' IC/BC rows
     * @param pointsPerExpert m, PDE rows sampled per expert and step
     * @param threads worker threads (1 = run on the caller thread)
     * @param loss how the training loss is evaluated
     * @param conditionRows whether every expert fits the global IC/BC rows or only those in its block
     * @param seed seed of the point sampling
     * @throws IllegalArgumentException if the blocks or the loss grid do not cover exactly the
     *         problem's domain, or an expert's block holds no loss-grid node (the message names the
     *         expert and its block)
     */
    public MixtureOfExperts(PdeProblem problem, BasisNetwork network, HardConstraintLayer layer,
            BlockDecomposition blocks, LossGrid grid, int pointsPerExpert, int threads, PhysicsLoss loss,
            ConditionRows conditionRows, long seed) {
        if (problem == null || network == null || layer == null || blocks == null || grid == null || loss == null
                || conditionRows == null) {
            throw new IllegalArgumentException(
                    "MixtureOfExperts: problem, network, layer, blocks, grid, loss and conditionRows must be non-null");
        }
        if (pointsPerExpert < 1) {
            throw new IllegalArgumentException("MixtureOfExperts: pointsPerExpert must be ≥ 1, got " + pointsPerExpert);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("MixtureOfExperts: threads must be ≥ 1, got " + threads);
        }
        this.problem = problem;
        this.network = network;
        this.layer = layer;
        this.blocks = blocks;
        this.grid = grid;
        this.pointsPerExpert = pointsPerExpert;
        this.seed = seed;
        this.loss = loss;
        this.conditionRows = conditionRows;
        this.differences = loss.finiteDifference()
                ? new FiniteDifferenceLoss(problem, grid, loss.nestedSecondDifference()) : null;
        this.nodesOf = blocks.partition(grid.nodes());
        checkCoverage(problem, blocks, grid, nodesOf);
        this.interfaceWeight = loss.interfaceWeight();
        this.interfaces = blocks.size() > 1 && interfaceWeight > 0 ? BlockInterfaces.of(blocks, grid) : null;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "moe-expert");
            t.setDaemon(true);
            return t;
        });
        this.interiorOf = blocks.partition(grid.interior());
        this.initialOf = blocks.partition(grid.initial());
        this.leftOf = blocks.partition(grid.left());
        this.rightOf = blocks.partition(grid.right());
        this.warmStarts = new Tensor[blocks.size()];
        this.statuses = new SolverResult[blocks.size()];
    }

    /**
     * The blocks and the loss grid must cover exactly the problem's domain (no gaps, no overhang;
     * blocks never overlap), and every expert must own at least one loss-grid node: an expert
     * without one would be solved and trained on nothing.
     */
    private static void checkCoverage(PdeProblem problem, BlockDecomposition blocks, LossGrid grid, int[][] nodesOf) {
        if (!blocks.domain().equals(problem.domain())) {
            throw new IllegalArgumentException("MixtureOfExperts: the blocks decompose " + blocks.domain()
                    + " but the problem's domain is " + problem.domain()
                    + "; they must cover it exactly (no gaps, no overhang)");
        }
        if (!grid.domain().equals(problem.domain())) {
            throw new IllegalArgumentException("MixtureOfExperts: the loss grid covers " + grid.domain()
                    + " but the problem's domain is " + problem.domain());
        }
        for (int k = 0; k < nodesOf.length; k++) {
            if (nodesOf[k].length == 0) {
                throw new IllegalArgumentException("MixtureOfExperts: expert " + k + " (block " + blocks.block(k)
                        + ") owns none of the " + grid.nx() + " × " + grid.nt() + " loss-grid nodes; use fewer "
                        + "blocks (" + blocks.blocksX() + " × " + blocks.blocksT() + " now) or a finer grid");
            }
        }
    }

    @Override
    public String name() {
        String base = blocks.size() == 1 ? "PI-HC"
                : "PI-HC-MoE (K=" + blocks.size() + ", " + blocks.blocksX() + "x" + blocks.blocksT() + " in x, t)";
        if (conditionRows == ConditionRows.BLOCK_LOCAL && blocks.size() > 1) {
            base += " [block-local IC/BC]";
        }
        if (!loss.finiteDifference()) {
            return base + " [exact derivatives + interfaces]";
        }
        return loss.nestedSecondDifference() ? base : base + " [3-point u_xx]";
    }

    @Override
    public PdeProblem problem() {
        return problem;
    }

    public int experts() {
        return blocks.size();
    }

    public BlockDecomposition blocks() {
        return blocks;
    }

    @Override
    public Params init(long initSeed) {
        return network.init(initSeed);
    }

    /** The inner-solve status of each expert at the latest loss or prediction. */
    public List<SolverResult> lastStatuses() {
        return List.of(statuses.clone());
    }

    /** Counts of all inner solves so far (training and prediction). */
    public synchronized SolveStatistics solveStatistics() {
        return statistics;
    }

    /**
     * Rows of expert k's least-squares system at every step: its m sampled PDE rows plus the
     * initial- and boundary-condition rows it fits (all of them, or those in its block). The
     * system has {@link #basisSize()} unknowns (and as many ridge rows).
     */
    public int systemRows(int k) {
        if (k < 0 || k >= blocks.size()) {
            throw new IllegalArgumentException("MixtureOfExperts: expert must be in [0, " + blocks.size() + "), got " + k);
        }
        if (conditionRows == ConditionRows.BLOCK_LOCAL) {
            return pointsPerExpert + initialOf[k].length + leftOf[k].length + rightOf[k].length;
        }
        return pointsPerExpert + grid.initial().dim(0) + grid.left().dim(0) + grid.right().dim(0);
    }

    /** N, the unknowns of every expert's system (the basis functions). */
    public int basisSize() {
        return network.basisSize();
    }

    /** Which initial- and boundary-condition rows each expert solves with. */
    public ConditionRows conditionRows() {
        return conditionRows;
    }

    /** How the training loss is evaluated. */
    public PhysicsLoss loss() {
        return loss;
    }

    @Override
    public LossAndGrad lossAndGrad(Params params, long step) {
        return differences != null ? finiteDifferenceLossAndGrad(params, step) : exactLossAndGrad(params, step);
    }

    /**
     * The paper's loss in two parallel passes: each expert records its nodal values u_k(θ) and keeps
     * the pullback; the caller forms L(u) and ū = ∂L/∂u; each expert pulls ū_k back to θ.
     */
    private LossAndGrad finiteDifferenceLossAndGrad(Params params, long step) {
        List<Callable<AD.Pullback<Params>>> forward = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            int expert = k;
            forward.add(() -> AD.vjp(p -> nodeValues(p, solveExpert(p, expert, step).omega(), expert), params));
        }
        List<AD.Pullback<Params>> pullbacks = run(forward);
        double[] u = new double[grid.nodes().dim(0)];
        for (int k = 0; k < pullbacks.size(); k++) {
            double[] v = pullbacks.get(k).value().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                u[nodesOf[k][i]] = v[i];
            }
        }
        AD.ValueAndGrad<Tensor> outer = AD.valueAndGrad(differences::loss, Tensor.of(u));
        Tensor uBar = outer.grad();
        List<Callable<Params>> backward = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            AD.Pullback<Params> pullback = pullbacks.get(k);
            Tensor cotangent = uBar.index(0, nodesOf[k]);
            backward.add(() -> pullback.apply(cotangent));
        }
        Params grad = null;
        for (Params g : run(backward)) {
            grad = grad == null ? g : grad.add(g);
        }
        return new LossAndGrad(outer.value().item(), grad);
    }

    /** u_k = b·ω_k at expert k's own loss-grid nodes. */
    private Tensor nodeValues(Params p, Tensor omega, int k) {
        Tensor nodes = grid.nodes().index(0, nodesOf[k]);
        return network.values(p, nodes).values().matmul(omega.reshape(omega.size(), 1)).reshape(-1);
    }

    private LossAndGrad exactLossAndGrad(Params params, long step) {
        Tensor[][] cotangents = new Tensor[blocks.size()][];
        double interfaceLoss = 0;
        if (interfaces != null) {
            List<Callable<Tensor[]>> probes = new ArrayList<>();
            for (int k = 0; k < blocks.size(); k++) {
                int expert = k;
                probes.add(() -> interfaceValues(params.detach(), expert, step));
            }
            BlockInterfaces.Coupling c = interfaces.couple(run(probes), interfaceWeight);
            interfaceLoss = c.loss();
            cotangents = c.cotangents();
        }
        Tensor[][] cot = cotangents;
        List<Callable<AD.ValueGradAux<Params, Double>>> jobs = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            int expert = k;
            jobs.add(() -> AD.valueAndGradWithAux(p -> expertLoss(p, expert, step, cot[expert]), params));
        }
        double loss = interfaceLoss;
        Params grad = null;
        for (AD.ValueGradAux<Params, Double> part : run(jobs)) {
            loss += part.aux();
            grad = grad == null ? part.grad() : grad.add(part.grad());
        }
        return new LossAndGrad(loss, grad);
    }

    /** Expert k's solution on its block at the constraint points of {@code step}. */
    public ConstraintSolution solveExpert(Params params, int k, long step) {
        ConstraintSet rows = constraintRows(params, k, step, network.fields(params, grid.initial()),
                network.fields(params, grid.left()), network.fields(params, grid.right()));
        ConstraintSolution s = layer.solve(problem, rows, warmStarts[k]);
        record(k, s);
        return s;
    }

    /** The assembled piecewise solution; every expert solves at the fixed inference sample. */
    @Override
    public Tensor predict(Params params, Tensor points) {
        Params fixed = params.detach();
        int[][] owned = blocks.partition(points);
        List<Callable<Tensor>> jobs = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            int expert = k;
            jobs.add(() -> {
                if (owned[expert].length == 0) {
                    return null;
                }
                Tensor omega = solveExpert(fixed, expert, -1).omega().detach();
                Tensor mine = points.index(0, owned[expert]);
                return network.values(fixed, mine).values().matmul(omega.reshape(omega.size(), 1)).reshape(-1);
            });
        }
        List<Tensor> parts = run(jobs);
        double[] out = new double[points.dim(0)];
        for (int k = 0; k < parts.size(); k++) {
            if (parts.get(k) != null) {
                double[] v = parts.get(k).toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    out[owned[k][i]] = v[i];
                }
            }
        }
        return Tensor.of(out);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * Expert k's share of the physics loss (the aux) and, as the differentiated value, that share
     * plus ⟨c, u_k⟩ + ⟨c_x, ∂ₓu_k⟩ at the interface points with the constant cotangents of the
     * interface term, so that the summed gradients are those of the full loss.
     */
    private AD.WithAux<Double> expertLoss(Params p, int k, long step, Tensor[] cotangent) {
        BasisFields initial = network.fields(p, grid.initial());
        BasisFields left = network.fields(p, grid.left());
        BasisFields right = network.fields(p, grid.right());
        ConstraintSolution s = layer.solve(problem, constraintRows(p, k, step, initial, left, right), warmStarts[k]);
        record(k, s);
        Tensor w = s.omega().reshape(s.omega().size(), 1);
        Tensor loss = Tensor.scalar(0.0);
        if (interiorOf[k].length > 0) {
            BasisFields f = network.fields(p, grid.interior().index(0, interiorOf[k]));
            loss = loss.add(problem.pdeResidual(f, w).square().sum().div(grid.interior().dim(0)));
        }
        if (initialOf[k].length > 0) {
            loss = loss.add(problem.initialResidual(rows(initial, initialOf[k]), w).square().sum()
                    .div(grid.initial().dim(0)));
        }
        if (leftOf[k].length > 0) {
            loss = loss.add(problem.leftResidual(rows(left, leftOf[k]), w).square().sum().div(grid.boundaryCount()));
        }
        if (rightOf[k].length > 0) {
            loss = loss.add(problem.rightResidual(rows(right, rightOf[k]), w).square().sum()
                    .div(grid.boundaryCount()));
        }
        double own = loss.item();
        if (cotangent != null) {
            BasisFields f = network.fields(p, interfaces.points());
            loss = loss.add(f.values().matmul(w).reshape(-1).mul(cotangent[0]).sum())
                    .add(f.dx().matmul(w).reshape(-1).mul(cotangent[1]).sum());
        }
        return new AD.WithAux<>(loss, own);
    }

    /** u_k and ∂ₓu_k of expert k at all interface points (no gradient). */
    private Tensor[] interfaceValues(Params p, int k, long step) {
        ConstraintSolution s = solveExpert(p, k, step);
        Tensor w = s.omega().detach().reshape(s.omega().size(), 1);
        BasisFields f = network.fields(p, interfaces.points());
        return new Tensor[] {f.values().matmul(w).reshape(-1), f.dx().matmul(w).reshape(-1)};
    }

    private ConstraintSet constraintRows(Params p, int k, long step, BasisFields initial, BasisFields left,
            BasisFields right) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + step * 1_000_003L + k);
        Tensor sample = Grid.sample(blocks.block(k), pointsPerExpert, random);
        if (conditionRows == ConditionRows.BLOCK_LOCAL) {
            return new ConstraintSet(network.fields(p, sample), rows(initial, initialOf[k]), rows(left, leftOf[k]),
                    rows(right, rightOf[k]));
        }
        return new ConstraintSet(network.fields(p, sample), initial, left, right);
    }

    private void record(int k, ConstraintSolution s) {
        synchronized (this) {
            statistics = statistics.plus(Math.toIntExact(s.status().iterations()), s.status().converged());
        }
        statuses[k] = s.status();
        if (s.status().converged()) {
            warmStarts[k] = s.omega().detach();
        }
    }

    private static BasisFields rows(BasisFields f, int[] index) {
        return new BasisFields(f.points().index(0, index), f.values().index(0, index), sub(f.dx(), index),
                sub(f.dt(), index), sub(f.dxx(), index));
    }

    private static Tensor sub(Tensor t, int[] index) {
        return t == null ? null : t.index(0, index);
    }

    private <T> List<T> run(List<Callable<T>> jobs) {
        List<T> out = new ArrayList<>();
        try {
            if (pool == null) {
                for (Callable<T> job : jobs) {
                    out.add(job.call());
                }
                return out;
            }
            for (Future<T> f : pool.invokeAll(jobs)) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("MixtureOfExperts: an expert failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("MixtureOfExperts: interrupted while waiting for the experts", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("MixtureOfExperts: an expert failed", e);
        }
    }
}
