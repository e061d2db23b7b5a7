package dev.gradus.harness;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Problems × contenders compared together and reported in one section (e.g. "training workloads",
 * "global optimisation"). Every contender must support every problem of its study.
 *
 * @param name        section title
 * @param description one paragraph for the report
 * @param problems    the problems, in report order
 * @param contenders  the contenders, in report order
 */
public record Study(String name, String description, List<Problem> problems, List<Contender> contenders) {
    /** Validates and copies. */
    public Study {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("study name must not be blank");
        }
        problems = List.copyOf(problems);
        contenders = List.copyOf(contenders);
        if (problems.isEmpty() || contenders.isEmpty()) {
            throw new IllegalArgumentException("study '" + name + "' needs problems and contenders, got "
                    + problems.size() + " and " + contenders.size());
        }
        problems.forEach(p -> Hyperparameters.requireName("problem name", p.name()));
        contenders.forEach(c -> Hyperparameters.requireName("contender name", c.name()));
        requireDistinct(name, "problem", problems.stream().map(Problem::name).toList());
        requireDistinct(name, "contender", contenders.stream().map(Contender::name).toList());
        for (Contender c : contenders) {
            for (Problem p : problems) {
                if (!c.supports(p)) {
                    throw new IllegalArgumentException("study '" + name + "': contender '" + c.name()
                            + "' cannot run on problem '" + p.name() + "'");
                }
            }
        }
    }

    private static void requireDistinct(String study, String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("study '" + study + "': " + what + " '" + n + "' appears twice");
            }
        }
    }
}
