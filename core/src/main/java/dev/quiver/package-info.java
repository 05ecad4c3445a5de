/**
 * The API a chat server uses: {@link dev.quiver.Quiver}, the store; {@link dev.quiver.QuiverOptions}
 * to open it; {@link dev.quiver.Item} and {@link dev.quiver.Filter} for what goes in and what may match;
 * {@link dev.quiver.SearchRequest}, {@link dev.quiver.SearchResult} and {@link dev.quiver.Hit} for questions and
 * answers; {@link dev.quiver.Quiver.Status}, {@link dev.quiver.Degradation} and {@link dev.quiver.Problem} for
 * what the store can do; {@link dev.quiver.QuiverEvent} for what it tells its listeners;
 * {@link dev.quiver.QuiverException} with its {@link dev.quiver.ErrorCode} for storage failures. Everything under {@code dev.quiver.internal} is not API.
 */
@NullMarked
package dev.quiver;

import org.jspecify.annotations.NullMarked;
