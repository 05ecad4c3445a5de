/**
 * Fusion of the two sides' candidate windows into one ranking with an explanation per hit. Not API.
 */
@NullMarked
package dev.quiver.internal.hybrid;

import org.jspecify.annotations.NullMarked;
