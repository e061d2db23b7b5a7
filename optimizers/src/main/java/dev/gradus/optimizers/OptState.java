package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable state of one {@link GradientTransformation}: what it is ({@code name}), how many
 * updates it has applied ({@code step}), its named per-parameter buffers ({@code slots}, e.g.
 * {@code "mu"} and {@code "nu"} for Adam), its named scalars ({@code scalars}, e.g. the current
 * {@code "lr"}) and the states of the transformations it is built from ({@code children}, e.g. one
 * per element of a {@link GradientTransformation#chain chain}).
 *
 * <p>Every field is a plain value, so a state can be inspected, compared, changed with the
 * {@code with...} methods (for instance to set a new learning rate) and written to a file by
 * {@link Checkpoint}. Maps keep their insertion order.
 *
 * @param name     the transformation's name, e.g. {@code "scale_by_adam"}
 * @param step     number of updates applied so far (0 after {@code init})
 * @param slots    named buffers shaped like the parameters
 * @param scalars  named scalar values
 * @param children states of inner transformations, in order
 */
public record OptState(String name, long step, Map<String, Params> slots, Map<String, Double> scalars,
        List<OptState> children) {

    /** Copies the collections so the record is deeply immutable. */
    public OptState {
        Objects.requireNonNull(name, "name");
        if (step < 0) {
            throw new IllegalArgumentException("OptState: step must be >= 0, got " + step);
        }
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        children = List.copyOf(children);
    }

    /** A state with only a name and a step count. */
    public static OptState of(String name, long step) {
        return new OptState(name, step, Map.of(), Map.of(), List.of());
    }

    /** A state with named buffers. */
    public static OptState of(String name, long step, Map<String, Params> slots) {
        return new OptState(name, step, slots, Map.of(), List.of());
    }

    /** The buffer called {@code slot}; an error listing the slots if absent. */
    public Params slot(String slot) {
        Params p = slots.get(slot);
        if (p == null) {
            throw new IllegalArgumentException("OptState '" + name + "': no slot '" + slot + "'; have " + slots.keySet());
        }
        return p;
    }

    /** The scalar called {@code scalar}; an error listing the scalars if absent. */
    public double scalar(String scalar) {
        Double v = scalars.get(scalar);
        if (v == null) {
            throw new IllegalArgumentException("OptState '" + name + "': no scalar '" + scalar + "'; have "
                    + scalars.keySet());
        }
        return v;
    }

    /** Child {@code index}. */
    public OptState child(int index) {
        if (index < 0 || index >= children.size()) {
            throw new IndexOutOfBoundsException("OptState '" + name + "': child " + index + " of " + children.size());
        }
        return children.get(index);
    }

    /** The first state named {@code stateName} in this tree (depth first, this state included), or null. */
    public OptState find(String stateName) {
        if (name.equals(stateName)) {
            return this;
        }
        for (OptState c : children) {
            OptState f = c.find(stateName);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The first scalar called {@code scalar} in this tree (depth first), or NaN if there is none. */
    public double findScalar(String scalar) {
        Double v = scalars.get(scalar);
        if (v != null) {
            return v;
        }
        for (OptState c : children) {
            double f = c.findScalar(scalar);
            if (!Double.isNaN(f)) {
                return f;
            }
        }
        return Double.NaN;
    }

    /** A copy with another step count. */
    public OptState withStep(long newStep) {
        return new OptState(name, newStep, slots, scalars, children);
    }

    /** A copy with one buffer replaced or added. */
    public OptState withSlot(String slot, Params value) {
        Map<String, Params> s = new LinkedHashMap<>(slots);
        s.put(slot, value);
        return new OptState(name, step, s, scalars, children);
    }

    /** A copy with one scalar replaced or added. */
    public OptState withScalar(String scalar, double value) {
        Map<String, Double> s = new LinkedHashMap<>(scalars);
        s.put(scalar, value);
        return new OptState(name, step, slots, s, children);
    }

    /** A copy with new children. */
    public OptState withChildren(List<OptState> newChildren) {
        return new OptState(name, step, slots, scalars, newChildren);
    }

    /** A copy with child {@code index} replaced. */
    public OptState withChild(int index, OptState child) {
        List<OptState> c = new ArrayList<>(children);
        c.set(index, child);
        return withChildren(c);
    }

    /**
     * Whether {@code other} holds the same values: names, step counts, scalars and every buffer
     * element (bit for bit, dtypes and shapes included), recursively. ({@code equals} compares the
     * buffers by identity, as {@link Params} does.)
     */
    public boolean sameValues(OptState other) {
        if (other == null || !name.equals(other.name) || step != other.step || !scalars.equals(other.scalars)
                || !slots.keySet().equals(other.slots.keySet()) || children.size() != other.children.size()) {
            return false;
        }
        for (String k : slots.keySet()) {
            if (!sameValues(slots.get(k), other.slots.get(k))) {
                return false;
            }
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).sameValues(other.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValues(Params a, Params b) {
        if (!new ArrayList<>(a.names()).equals(new ArrayList<>(b.names()))) {
            return false;
        }
        for (String n : a.names()) {
            var x = a.get(n);
            var y = b.get(n);
            if (x.dtype() != y.dtype() || !java.util.Arrays.equals(x.shape(), y.shape())
                    || !java.util.Arrays.equals(x.toDoubleArray(), y.toDoubleArray())) {
                return false;
            }
        }
        return true;
    }

    /** The names of the children, in order. */
    public List<String> childNames() {
        return children.stream().map(OptState::name).toList();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append("{step=").append(step);
        slots.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        scalars.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        if (!children.isEmpty()) {
            sb.append(", children=").append(children);
        }
        return sb.append('}').toString();
    }
}
