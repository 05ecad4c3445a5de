package dev.quiver.internal.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses the kernel implementation once per JVM (jvector's {@code VectorizationProvider}, Lucene's
 * {@code VectorizationProvider.Holder}), and says why in one sentence: {@link VectorKernels#reason()}.
 * SIMD when all of these hold, in this order; scalar at the first that fails, with exactly one
 * {@link Level#WARNING} through {@link System.Logger} naming it:
 *
 * <ol>
 *   <li>{@code -Dquiver.kernels=scalar} is not set (if it is: scalar, one {@link Level#INFO} line);
 *   <li>{@code jdk.incubator.vector} is in the boot layer and readable;
 *   <li>C2 will compile the kernels ({@link C2Check}): without it the Vector API is not turned
 *       into SIMD instructions and runs slower than the scalar twin;
 *   <li>{@link SimdKernels} can be created (the vector unit is at least 128 bits wide);
 *   <li>the SIMD kernels agree with the scalar twin in {@link KernelSelfTest}.
 * </ol>
 *
 * <p>The module is checked before C2 because that check is free, while reading the HotSpot flags
 * loads the platform MXBeans. {@link SimdKernels} is loaded with {@link Class#forName} and only
 * after the module check, so this class, {@link VectorKernels} and everything that calls them link
 * and run on a JVM without the module.
 */
final class KernelProvider {
  /** System property: {@code scalar} forces the scalar kernels; absent or {@code auto} chooses. */
  static final String PROPERTY = "quiver.kernels";

  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final String SIMD_CLASS = "dev.quiver.internal.kernel.SimdKernels";
  private static final String SCALAR_IN_USE = "scalar kernels in use";

  private KernelProvider() {}

  /** The implementation chosen for this JVM; initialised on first use of {@link VectorKernels}. */
  static final class Holder {
    static final Choice CHOICE = chooseAndLog();
    static final KernelSupport INSTANCE = CHOICE.kernels();

    private Holder() {}
  }

  /**
   * The outcome of {@link #choose}.
   *
   * @param kernels the implementation
   * @param code why, as a value
   * @param reason why, as one line: the line logged, if one is
   * @param level the level {@code reason} is logged at, or null when nothing is logged (SIMD
   *     chosen, as asked)
   */
  record Choice(KernelSupport kernels, KernelReason code, String reason, Level level) {
    Choice {
      reason = reason.replaceAll("\\R+", " "); // an exception's message must not split the line
    }
  }

  private static Choice chooseAndLog() {
    Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent(), C2Check::run,
        KernelProvider::loadSimd);
    if (choice.level() != null) {
      Logger log = System.getLogger(VectorKernels.class.getName());
      log.log(choice.level(), choice.reason());
    }
    return choice;
  }

  /**
   * The decision, separated from the JVM's state so tests can drive every branch. The self-test
   * always runs, on whatever {@code simd} returns: that is the seam through which the tests hand
   * it a wrong kernel ({@link PackageKernels}).
   *
   * @param property the value of {@code quiver.kernels}, or null
   * @param modulePresent whether {@code jdk.incubator.vector} is in the boot layer and readable
   * @param c2 checks for C2; called only once the module is known readable
   * @param simd loads the SIMD kernels; may throw (a {@link LinkageError} or the
   *     {@link UnsupportedOperationException} of {@link SimdKernels#SimdKernels()})
   */
  static Choice choose(String property, boolean modulePresent, Supplier<C2Check.Result> c2,
      Supplier<KernelSupport> simd) {
    String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    if (mode.equals("scalar")) {
      return new Choice(ScalarKernels.INSTANCE, KernelReason.SCALAR_REQUESTED,
          "-D" + PROPERTY + "=scalar is set; " + SCALAR_IN_USE, Level.INFO);
    }
    String unknown = mode.isEmpty() || mode.equals("auto") || mode.equals("simd") ? ""
        : " (ignored unknown -D" + PROPERTY + "='" + property + "'; expected 'auto' or 'scalar')";
    if (!modulePresent) {
      return scalar(KernelReason.NO_VECTOR_MODULE, VECTOR_MODULE + " is not readable; pass"
          + " '--add-modules " + VECTOR_MODULE + "' to enable SIMD kernels (" + SCALAR_IN_USE + ")"
          + unknown);
    }
    C2Check.Result compiler = c2.get();
    if (!compiler.available()) {
      return scalar(KernelReason.NO_C2, compiler.detail()
          + ", and without it the Vector API runs slower than scalar code; " + SCALAR_IN_USE
          + unknown);
    }
    KernelSupport kernels;
    try {
      kernels = simd.get();
    } catch (RuntimeException | LinkageError e) {
      return scalar(KernelReason.SIMD_UNAVAILABLE,
          "SIMD kernels are unavailable: " + e + " (" + SCALAR_IN_USE + ")" + unknown);
    }
    String failure = KernelSelfTest.run(kernels, ScalarKernels.INSTANCE);
    if (failure != null) {
      return scalar(KernelReason.SELF_TEST_FAILED, kernels.description()
          + " kernels failed their self-test: " + failure + "; " + SCALAR_IN_USE + unknown);
    }
    return new Choice(kernels, KernelReason.SIMD, kernels.description() + " kernels in use: "
        + VECTOR_MODULE + " is readable, " + compiler.detail()
        + ", and they agree with the scalar kernels" + unknown,
        unknown.isEmpty() ? null : Level.WARNING);
  }

  private static Choice scalar(KernelReason code, String reason) {
    return new Choice(ScalarKernels.INSTANCE, code, reason, Level.WARNING);
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
