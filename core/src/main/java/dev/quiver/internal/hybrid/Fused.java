package dev.quiver.internal.hybrid;

import dev.quiver.Explanation;

/** A fused hit: its id and the explanation that carries every rank and score. */
public record Fused(String id, Explanation explanation) {}
