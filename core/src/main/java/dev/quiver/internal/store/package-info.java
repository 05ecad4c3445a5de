/**
 * {@code VectorStore}: the vector side, a store file with its arena, on which the facade is built. Not API.
 */
@NullMarked
package dev.quiver.internal.store;

import org.jspecify.annotations.NullMarked;
