package dev.gradus.adjoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters of one ODE solve. Forward counts are complete when the solve returns; backward counts
 * grow when the solution is differentiated (each backward pass adds to them). Steps not exposed
 * by an integrator are reported as −1 (Gragg–Bulirsch–Stoer and custom integrators do not expose
 * their rejected steps).
 * Confined to the thread that solves and differentiates.
 */
public final class SolveStatistics {
    private final String method;
    private final String integrator;
    private int forwardEvaluations;
    private int forwardAcceptedSteps;
    private int forwardRejectedSteps;
    private int backwardEvaluations;
    private int backwardAcceptedSteps;
    private int backwardRejectedSteps;
    private int backwardPasses;
    private int forwardJacobians;
    private int forwardFactorisations;
    private int backwardJacobians;
    private int backwardFactorisations;
    private double switchTime = Double.NaN;
    /** Nested solves whose counts belong to this one (the local regulariser's approach solve). */
    private final List<SolveStatistics> parts = new ArrayList<>();

    SolveStatistics(String method, String integrator) {
        this.method = method;
        this.integrator = integrator;
    }

    /** The sensitivity method's name. */
    public String method() {
        return method;
    }

    /** The integrator that ran, with its settings. */
    public String integrator() {
        return integrator;
    }

    /** Right-hand-side evaluations of the forward pass (including regulariser steps). */
    public int forwardEvaluations() {
        int total = forwardEvaluations;
        for (SolveStatistics part : parts) {
            total += part.forwardEvaluations();
        }
        return total;
    }

    public int forwardAcceptedSteps() {
        int total = forwardAcceptedSteps;
        for (SolveStatistics part : parts) {
            total += part.forwardAcceptedSteps();
        }
        return total;
    }

    /** Rejected forward steps, or −1 where the integrator does not expose them. */
    public int forwardRejectedSteps() {
        int total = forwardRejectedSteps;
        for (SolveStatistics part : parts) {
            total = total < 0 || part.forwardRejectedSteps() < 0 ? -1 : total + part.forwardRejectedSteps();
        }
        return total;
    }

    /** Vector-Jacobian products (or Jacobian rows) of the dynamics evaluated by backward passes. */
    public int backwardEvaluations() {
        int total = backwardEvaluations;
        for (SolveStatistics part : parts) {
            total += part.backwardEvaluations();
        }
        return total;
    }

    public int backwardAcceptedSteps() {
        int total = backwardAcceptedSteps;
        for (SolveStatistics part : parts) {
            total += part.backwardAcceptedSteps();
        }
        return total;
    }

    /** Rejected backward steps, or −1 where the integrator does not expose them. */
    public int backwardRejectedSteps() {
        int total = backwardRejectedSteps;
        for (SolveStatistics part : parts) {
            total = total < 0 || part.backwardRejectedSteps() < 0 ? -1 : total + part.backwardRejectedSteps();
        }
        return total;
    }

    /** Jacobians of the dynamics evaluated by the forward pass's stiff integrator (0 for explicit ones). */
    public int forwardJacobians() {
        return forwardJacobians;
    }

    /** LU factorisations of the forward pass's stiff integrator (0 for explicit ones). */
    public int forwardFactorisations() {
        return forwardFactorisations;
    }

    /** Jacobians evaluated by the stiff integrator in the backward passes. */
    public int backwardJacobians() {
        return backwardJacobians;
    }

    /** LU factorisations of the stiff integrator in the backward passes. */
    public int backwardFactorisations() {
        return backwardFactorisations;
    }

    /**
     * The time at which {@link Integrator#auto} switched the forward solve to its stiff method, or NaN
     * where it did not switch (or another integrator ran).
     */
    public double switchTime() {
        return switchTime;
    }

    /** How many times the solution has been differentiated. */
    public int backwardPasses() {
        return backwardPasses;
    }

    void addForward(int evaluations, int accepted, int rejected) {
        forwardEvaluations += evaluations;
        forwardAcceptedSteps += accepted;
        forwardRejectedSteps = rejected < 0 || forwardRejectedSteps < 0 ? -1 : forwardRejectedSteps + rejected;
    }

    void addBackward(int evaluations, int accepted, int rejected) {
        backwardEvaluations += evaluations;
        backwardAcceptedSteps += accepted;
        backwardRejectedSteps = rejected < 0 || backwardRejectedSteps < 0 ? -1 : backwardRejectedSteps + rejected;
    }

    void addForwardCounters(StepCounters counters) {
        forwardJacobians += counters.jacobians;
        forwardFactorisations += counters.factorisations;
        if (Double.isNaN(switchTime)) {
            switchTime = counters.switchTime;
        }
    }

    void addBackwardCounters(StepCounters counters) {
        backwardJacobians += counters.jacobians;
        backwardFactorisations += counters.factorisations;
    }

    /** Counts {@code part}'s evaluations and steps, now and as its backward passes run, into this solve's. */
    void include(SolveStatistics part) {
        parts.add(part);
    }

    void countBackwardPass() {
        backwardPasses++;
    }

    @Override
    public String toString() {
        return "SolveStatistics{method=" + method + ", integrator=" + integrator + ", forward: " + forwardEvaluations()
                + " evaluations, " + forwardAcceptedSteps() + " accepted / " + forwardRejectedSteps()
                + " rejected steps" + linearAlgebra(forwardJacobians, forwardFactorisations)
                + (Double.isNaN(switchTime) ? "" : ", switched to the stiff method at t=" + switchTime)
                + "; backward (" + backwardPasses + " passes): " + backwardEvaluations() + " evaluations, "
                + backwardAcceptedSteps() + " accepted / " + backwardRejectedSteps() + " rejected steps"
                + linearAlgebra(backwardJacobians, backwardFactorisations) + "}";
    }

    private static String linearAlgebra(int jacobians, int factorisations) {
        return jacobians + factorisations == 0 ? "" : ", " + jacobians + " Jacobians, " + factorisations
                + " LU factorisations";
    }
}
