package dev.quiver.internal.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses the kernel implementation once per JVM (jvector's {@code VectorizationProvider}, Lucene's
 * {@code VectorizationProvider.Holder}): SIMD when {@code jdk.incubator.vector} is in the boot
 * layer and readable and {@code -Dquiver.kernels=scalar} is not set; scalar otherwise, with exactly
 * one log line through {@link System.Logger} naming the reason.
 *
 * <p>{@link SimdKernels} is loaded with {@link Class#forName} and only after the module check, so
 * this class, {@link VectorKernels} and everything that calls them link and run on a JVM without
 * the module.
 */
final class KernelProvider {
  /** System property: {@code scalar} forces the scalar kernels; absent or {@code auto} chooses. */
  static final String PROPERTY = "quiver.kernels";

  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final String SIMD_CLASS = "dev.quiver.internal.kernel.SimdKernels";

  private KernelProvider() {}

  /** The implementation chosen for this JVM; initialised on first use of {@link VectorKernels}. */
  static final class Holder {
    static final KernelSupport INSTANCE = chooseAndLog();

    private Holder() {}
  }

  /** The outcome of {@link #choose}: the implementation and, if any, the one line to log. */
  record Choice(KernelSupport kernels, Level level, String message) {}

  private static KernelSupport chooseAndLog() {
    Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent(),
        KernelProvider::loadSimd);
    if (choice.message() != null) {
      Logger log = System.getLogger(VectorKernels.class.getName());
      log.log(choice.level(), choice.message());
    }
    return choice.kernels();
  }

  /**
   * The decision, separated from the JVM's state so tests can drive every branch.
   *
   * @param property the value of {@code quiver.kernels}, or null
   * @param modulePresent whether {@code jdk.incubator.vector} is in the boot layer and readable
   * @param simd loads the SIMD kernels; may throw (a {@link LinkageError} or the
   *     {@link UnsupportedOperationException} of {@link SimdKernels#SimdKernels()})
   */
  static Choice choose(String property, boolean modulePresent, Supplier<KernelSupport> simd) {
    String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    if (mode.equals("scalar")) {
      return new Choice(ScalarKernels.INSTANCE, Level.INFO,
          "-D" + PROPERTY + "=scalar is set; scalar kernels in use");
    }
    String unknown = mode.isEmpty() || mode.equals("auto") || mode.equals("simd") ? ""
        : " (ignored unknown -D" + PROPERTY + "='" + property + "'; expected 'auto' or 'scalar')";
    if (!modulePresent) {
      return new Choice(ScalarKernels.INSTANCE, Level.WARNING, VECTOR_MODULE
          + " is not readable; pass '--add-modules " + VECTOR_MODULE
          + "' to enable SIMD kernels (scalar kernels in use)" + unknown);
    }
    try {
      KernelSupport kernels = simd.get();
      return new Choice(kernels, unknown.isEmpty() ? null : Level.WARNING,
          unknown.isEmpty() ? null : kernels.description() + " kernels in use" + unknown);
    } catch (RuntimeException | LinkageError e) {
      return new Choice(ScalarKernels.INSTANCE, Level.WARNING,
          "SIMD kernels are unavailable: " + e + " (scalar kernels in use)" + unknown);
    }
  }

  static boolean vectorModulePresent() {
    Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
    // In the unnamed module (the class path) every boot-layer module is readable; a named module
    // would need 'requires static jdk.incubator.vector'.
    return module.isPresent() && KernelProvider.class.getModule().canRead(module.get());
  }

  /** Loads {@link SimdKernels} by name; call only when {@link #vectorModulePresent()}. */
  static KernelSupport loadSimd() {
    try {
      return (KernelSupport) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("cannot create " + SIMD_CLASS, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + SIMD_CLASS, e);
    }
  }

  /** A SIMD instance regardless of the property, or null where the Vector API is unavailable. */
  static KernelSupport simdOrNull() {
    // Compared with the scalar instance, not 'instanceof SimdKernels': naming SimdKernels here
    // would load it, and fail, on a JVM without the module.
    if (Holder.INSTANCE != ScalarKernels.INSTANCE) {
      return Holder.INSTANCE;
    }
    if (!vectorModulePresent()) {
      return null;
    }
    try {
      return loadSimd();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
