/**
 * {@link dev.quiver.embed.e5.E5SmallEmbedder}: the local e5-small-v2 embedder, run in process with no network.
 */
@NullMarked
package dev.quiver.embed.e5;

import org.jspecify.annotations.NullMarked;
