package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.normal;
import static dev.gradus.autodiff.TestInputs.relError;
import static dev.gradus.autodiff.TestInputs.uniform;
import static dev.gradus.autodiff.TestInputs.wellConditioned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Float32 tensors agree with float64 within 1e-5 relative error (‖a − b‖∞ / ‖b‖∞) in values and
 * gradients. Both runs start from the same float32-representable input, so the difference measures
 * the float32 computation only; float32 inputs give float32 outputs and gradients.
 */
class Float32Test {
    private static final double TOLERANCE = 1e-5;
    private static double worstValue;
    private static double worstGradient;

    record Case(String name, Function<Tensor, Tensor> f, Tensor x) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        Tensor any = normal(101, 1.0, 4, 5);
        Tensor positive = uniform(102, 0.5, 2.0, 4, 5);
        Tensor w = normal(103, 0.5, 5, 3);
        return List.of(
                new Case("exp·sin", x -> x.exp().mul(x.sin()), any),
                new Case("log/sqrt/rsqrt", x -> x.log().add(x.sqrt()).add(x.rsqrt()), positive),
                new Case("tanh·sigmoid", x -> x.tanh().mul(x.sigmoid()), any),
                new Case("softplus+gelu+elu", x -> x.softplus().add(x.gelu()).add(x.elu(1.0)), any),
                new Case("pow and div", x -> x.pow(2.5).div(x.add(1.0)), positive),
                new Case("broadcast add/mul", x -> x.add(x.sum(new int[] {0}, true)).mul(x.mean(new int[] {1}, true)), any),
                new Case("softmax", x -> x.softmax(1), any),
                new Case("logSumExp", x -> x.logSumExp(1), any),
                new Case("logSoftmax", x -> x.logSoftmax(0), any),
                new Case("prod", x -> x.prod(1), positive),
                new Case("norm2", Tensor::norm, any),
                new Case("matmul tanh", x -> x.matmul(w.to(DType.FLOAT32).to(x.dtype())).tanh(), any),
                new Case("batched matmul", x -> x.reshape(2, 2, 5).matmul(x.reshape(2, 5, 2)), any),
                new Case("slice/gather/concat", x -> Tensor.concat(0, x.slice(1, 0, 5, 2),
                        x.gather(1, Tensor.of(new double[][] {{0, 4, 1}, {2, 2, 3}}))).square(), any),
                new Case("permute/reshape", x -> x.reshape(2, 2, 5).permute(2, 0, 1).square().reshape(20), any),
                new Case("solve", x -> x.solve(Tensor.of(1, 2, 3, 4).to(x.dtype())), wellConditioned(104, 4)),
                new Case("inverse", Tensor::inverse, wellConditioned(105, 4)),
                new Case("cholesky", x -> x.add(x.transpose()).add(Tensor.eye(4).mul(8).to(x.dtype())).cholesky(),
                        normal(106, 1.0, 4, 4)),
                new Case("logdet", Tensor::logdet, wellConditioned(107, 4)),
                new Case("det", Tensor::det, wellConditioned(108, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32AgreesWithFloat64(Case c) {
        Tensor x32 = c.x().to(DType.FLOAT32);
        Tensor x64 = x32.to(DType.FLOAT64);
        Tensor y32 = c.f().apply(x32);
        Tensor y64 = c.f().apply(x64);
        assertEquals(DType.FLOAT32, y32.dtype(), "float32 in, float32 out");
        double valueError = relError(y32, y64);
        assertTrue(valueError <= TOLERANCE, c.name() + ": value relative error " + valueError);
        Tensor w = normal(109, 1.0, y64.shape());
        Tensor g32 = AD.grad(x -> c.f().apply(x).mul(w.to(DType.FLOAT32)).sum(), x32);
        Tensor g64 = AD.grad(x -> c.f().apply(x).mul(w).sum(), x64);
        assertEquals(DType.FLOAT32, g32.dtype(), "float32 gradient of a float32 input");
        double gradError = relError(g32, g64);
        assertTrue(gradError <= TOLERANCE, c.name() + ": gradient relative error " + gradError);
        synchronized (Float32Test.class) {
            worstValue = Math.max(worstValue, valueError);
            worstGradient = Math.max(worstGradient, gradError);
        }
    }

    @AfterAll
    static void summary() {
        LoggerFactory.getLogger(Float32Test.class).info(String.format(java.util.Locale.ROOT,
                "float32 vs float64 worst relative error: values %.2e, gradients %.2e", worstValue, worstGradient));
    }
}
