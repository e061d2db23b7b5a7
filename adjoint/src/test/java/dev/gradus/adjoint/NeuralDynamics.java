package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/** A small time-dependent MLP vector field for tests: f = W2·tanh(W1·z + b1 + t·c) + b2. */
final class NeuralDynamics {
    private NeuralDynamics() {}

    static final Dynamics FIELD = (t, z, p) -> {
        Tensor h = p.get("w1").matmul(z).add(p.get("b1")).add(p.get("c").mul(t)).tanh();
        return p.get("w2").matmul(h).add(p.get("b2"));
    };

    static Params params(int hidden, long seed) {
        return Params.builder()
                .put("w1", Tensor.randn(seed, hidden, 2).mul(0.8))
                .put("b1", Tensor.randn(seed + 1, hidden).mul(0.1))
                .put("c", Tensor.randn(seed + 2, hidden).mul(0.3))
                .put("w2", Tensor.randn(seed + 3, 2, hidden).mul(0.8 / Math.sqrt(hidden)))
                .put("b2", Tensor.randn(seed + 4, 2).mul(0.1))
                .build();
    }
}
