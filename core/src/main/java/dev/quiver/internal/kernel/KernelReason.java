package dev.quiver.internal.kernel;

/**
 * Why this JVM runs the kernels it runs: {@link VectorKernels#reasonCode()}, with the sentence in
 * {@link VectorKernels#reason()}. Internal: not part of Quiver's API.
 */
public enum KernelReason {
  /** SIMD: the Vector API is readable, C2 compiles it, and the kernels passed their self-test. */
  SIMD,
  /** Scalar: {@code -Dquiver.kernels=scalar} is set. */
  SCALAR_REQUESTED,
  /** Scalar: {@code jdk.incubator.vector} is not readable (no {@code --add-modules}). */
  NO_VECTOR_MODULE,
  /** Scalar: C2 is not available (interpreter only, C1 only, JIT disabled, or a client VM). */
  NO_C2,
  /** Scalar: the SIMD kernels could not be created (vector unit too narrow, or a linkage error). */
  SIMD_UNAVAILABLE,
  /** Scalar: the SIMD kernels disagreed with the scalar kernels, or threw, in the self-test. */
  SELF_TEST_FAILED
}
