package dev.quiver.internal.hybrid;

/** One side's hit before fusion: an id and that side's raw score, listed best first. */
public record Candidate(String id, float score) {}
