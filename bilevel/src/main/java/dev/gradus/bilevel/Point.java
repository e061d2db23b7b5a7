package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;

/** A pair of upper variables x and lower variables y. */
public record Point(Params x, Params y) {
    public Point {
        if (x == null || y == null) {
            throw new IllegalArgumentException("Point: x and y must not be null");
        }
    }
}
