/**
 * The scan kernels: Vector API implementations and their scalar twins, one chosen once per JVM after checking
 * that C2 runs and that the SIMD kernels agree with the scalar ones. Not API.
 */
@NullMarked
package dev.quiver.internal.kernel;

import org.jspecify.annotations.NullMarked;
