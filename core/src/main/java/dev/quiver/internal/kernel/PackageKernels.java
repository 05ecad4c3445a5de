package dev.quiver.internal.kernel;

/**
 * The one opening in {@link KernelSupport}'s seal: an implementation declared in this package,
 * which nothing outside it can name. No production class implements it; the tests do, to hand
 * {@link KernelProvider#choose} a deliberately wrong kernel and see the self-test refuse it.
 */
non-sealed interface PackageKernels extends KernelSupport {}
