package dev.quiver.internal.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether HotSpot's C2 compiler will compile the SIMD kernels. Without C2 the Vector API is not
 * intrinsified: every vector operation allocates and runs as ordinary Java code, far slower than
 * the scalar twin, so {@link KernelProvider} uses the scalar kernels instead.
 *
 * <p>Lucene's {@code VectorizationProvider} refuses the Vector API when {@code java.vm.info} says
 * {@code emulated-client} and when {@code UseJVMCICompiler} is set. That property catches
 * {@code -XX:TieredStopAtLevel=1} and {@code -XX:CompilationMode=quick-only}, but not
 * {@code -XX:TieredStopAtLevel=2} or {@code 3}, {@code 0}, or {@code -XX:-UseCompiler}, which
 * leave it at {@code mixed mode}; so this check also reads those flags through
 * {@code com.sun.management.HotSpotDiagnosticMXBean}. That type is in {@code jdk.management} and
 * is reached reflectively, and {@link ManagementFactory} only after {@code java.management} is found
 * in the boot layer: on a jlinked runtime without them the check falls back to the two system
 * properties, which still catch {@code -Xint}, {@code TieredStopAtLevel=1} and client VMs.
 */
final class C2Check {
  private static final String BEAN_CLASS = "com.sun.management.HotSpotDiagnosticMXBean";

  private C2Check() {}

  /**
   * The verdict and the evidence for it.
   *
   * @param available whether C2 compiles hot code in this JVM
   * @param detail one clause naming the evidence, e.g. {@code "C2 is not available
   *     (-XX:TieredStopAtLevel=1)"}
   */
  record Result(boolean available, String detail) {}

  /** Checks this JVM. */
  static Result run() {
    return decide(hotSpotFlags(), System.getProperty("java.vm.name", ""),
        System.getProperty("java.vm.info", ""));
  }

  /**
   * The decision, separated from the JVM's state so tests can drive every branch.
   *
   * @param flags reads a HotSpot flag's value ({@code "true"}, {@code "4"}, {@code "quick-only"};
   *     empty if the JVM has no such flag), or null where the flags cannot be read
   * @param vmName {@code java.vm.name}, e.g. {@code "OpenJDK 64-Bit Server VM"}
   * @param vmInfo {@code java.vm.info}, e.g. {@code "mixed mode, sharing"}
   */
  static Result decide(Function<String, Optional<String>> flags, String vmName, String vmInfo) {
    if (vmInfo.contains("interpreted mode")) {
      return missing("interpreted mode, as with -Xint");
    }
    if (flags != null) {
      if (flag(flags, "UseCompiler").equals("false")) {
        // TieredStopAtLevel=0 turns the compilers off through this same flag.
        return missing(flag(flags, "TieredStopAtLevel").equals("0") ? "-XX:TieredStopAtLevel=0"
            : "-XX:-UseCompiler");
      }
      if (flag(flags, "UseJVMCICompiler").equals("true")) {
        return missing("-XX:+UseJVMCICompiler replaces it");
      }
      String stopAt = flag(flags, "TieredStopAtLevel");
      // Without tiered compilation HotSpot ignores TieredStopAtLevel and compiles with C2 alone.
      if (flag(flags, "TieredCompilation").equals("true")
          && stopAt.matches("[0-3]")) {
        return missing("-XX:TieredStopAtLevel=" + stopAt);
      }
      if (flag(flags, "CompilationMode").equals("quick-only")) {
        return missing("-XX:CompilationMode=quick-only");
      }
    }
    if (vmInfo.contains("emulated-client")) {
      return missing("java.vm.info is '" + vmInfo + "', as with -XX:TieredStopAtLevel=1");
    }
    if (vmName.contains("Client VM") || vmName.contains("Minimal VM")) {
      return missing(vmName + " has no C2");
    }
    if (flags == null) {
      return new Result(true, "C2 is assumed available (java.vm.info is '" + vmInfo
          + "'; the HotSpot flags cannot be read without java.management and jdk.management)");
    }
    return new Result(true, "C2 is available");
  }

  private static Result missing(String evidence) {
    return new Result(false, "C2 is not available (" + evidence + ")");
  }

  private static String flag(Function<String, Optional<String>> flags, String name) {
    return flags.apply(name).orElse("").trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads HotSpot flags through {@code HotSpotDiagnosticMXBean.getVMOption}, or returns null where
   * that bean is absent: no {@code java.management} or {@code jdk.management} in the runtime, or
   * not HotSpot.
   */
  static Function<String, Optional<String>> hotSpotFlags() {
    ModuleLayer boot = ModuleLayer.boot();
    if (boot.findModule("java.management").isEmpty()
        || boot.findModule("jdk.management").isEmpty()) {
      return null;
    }
    try {
      return Management.flags();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Names {@link ManagementFactory}; linked only once {@code java.management} is known present. */
  private static final class Management {
    private Management() {}

    static Function<String, Optional<String>> flags() throws ReflectiveOperationException {
      Class<? extends PlatformManagedObject> type =
          Class.forName(BEAN_CLASS).asSubclass(PlatformManagedObject.class);
      Object bean = ManagementFactory.getPlatformMXBean(type);
      if (bean == null) {
        return null;
      }
      Method getVmOption = type.getMethod("getVMOption", String.class);
      Method getValue = getVmOption.getReturnType().getMethod("getValue");
      return name -> {
        try {
          return Optional.ofNullable((String) getValue.invoke(getVmOption.invoke(bean, name)));
        } catch (ReflectiveOperationException | RuntimeException e) {
          // getVMOption throws IllegalArgumentException (wrapped) for a flag this JVM lacks.
          return Optional.empty();
        }
      };
    }
  }
}
