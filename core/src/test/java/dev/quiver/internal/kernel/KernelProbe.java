package dev.quiver.internal.kernel;

/** Main class of the child JVM in {@link KernelProviderTest}; prints the facade's choice. */
final class KernelProbe {
  private KernelProbe() {}

  public static void main(String[] args) {
    float[] a = {1, 2, 3};
    System.out.println("probe: " + VectorKernels.description() + " simd=" + VectorKernels.simd()
        + " dot=" + VectorKernels.dot(a, 0, a, 0, 3));
  }
}
