/**
 * What plugs into a store: an {@link dev.quiver.spi.Embedder} that turns texts into vectors, and a
 * {@link dev.quiver.spi.KeywordIndex} (Lucene's is in {@code quiver-lucene-keyword}), and a
 * {@link dev.quiver.spi.QuiverListener} that hears what the store does (for metrics).
 */
@NullMarked
package dev.quiver.spi;

import org.jspecify.annotations.NullMarked;
