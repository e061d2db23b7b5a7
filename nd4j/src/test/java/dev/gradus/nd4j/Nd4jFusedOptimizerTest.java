package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The optimizers' fused step (Adam) on ND4J tensors: the same numbers as on the Java backend, and
 * parameters and state stay on ND4J.
 */
class Nd4jFusedOptimizerTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void adamStepsOnNd4jMatchTheJavaBackend(DType dtype) {
        Params java = Params.of("w", Tensor.randn(1, 7, 5).to(dtype).to(JavaBackend.INSTANCE),
                "b", Tensor.randn(2, 5).to(dtype).to(JavaBackend.INSTANCE));
        Params nd4j = java.map(t -> t.to(Nd4jBackend.INSTANCE));
        GradientTransformation adam = Optimizers.adam(1e-2);
        OptState sj = adam.init(java);
        OptState sn = adam.init(nd4j);
        for (int step = 0; step < 5; step++) {
            Params gj = Params.of("w", Tensor.randn(10 + step, 7, 5).to(dtype).to(JavaBackend.INSTANCE),
                    "b", Tensor.randn(20 + step, 5).to(dtype).to(JavaBackend.INSTANCE));
            var nj = adam.step(java, gj, sj);
            var nn = adam.step(nd4j, gj.map(t -> t.to(Nd4jBackend.INSTANCE)), sn);
            java = nj.params();
            sj = nj.state();
            nd4j = nn.params();
            sn = nn.state();
        }
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        for (String name : java.names()) {
            assertSame(Nd4jBackend.INSTANCE, nd4j.get(name).backend(), name + " stays on ND4J");
            double[] a = java.get(name).toDoubleArray();
            double[] b = nd4j.get(name).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], tol, name + "[" + i + "]");
            }
        }
    }
}
