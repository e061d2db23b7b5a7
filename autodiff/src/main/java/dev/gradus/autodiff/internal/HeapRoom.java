package dev.gradus.autodiff.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * Refuses, before allocating, a large on-heap array that the heap has no room for: a clear
 * {@link IllegalArgumentException} instead of an {@link OutOfMemoryError} deep inside a kernel.
 * Arrays below {@link #CHECKED_FROM} elements are not checked, so small tensors pay nothing.
 */
public final class HeapRoom {
    private HeapRoom() {}

    /** Arrays of fewer elements than this (2^24) are not checked. */
    public static final int CHECKED_FROM = 1 << 24;

    private static final double GIB = 1L << 30;

    /**
     * Ensures the heap can hold {@code elements} elements of {@code bytesPerElement} bytes for a
     * tensor of {@code shape} made by {@code op}. When the heap looks too full, a garbage collection
     * runs first (garbage may be what fills it); the error says how much is needed and how much is free.
     */
    public static void ensure(String op, int[] shape, long elements, int bytesPerElement) {
        if (elements < CHECKED_FROM) {
            return;
        }
        long needed = elements * bytesPerElement;
        if (needed <= free()) {
            return;
        }
        System.gc();
        long free = free();
        if (needed > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: shape %s needs %.2f GiB, but the heap has %.2f GiB free of at most %.2f GiB (-Xmx)",
                    op, Arrays.toString(shape), needed / GIB, free / GIB, Runtime.getRuntime().maxMemory() / GIB));
        }
    }

    /** What the heap can still grow to hold: its maximum less what is in use. */
    private static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
}
