package dev.gradus.harness.spark;

import dev.gradus.harness.Contender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an executor rebuilds one problem or contender: by its catalogue name, or from a user class on
 * the class path with a public no-argument constructor. Only this data travels to the executors,
 * never the object (whose losses and optimizers are lambdas), so a comparison the engine cannot run
 * fails when it is built, naming the problem or contender, not when a task starts.
 *
 * @param role      {@code problem} or {@code contender}
 * @param name      the object's {@code name()}
 * @param className the user class to instantiate, or null for the catalogue entry of {@code name}
 */
public record Recipe(String role, String name, String className) implements Serializable {
    private static final String PROBLEM = "problem";
    private static final String CONTENDER = "contender";
    /** What this JVM built already, so that every run of an executor shares one instance. */
    private static final Map<Recipe, Object> BUILT = new ConcurrentHashMap<>();

    /** Validates. */
    public Recipe {
        if (!PROBLEM.equals(role) && !CONTENDER.equals(role)) {
            throw new IllegalArgumentException("recipe: role must be 'problem' or 'contender', got " + role);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("recipe: name must be given");
        }
    }

    /**
     * The recipe of a problem: its catalogue entry if it is the object {@link ProblemSuite#create} gives
     * for its name, else its class.
     *
     * @throws IllegalArgumentException naming the problem if an executor could not rebuild it
     */
    public static Recipe of(Problem problem) {
        String name = problem.name();
        if (ProblemSuite.names().contains(name) && ProblemSuite.create(name) == problem) {
            return new Recipe(PROBLEM, name, null);
        }
        return ofClass(PROBLEM, name, problem);
    }

    /**
     * The recipe of a contender: its catalogue entry if it is the object {@link OptimizerCatalogue#byName}
     * gives for its name, else its class.
     *
     * @throws IllegalArgumentException naming the contender if an executor could not rebuild it
     */
    public static Recipe of(Contender contender) {
        String name = contender.name();
        if (isCatalogueContender(contender)) {
            return new Recipe(CONTENDER, name, null);
        }
        return ofClass(CONTENDER, name, contender);
    }

    private static boolean isCatalogueContender(Contender contender) {
        try {
            return OptimizerCatalogue.byName(contender.name()) == contender;
        } catch (IllegalArgumentException notInCatalogue) {
            return false;
        }
    }

    private static Recipe ofClass(String role, String name, Object object) {
        Class<?> type = object.getClass();
        String problemWith = classProblem(type);
        if (problemWith != null) {
            throw new IllegalArgumentException(role + " '" + name + "' cannot be sent to Spark executors: it is not "
                    + "the catalogue's " + role + " of that name, and its " + type.getName() + " " + problemWith
                    + ". Give the engine a public class with a public no-argument constructor (on the executors' "
                    + "class path) whose instance has this name; lambdas and builders run on the threads engine only.");
        }
        Recipe recipe = new Recipe(role, name, type.getName());
        Object rebuilt = recipe.instantiate();
        String rebuiltName = PROBLEM.equals(role) ? ((Problem) rebuilt).name() : ((Contender) rebuilt).name();
        if (!name.equals(rebuiltName)) {
            throw new IllegalArgumentException(role + " '" + name + "' cannot be sent to Spark executors: a new "
                    + type.getName() + "() is named '" + rebuiltName + "', so an executor would run another " + role);
        }
        return recipe;
    }

    /** Why executors could not instantiate the class, or null if they can. */
    private static String classProblem(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass() || type.isHidden()) {
            return "is an anonymous, local or lambda class";
        }
        if (!Modifier.isPublic(type.getModifiers())
                || type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            return "is not a public top-level or static nested class";
        }
        try {
            type.getConstructor();
            return null;
        } catch (NoSuchMethodException e) {
            return "has no public no-argument constructor";
        }
    }

    /** The problem, built once per JVM. */
    public Problem problem() {
        if (!PROBLEM.equals(role)) {
            throw new IllegalStateException("recipe of " + role + " '" + name + "' asked for a problem");
        }
        return (Problem) BUILT.computeIfAbsent(this, r -> className == null ? ProblemSuite.create(name) : instantiate());
    }

    /** The contender, built once per JVM. */
    public Contender contender() {
        if (!CONTENDER.equals(role)) {
            throw new IllegalStateException("recipe of " + role + " '" + name + "' asked for a contender");
        }
        return (Contender) BUILT.computeIfAbsent(this,
                r -> className == null ? OptimizerCatalogue.byName(name) : instantiate());
    }

    private Object instantiate() {
        try {
            Constructor<?> constructor = Class.forName(className, true, classLoader()).getConstructor();
            return constructor.newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(role + " '" + name + "': class " + className + " is not on this JVM's "
                    + "class path (add its jar to spark.jars)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(role + " '" + name + "': new " + className + "() failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(role + " '" + name + "': cannot instantiate " + className + ": " + e, e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Recipe.class.getClassLoader();
    }
}
