package dev.gradus.autodiff;

/**
 * A {@link Backend.Capability}: the Taylor-mode tanh of a hidden layer and its VJP, each in one
 * pass. The input is the stacked pre-activation {@code Z = [z; z_x; z_t; z_xx]}, shape [4M, W] (four
 * blocks of M rows, without the bias), and the bias {@code c}, shape [W]; the output is the stacked
 * {@code [a; a_x; a_t; a_xx]} with
 *
 * <pre>
 *   a = tanh(z + c),  s = 1 − a²,  a_x = s·z_x,  a_t = s·z_t,  a_xx = s·z_xx − 2a·s·z_x².
 * </pre>
 *
 * <p>The caller guarantees that all operands live on this backend with one dtype and consistent
 * shapes; results are not recorded on any tape. Without the capability the same formulas run as
 * Tensor operations.
 */
public interface FusedTaylorTanh extends Backend.Capability {

    /** The stacked {@code [a; a_x; a_t; a_xx]}, shape [4M, W]. */
    Tensor forward(Tensor stacked, Tensor bias);

    /**
     * The cotangent of the stacked input from the output cotangents {@code g = [g; g_x; g_t; g_xx]}
     * and the forward's {@code output} (whose first block is {@code a}):
     *
     * <pre>
     *   ḡ_z   = s·[g − 2a·(g_x z_x + g_t z_t + g_xx z_xx) − 2(1 − 3a²)·z_x²·g_xx]
     *   ḡ_zx  = s·(g_x − 4a·z_x·g_xx),  ḡ_zt = s·g_t,  ḡ_zxx = s·g_xx.
     * </pre>
     */
    Tensor backward(Tensor stacked, Tensor output, Tensor cotangent);
}
