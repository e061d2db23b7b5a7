package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parameter groups: every parameter gets a label from its name, and each label has its own
 * transformation, which sees only the parameters (and gradients) of its group. The state holds one
 * child per label, in the order of the {@code transformations} map.
 *
 * <pre>{@code
 * GradientTransformation opt = Partition.of(
 *         Map.of("weights", Optimizers.adamw(1e-3, 1e-2), "biases", Optimizers.adam(1e-3)),
 *         name -> name.endsWith(".b") ? "biases" : "weights");
 * }</pre>
 */
public final class Partition implements GradientTransformation {
    private final List<String> labels;
    private final List<GradientTransformation> transformations;
    private final Function<String, String> labelOf;

    private Partition(Map<String, GradientTransformation> transformations, Function<String, String> labelOf) {
        this.labels = List.copyOf(transformations.keySet());
        this.transformations = List.copyOf(transformations.values());
        this.labelOf = labelOf;
    }

    /**
     * Groups by {@code labelOf(name)}; every label a parameter gets must be a key of
     * {@code transformations}. Use a {@link java.util.LinkedHashMap} for a fixed state order;
     * other maps are ordered by label.
     */
    public static Partition of(Map<String, GradientTransformation> transformations, Function<String, String> labelOf) {
        if (transformations == null || transformations.isEmpty()) {
            throw new IllegalArgumentException("transformations must name at least one label");
        }
        if (labelOf == null) {
            throw new IllegalArgumentException("labelOf must not be null");
        }
        transformations.forEach((label, t) -> {
            if (label == null || t == null) {
                throw new IllegalArgumentException("transformations['" + label + "'] must not be null");
            }
        });
        Map<String, GradientTransformation> ordered = transformations instanceof LinkedHashMap
                ? transformations : new java.util.TreeMap<>(transformations);
        return new Partition(ordered, labelOf);
    }

    /** The labels, in state order. */
    public List<String> labels() {
        return labels;
    }

    @Override
    public OptState init(Params params) {
        List<OptState> children = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            children.add(transformations.get(i).init(group(params, i)));
        }
        return OptState.of("partition", 0).withChildren(children);
    }

    @Override
    public Update update(Params grads, OptState state, Params params) {
        Validation.checkState(state, "partition", labels.size());
        Map<String, Tensor> merged = new LinkedHashMap<>();
        List<OptState> next = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Params g = group(grads, i);
            Update u = transformations.get(i).update(g, state.child(i), params == null ? null : group(params, i));
            for (String name : u.updates().names()) {
                merged.put(name, u.updates().get(name));
            }
            next.add(u.state());
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : grads.names()) {
            ordered.put(name, merged.get(name));
        }
        return new Update(Params.of(ordered), state.withStep(state.step() + 1).withChildren(next));
    }

    private Params group(Params p, int index) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : p.names()) {
            String label = labelOf.apply(name);
            if (!labels.contains(label)) {
                throw new IllegalArgumentException("Partition: parameter '" + name + "' has label '" + label
                        + "', expected one of " + labels);
            }
            if (label.equals(labels.get(index))) {
                out.put(name, p.get(name));
            }
        }
        return Params.of(out);
    }
}
