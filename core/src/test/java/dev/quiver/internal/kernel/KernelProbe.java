package dev.quiver.internal.kernel;

/** Main class of the child JVMs in {@link KernelProviderTest}; prints the facade's choice and why. */
final class KernelProbe {
  private KernelProbe() {}

  public static void main(String[] args) {
    float[] a = {1, 2, 3};
    System.out.println("probe: " + VectorKernels.description() + " simd=" + VectorKernels.simd()
        + " dot=" + VectorKernels.dot(a, 0, a, 0, 3));
    System.out.println("reason: " + VectorKernels.reasonCode() + " " + VectorKernels.reason());
  }
}
