/**
 * {@link dev.quiver.embed.minilm.MiniLmEmbedder}: the local all-MiniLM-L6-v2 embedder, run in process with no
 * network.
 */
@NullMarked
package dev.quiver.embed.minilm;

import org.jspecify.annotations.NullMarked;
