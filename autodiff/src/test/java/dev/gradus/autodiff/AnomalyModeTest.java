package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link AD#detectAnomaly()}: the first op whose value (forward) or cotangent (backward) is NaN or
 * infinite throws an {@link AnomalyException} naming the op and where it was recorded — this file
 * and the line of the call.
 */
@SuppressWarnings("try") // the anomaly scopes are opened for their effect only
class AnomalyModeTest {

    /** The line of the caller, to compare with the recording site in the message. */
    private static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    private static AnomalyException anomaly(Function<Tensor, Tensor> f, Tensor x) {
        try (AD.Scope s = AD.detectAnomaly()) {
            return assertThrows(AnomalyException.class, () -> AD.grad(f, x));
        }
    }

    private static void assertNames(AnomalyException e, String op, int line) {
        String m = e.getMessage();
        assertTrue(m.contains("'" + op + "'"), m);
        assertTrue(m.contains("AnomalyModeTest.java:" + line), "site with file and line " + line + ": " + m);
    }

    @Test
    void nanInTheForwardPassNamesTheOpAndTheSite() {
        int[] at = new int[1];
        AnomalyException e = anomaly(x -> { at[0] = line(); return x.log().exp().sum(); }, Tensor.of(-1.0, 2.0));
        assertNames(e, "log", at[0]);
        assertTrue(e.getMessage().contains("non-finite value"), e.getMessage());
        assertFalse(e.getMessage().contains("'exp'"), "only the first op is named: " + e.getMessage());
    }

    @Test
    void infinityInTheForwardPassIsReportedToo() {
        int[] at = new int[1];
        AnomalyException e = anomaly(x -> { at[0] = line(); return x.exp().sum(); }, Tensor.of(1000.0));
        assertNames(e, "exp", at[0]);
        AnomalyException d = anomaly(x -> { at[0] = line(); return x.div(x.sub(1.0)).sum(); }, Tensor.of(1.0));
        assertNames(d, "div", at[0]);
    }

    @Test
    void nonFiniteCotangentInTheBackwardPassNamesTheOpAndTheSite() {
        int[] at = new int[1];
        AnomalyException e = anomaly(x -> { at[0] = line(); return x.sqrt().sum(); }, Tensor.of(0.0, 4.0));
        assertNames(e, "sqrt", at[0]);
        assertTrue(e.getMessage().contains("VJP") && e.getMessage().contains("cotangent"), e.getMessage());
        // With an explicit tape: the VJP of pow(0.5) at 0 is infinite as well.
        try (AD.Scope s = AD.detectAnomaly(); Tape t = Tape.record()) {
            Tensor x = t.watch(Tensor.of(0.0, 1.0));
            int line = line(); Tensor y = x.pow(0.5).sum();
            AnomalyException p = assertThrows(AnomalyException.class, () -> t.gradient(y, x));
            assertNames(p, "pow", line);
        }
    }

    @Test
    void withoutAnomalyModeNonFiniteValuesPropagateSilently() {
        Tensor g = AD.grad(x -> x.sqrt().sum(), Tensor.of(0.0, 4.0));
        assertFalse(g.allFinite(), "the infinite derivative of sqrt at 0 is returned as is");
        Tensor v = AD.valueAndGrad(x -> x.log().sum(), Tensor.of(-1.0)).value();
        assertTrue(Double.isNaN(v.item()));
        try (AD.Scope s = AD.detectAnomaly()) {
            assertTrue(AD.grad(x -> x.sqrt().sum(), Tensor.of(1.0, 4.0)).allFinite(), "finite runs are unaffected");
        }
        // Closing the scope ends anomaly mode.
        assertFalse(AD.grad(x -> x.sqrt().sum(), Tensor.of(0.0)).allFinite());
    }
}
