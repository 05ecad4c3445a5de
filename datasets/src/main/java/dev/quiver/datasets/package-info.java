/**
 * Readers for item corpora (JSON Lines, BEIR), queries and relevance judgments, and the retrieval metrics
 * that the CLI's {@code eval} command and the benchmarks share.
 */
@NullMarked
package dev.quiver.datasets;

import org.jspecify.annotations.NullMarked;
