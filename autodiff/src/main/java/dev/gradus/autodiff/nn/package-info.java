/**
 * Neural-network helpers in functional style, as in JAX/Flax: a model ({@link
 * dev.gradus.autodiff.nn.Linear}, {@link dev.gradus.autodiff.nn.Mlp}) only describes a computation;
 * its parameters are a {@link dev.gradus.autodiff.Params} made by {@code init(seed)} and passed to
 * {@code apply(params, x)}, so they can be differentiated, updated and checkpointed like any other
 * parameters. {@link dev.gradus.autodiff.nn.Activation}, {@link dev.gradus.autodiff.nn.Losses} and
 * {@link dev.gradus.autodiff.nn.Init} complete the set.
 *
 * <pre>{@code
 * Mlp mlp = Mlp.of(Activation.tanh(), 2, 16, 2);
 * Params p = mlp.init(42L);
 * for (int step = 0; step < 1000; step++) {
 *     AD.ValueAndGrad<Params> vg = AD.valueAndGrad(q -> Losses.softmaxCrossEntropy(mlp.apply(q, x), labels), p);
 *     p = p.addScaled(-0.5, vg.grad());
 * }
 * }</pre>
 */
package dev.gradus.autodiff.nn;
