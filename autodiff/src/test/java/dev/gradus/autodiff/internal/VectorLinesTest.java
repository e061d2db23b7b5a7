package dev.gradus.autodiff.internal;

import static dev.gradus.autodiff.internal.MatmulKernelTest.toFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.BinaryOp;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Vector API line loops against the scalar loops they replace, bit for bit (run by surefire's
 * vector-api execution, with the module loaded; tagged java-backend so that gradus-nd4j, which
 * re-runs this module's tests without it, skips it).
 */
@Tag("java-backend")
class VectorLinesTest {
    private static final BinaryOp[] OPS = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV};
    @Test
    void linesEqualTheScalarLoopsAtEveryLengthAndOffset() {
        Random r = new Random(7);
        double[] x = VectorAdamTest.values(r, 200, 10);
        double[] y = VectorAdamTest.values(r, 200, 10);
        for (BinaryOp op : OPS) {
            for (int len = 0; len <= 70; len++) {
                int ox = r.nextInt(40);
                int oy = r.nextInt(40);
                int o = r.nextInt(40);
                double[] want = new double[120];
                double[] got = new double[120];
                float[] wantF = new float[120];
                float[] gotF = new float[120];
                float[] xf = toFloats(x);
                float[] yf = toFloats(y);
                for (int i = 0; i < len; i++) {
                    want[o + i] = ElementwiseKernels.apply(op, x[ox + i], y[oy + i]);
                    wantF[o + i] = (float) ElementwiseKernels.apply(op, xf[ox + i], yf[oy + i]);
                }
                VectorLines.line(op, x, ox, y, oy, got, o, len);
                FloatVectorLines.line(op, xf, ox, yf, oy, gotF, o, len);
                assertArrayEquals(want, got, op + " len " + len);
                assertArrayEquals(wantF, gotF, op + " float32, len " + len);
            }
        }
    }

    @Test
    void aLineMayWriteOverAnOperandAtTheSameOffset() {
        Random r = new Random(8);
        double[] x = VectorAdamTest.values(r, 50, 10);
        double[] y = VectorAdamTest.values(r, 50, 10);
        double[] want = new double[50];
        for (int i = 0; i < 37; i++) {
            want[5 + i] = x[5 + i] * y[i];
        }
        System.arraycopy(x, 0, want, 0, 5);
        System.arraycopy(x, 42, want, 42, 8);
        VectorLines.line(BinaryOp.MUL, x, 5, y, 0, x, 5, 37);
        assertArrayEquals(want, x);
    }

    @Test
    void accumulatedRowsEqualTheScalarColumnSum() {
        Random r = new Random(9);
        for (int columns : new int[] {1, 7, 8, 10, 16, 33, 128}) {
            double[] x = VectorAdamTest.values(r, 32 * columns, 10);
            double[] want = new double[columns + 3];
            double[] got = new double[columns + 3];
            for (int row = 0; row < 32; row++) {
                for (int j = 0; j < columns; j++) {
                    want[3 + j] += x[row * columns + j];
                }
                VectorLines.accumulate(got, 3, x, row * columns, columns);
            }
            assertArrayEquals(want, got, columns + " columns");
        }
    }

    @Test
    void onlyTheFourArithmeticOperationsAreVectorLines() {
        for (BinaryOp op : BinaryOp.values()) {
            boolean arithmetic = op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
            if (arithmetic) {
                assertTrue(VectorLines.supports(op), op.toString());
            } else {
                assertFalse(VectorLines.supports(op), op.toString());
                assertThrows(IllegalArgumentException.class,
                        () -> VectorLines.line(op, new double[1], 0, new double[1], 0, new double[1], 0, 1));
            }
        }
    }
}
