package dev.gradus.harness;

import dev.gradus.autodiff.Params;
import java.util.function.ToDoubleFunction;

/**
 * A held-out measure of the trained parameters, such as test accuracy: computed on a validation
 * split (which tuning may use) and on a test split (which only the reports use).
 *
 * @param name           for reports, e.g. {@code test accuracy}
 * @param higherIsBetter whether larger values are better
 * @param validation     the metric on the validation split
 * @param test           the metric on the test split
 */
public record Metric(String name, boolean higherIsBetter, ToDoubleFunction<Params> validation,
        ToDoubleFunction<Params> test) {
    /** Validates. */
    public Metric {
        if (name == null || name.isBlank() || validation == null || test == null) {
            throw new IllegalArgumentException("metric: name, validation and test must be given");
        }
    }

    /** {@code value} turned into a loss (lower is better); NaN stays NaN. */
    public double asLoss(double value) {
        return higherIsBetter ? -value : value;
    }
}
