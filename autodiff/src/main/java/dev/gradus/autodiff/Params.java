package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * An immutable, ordered map of named tensors — the JVM's pytree. Models, optimizers, implicit
 * solvers and bilevel problems pass parameters around as {@code Params}. Arithmetic is element-wise
 * per entry and requires both operands to have the same names in the same order and equal shapes.
 */
public final class Params {
    private final LinkedHashMap<String, Tensor> entries;

    private Params(LinkedHashMap<String, Tensor> entries) {
        this.entries = entries;
    }

    /** Params with the given entries, in the map's iteration order. */
    public static Params of(Map<String, Tensor> entries) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(check(k, v), v));
        return new Params(copy);
    }

    public static Params of(String name, Tensor value) {
        return builder().put(name, value).build();
    }

    public static Params of(String n1, Tensor v1, String n2, Tensor v2) {
        return builder().put(n1, v1).put(n2, v2).build();
    }

    public static Params of(String n1, Tensor v1, String n2, Tensor v2, String n3, Tensor v3) {
        return builder().put(n1, v1).put(n2, v2).put(n3, v3).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects named tensors in insertion order. */
    public static final class Builder {
        private final LinkedHashMap<String, Tensor> entries = new LinkedHashMap<>();

        public Builder put(String name, Tensor value) {
            if (entries.containsKey(check(name, value))) {
                throw new IllegalArgumentException("Params: duplicate name '" + name + "'");
            }
            entries.put(name, value);
            return this;
        }

        /** Adds every entry of {@code p}, each name prefixed with {@code prefix}. */
        public Builder putAll(String prefix, Params p) {
            p.entries.forEach((k, v) -> put(prefix + k, v));
            return this;
        }

        public Params build() {
            return new Params(new LinkedHashMap<>(entries));
        }
    }

    private static String check(String name, Tensor value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Params: names must be non-empty");
        }
        if (value == null) {
            throw new IllegalArgumentException("Params: '" + name + "' has no tensor");
        }
        return name;
    }

    /** The tensor named {@code name}; an error listing the names if absent. */
    public Tensor get(String name) {
        Tensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Params: no entry '" + name + "'; have " + entries.keySet());
        }
        return t;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public List<Tensor> values() {
        return List.copyOf(entries.values());
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** Total number of scalar elements over all entries. */
    public int numel() {
        long n = 0;
        for (Tensor t : entries.values()) {
            n += t.size();
        }
        if (n > Shapes.MAX_SIZE) {
            throw new IllegalArgumentException("Params: " + n + " elements in all, more than " + Shapes.MAX_SIZE
                    + ", the most one tensor can hold (flatten, unflatten and numel need them in one)");
        }
        return (int) n;
    }

    /** A copy with one entry replaced (or added at the end). */
    public Params with(String name, Tensor value) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>(entries);
        copy.put(check(name, value), value);
        return new Params(copy);
    }

    /** The same names with new values, in order. */
    public Params withValues(Tensor[] values) {
        if (values.length != entries.size()) {
            throw new IllegalArgumentException("Params: " + values.length + " values for " + entries.size() + " names");
        }
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        int i = 0;
        for (String k : entries.keySet()) {
            copy.put(k, values[i++]);
        }
        return new Params(copy);
    }

    /** {@code f} applied to every entry. */
    public Params map(UnaryOperator<Tensor> f) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, f.apply(v)));
        return new Params(copy);
    }

    /** {@code f} applied entry-wise to this and {@code other} (same names, same order, same shapes). */
    public Params zip(Params other, BinaryOperator<Tensor> f) {
        checkCompatible(other);
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, f.apply(v, other.entries.get(k))));
        return new Params(copy);
    }

    private void checkCompatible(Params other) {
        if (!new ArrayList<>(entries.keySet()).equals(new ArrayList<>(other.entries.keySet()))) {
            throw new IllegalArgumentException("Params: names differ: " + entries.keySet() + " vs " + other.entries.keySet());
        }
        for (var e : entries.entrySet()) {
            int[] a = e.getValue().shapeRef();
            int[] b = other.entries.get(e.getKey()).shapeRef();
            if (!Arrays.equals(a, b)) {
                throw new IllegalArgumentException("Params: '" + e.getKey() + "' has shape " + Arrays.toString(a)
                        + " here and " + Arrays.toString(b) + " there");
            }
        }
    }

    public Params add(Params other) {
        return zip(other, Tensor::add);
    }

    public Params sub(Params other) {
        return zip(other, Tensor::sub);
    }

    public Params mul(Params other) {
        return zip(other, Tensor::mul);
    }

    public Params scale(double factor) {
        return map(t -> t.mul(factor));
    }

    /** {@code this + factor · other}. */
    public Params addScaled(double factor, Params other) {
        return zip(other, (a, b) -> a.add(b.mul(factor)));
    }

    /** Σ ⟨this_k, other_k⟩ as a scalar tensor (differentiable). */
    public Tensor dot(Params other) {
        checkCompatible(other);
        Tensor acc = null;
        for (var e : entries.entrySet()) {
            Tensor term = e.getValue().mul(other.entries.get(e.getKey())).sum();
            acc = acc == null ? term : acc.add(term);
        }
        return acc == null ? Tensor.scalar(0.0) : acc;
    }

    /** The Euclidean norm over all entries (differentiable). */
    public Tensor norm() {
        return dot(this).sqrt();
    }

    /** Every entry replaced by zeros of its shape. */
    public Params zerosLike() {
        return map(Tensor::zerosLike);
    }

    /** Every entry detached from any tape. */
    public Params detach() {
        return map(Tensor::detach);
    }

    /** All entries concatenated, in order, into one vector (differentiable). */
    public Tensor flatten() {
        if (entries.isEmpty()) {
            return Tensor.zeros(0);
        }
        numel(); // refuses more elements than one tensor can hold
        Tensor[] parts = entries.values().stream().map(t -> t.reshape(t.size())).toArray(Tensor[]::new);
        return parts.length == 1 ? parts[0] : Tensor.concat(0, parts);
    }

    /** Params shaped like this one, filled from a vector of {@link #numel()} elements (differentiable). */
    public Params unflatten(Tensor flat) {
        if (flat.rank() != 1 || flat.size() != numel()) {
            throw new IllegalArgumentException("unflatten: need a vector of " + numel() + " elements, got shape "
                    + Arrays.toString(flat.shapeRef()));
        }
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        int at = 0;
        for (var e : entries.entrySet()) {
            int n = e.getValue().size();
            copy.put(e.getKey(), flat.slice(0, at, at + n).reshape(e.getValue().shapeRef()));
            at += n;
        }
        return new Params(copy);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Params{");
        entries.forEach((k, v) -> sb.append(sb.length() > 7 ? ", " : "").append(k).append('=')
                .append(Arrays.toString(v.shapeRef())));
        return sb.append('}').toString();
    }
}
