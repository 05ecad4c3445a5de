package dev.quiver.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the implementation is chosen, and what the facade promises whichever is chosen. */
class KernelProviderTest {
  private static final Supplier<KernelSupport> LOADS_SIMD = KernelProvider::loadSimd;
  private static final Supplier<C2Check.Result> HAS_C2 =
      () -> new C2Check.Result(true, "C2 is available");
  private static final Supplier<C2Check.Result> NO_C2_CHECK = () -> {
    throw new AssertionError("must not check for C2 before the module");
  };
  private static final String SCALAR_IN_USE = "scalar kernels in use";
  private static final String NO_MODULE_LINE = "jdk.incubator.vector is not readable; pass"
      + " '--add-modules jdk.incubator.vector' to enable SIMD kernels (scalar kernels in use)";
  private static final String SIMD_REASON = "SIMD \\(Vector API, \\d+-bit\\) kernels in use:"
      + " jdk.incubator.vector is readable, %s, and they agree with the scalar kernels";

  @Test
  void facadeUsesSimdUnderSurefireUnlessScalarIsRequested() {
    // Surefire passes --add-modules jdk.incubator.vector; the 'scalar-kernels' execution also
    // passes -Dquiver.kernels=scalar.
    boolean scalarRequested = "scalar".equals(System.getProperty(KernelProvider.PROPERTY));
    assertThat(VectorKernels.simd()).as(VectorKernels.reason()).isEqualTo(!scalarRequested);
    if (scalarRequested) {
      assertThat(VectorKernels.description()).isEqualTo("scalar");
      assertThat(VectorKernels.reasonCode()).isEqualTo(KernelReason.SCALAR_REQUESTED);
    } else {
      assertThat(VectorKernels.description()).matches("SIMD \\(Vector API, \\d+-bit\\)");
      assertThat(VectorKernels.reasonCode()).isEqualTo(KernelReason.SIMD);
      assertThat(VectorKernels.reason()).matches(String.format(SIMD_REASON, "C2 is available"));
    }
  }

  @Test
  void scalarPropertyWinsAndSaysSoOnce() {
    KernelProvider.Choice choice = KernelProvider.choose(" Scalar ", true, NO_C2_CHECK, LOADS_SIMD);
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.SCALAR_REQUESTED);
    assertThat(choice.level()).isEqualTo(Level.INFO);
    assertThat(choice.reason()).isEqualTo("-Dquiver.kernels=scalar is set; scalar kernels in use");
  }

  @Test
  void absentModuleFallsBackToScalarNamingTheFlagBeforeAnyC2Check() {
    KernelProvider.Choice choice = KernelProvider.choose(null, false, NO_C2_CHECK, () -> {
      throw new AssertionError("must not try to load SIMD kernels without the module");
    });
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.NO_VECTOR_MODULE);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.reason()).isEqualTo(NO_MODULE_LINE);
  }

  @Test
  void missingC2FallsBackToScalarNamingTheEvidenceWithoutLoadingSimdKernels() {
    KernelProvider.Choice choice = KernelProvider.choose(null, true,
        () -> new C2Check.Result(false, "C2 is not available (-XX:TieredStopAtLevel=1)"), () -> {
          throw new AssertionError("must not load SIMD kernels without C2");
        });
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.NO_C2);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.reason()).isEqualTo("C2 is not available (-XX:TieredStopAtLevel=1), and"
        + " without it the Vector API runs slower than scalar code; scalar kernels in use");
  }

  @Test
  void failingSimdLoadFallsBackToScalarWithTheCause() {
    KernelProvider.Choice choice = KernelProvider.choose("auto", true, HAS_C2, () -> {
      throw new UnsupportedOperationException("preferred species is 64-bit");
    });
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.SIMD_UNAVAILABLE);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.reason()).contains("preferred species is 64-bit", SCALAR_IN_USE);
  }

  @Test
  void moduleC2AndAPassingSelfTestChooseSimdSilently() {
    KernelProvider.Choice choice = KernelProvider.choose(null, true, HAS_C2, LOADS_SIMD);
    assertThat(choice.kernels()).isNotSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.kernels().description()).startsWith("SIMD");
    assertThat(choice.code()).isEqualTo(KernelReason.SIMD);
    assertThat(choice.level()).isNull();
    assertThat(choice.reason()).matches(String.format(SIMD_REASON, "C2 is available"));
  }

  @Test
  void unknownPropertyValueIsNamedInTheOneLine() {
    KernelProvider.Choice choice = KernelProvider.choose("fast", true, HAS_C2, LOADS_SIMD);
    assertThat(choice.kernels().description()).startsWith("SIMD");
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.reason()).contains("'fast'", "expected 'auto' or 'scalar'");
  }

  @Test
  void realKernelsPassTheSelfTest() {
    KernelSupport simd = VectorKernels.simdOrNull();
    assertThat(simd).isNotNull();
    assertThat(KernelSelfTest.run(simd, ScalarKernels.INSTANCE)).isNull();
    assertThat(KernelSelfTest.run(ScalarKernels.INSTANCE, ScalarKernels.INSTANCE)).isNull();
  }

  /** A kernel that forgets the scalar tail of the last vector of a chunk: a plausible SIMD bug. */
  @Test
  void kernelThatDropsATailFloatFailsTheSelfTestAndScalarIsChosenWithTheFirstMismatch() {
    KernelSupport simd = VectorKernels.simdOrNull();
    KernelSupport wrong = new Delegating(simd) {
      @Override
      public void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count,
          int dimensions, float[] out, int outOffset) {
        super.dotCodesMany(query, codes, firstOffset, count, dimensions, out, outOffset);
        if (dimensions % 8 != 0 && dimensions > 64 && count > 0) {
          super.dotCodesMany(query, codes, firstOffset + (count - 1) * dimensions, 1,
              dimensions - 1, out, outOffset + count - 1);
        }
      }
    };
    KernelProvider.Choice choice = KernelProvider.choose(null, true, HAS_C2, () -> wrong);
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.SELF_TEST_FAILED);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.reason()).matches("wrong: " + Pattern.quote(
        simd.description()) + " kernels failed their self-test: dotCodesMany of 5 vectors at"
        + " length 93 \\(integer inputs\\), vector 4 gave -?\\d+\\.0 where the scalar kernels"
        + " give -?\\d+\\.0; scalar kernels in use");
  }

  /** A loop bound one vector past the end, as an exception at selection time. */
  @Test
  void kernelThatThrowsFailsTheSelfTestNamingTheCall() {
    KernelSupport wrong = new Delegating(ScalarKernels.INSTANCE) {
      @Override
      public void dotMany(float[] query, float[] vectors, int firstOffset, int count,
          int dimensions, float[] out, int outOffset) {
        for (int j = 0; j < count; j++) {
          float sum = 0;
          for (int i = 0; i < dimensions + 2; i++) {
            sum += query[i] * vectors[firstOffset + j * dimensions + i];
          }
          out[outOffset + j] = sum;
        }
      }
    };
    KernelProvider.Choice choice = KernelProvider.choose(null, true, HAS_C2, () -> wrong);
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.code()).isEqualTo(KernelReason.SELF_TEST_FAILED);
    assertThat(choice.reason()).isEqualTo("wrong: scalar kernels failed their self-test: dotMany"
        + " of 5 vectors at length 1 (integer inputs) threw"
        + " java.lang.ArrayIndexOutOfBoundsException: Index 9 out of bounds for length 9;"
        + " scalar kernels in use");
  }

  /** Summation order alone is not a failure: the fractional pass allows for rounding. */
  @Test
  void kernelThatOnlyAddsInAnotherOrderPassesTheSelfTest() {
    KernelSupport reversed = new Delegating(ScalarKernels.INSTANCE) {
      @Override
      public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float sum = 0;
        for (int i = length - 1; i >= 0; i--) {
          sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
      }
    };
    assertThat(KernelSelfTest.run(reversed, ScalarKernels.INSTANCE)).isNull();
    assertThat(KernelProvider.choose(null, true, HAS_C2, () -> reversed).kernels())
        .isSameAs(reversed);
  }

  /** Flag values as {@code HotSpotDiagnosticMXBean} reports them under each command line. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      (default)                     | true,4,true,default     | mixed mode, sharing                 | C2 is available
      -XX:TieredStopAtLevel=1       | true,1,true,default     | mixed mode, emulated-client, sharing | C2 is not available (-XX:TieredStopAtLevel=1)
      -XX:TieredStopAtLevel=2       | true,2,true,default     | mixed mode, sharing                 | C2 is not available (-XX:TieredStopAtLevel=2)
      -XX:TieredStopAtLevel=3       | true,3,true,default     | mixed mode, sharing                 | C2 is not available (-XX:TieredStopAtLevel=3)
      -XX:TieredStopAtLevel=0       | false,0,false,default   | mixed mode, sharing                 | C2 is not available (-XX:TieredStopAtLevel=0)
      -Xint                         | false,4,false,default   | interpreted mode, sharing           | C2 is not available (interpreted mode, as with -Xint)
      -XX:-UseCompiler              | false,4,true,default    | mixed mode, sharing                 | C2 is not available (-XX:-UseCompiler)
      -XX:CompilationMode=quick-only | true,4,true,quick-only | mixed mode, emulated-client, sharing | C2 is not available (-XX:CompilationMode=quick-only)
      -XX:CompilationMode=high-only | true,4,true,high-only   | mixed mode, sharing                 | C2 is available
      -XX:-TieredCompilation -XX:TieredStopAtLevel=1 | true,1,false,default | mixed mode, sharing | C2 is available
      -Xcomp                        | true,4,true,default     | compiled mode, sharing              | C2 is available
      """)
  void c2CheckReadsTheFlagsOfEachCommandLine(String commandLine, String flagValues,
      String vmInfo, String expected) {
    String[] values = flagValues.split(",");
    Map<String, String> flags = Map.of("UseCompiler", values[0], "TieredStopAtLevel", values[1],
        "TieredCompilation", values[2], "CompilationMode", values[3]);
    C2Check.Result result = C2Check.decide(name -> Optional.ofNullable(flags.get(name)),
        "OpenJDK 64-Bit Server VM", vmInfo);
    assertThat(result.detail()).as(commandLine).isEqualTo(expected);
    assertThat(result.available()).isEqualTo(expected.equals("C2 is available"));
  }

  @Test
  void jvmciCompilerCountsAsNoC2() {
    Map<String, String> flags = Map.of("UseCompiler", "true", "TieredStopAtLevel", "4",
        "TieredCompilation", "true", "UseJVMCICompiler", "true");
    assertThat(C2Check.decide(name -> Optional.ofNullable(flags.get(name)),
        "OpenJDK 64-Bit Server VM", "mixed mode").detail())
        .isEqualTo("C2 is not available (-XX:+UseJVMCICompiler replaces it)");
  }

  @Test
  void withoutReadableFlagsTheSystemPropertiesDecide() {
    assertThat(C2Check.decide(null, "OpenJDK 64-Bit Server VM", "mixed mode, emulated-client"))
        .isEqualTo(new C2Check.Result(false, "C2 is not available (java.vm.info is 'mixed mode,"
            + " emulated-client', as with -XX:TieredStopAtLevel=1)"));
    assertThat(C2Check.decide(null, "OpenJDK Client VM", "mixed mode"))
        .isEqualTo(new C2Check.Result(false, "C2 is not available (OpenJDK Client VM has no C2)"));
    assertThat(C2Check.decide(null, "OpenJDK 64-Bit Server VM", "interpreted mode").available())
        .isFalse();
    assertThat(C2Check.decide(null, "OpenJDK 64-Bit Server VM", "mixed mode"))
        .isEqualTo(new C2Check.Result(true, "C2 is assumed available (java.vm.info is 'mixed mode';"
            + " the HotSpot flags cannot be read without java.management and jdk.management)"));
  }

  @Test
  void hotSpotFlagsAreReadableHereAndAnUnknownFlagIsEmpty() {
    Function<String, Optional<String>> flags = C2Check.hotSpotFlags();
    assertThat(flags).isNotNull();
    assertThat(flags.apply("UseCompiler")).contains("true");
    assertThat(flags.apply("NoSuchFlagInAnyJvm")).isEmpty();
  }

  @Test
  void facadeRejectsRangesOutsideTheArrays() {
    float[] a = new float[10];
    float[] b = new float[8];
    assertThatThrownBy(() -> VectorKernels.dot(a, 3, b, 0, 8))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("10");
    assertThatThrownBy(() -> VectorKernels.squareDistance(a, 0, b, 1, 8))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("8");
    assertThatThrownBy(() -> VectorKernels.dot(a, 0, b, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> VectorKernels.dotMany(a, new float[20], 0, 3, 7, new float[3], 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("3 vectors of 7 dimensions need 21 elements; the chunk has 20");
    assertThatThrownBy(() -> VectorKernels.dotMany(a, new float[21], 0, 3, 7, new float[3], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> VectorKernels.squareDistanceMany(a, b, 0, 1, 11, new float[1], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(VectorKernels.dot(a, 10, b, 8, 0)).isZero();
  }

  // Real child JVMs. They set their own flags, so the 'scalar-kernels' execution would only repeat
  // them.

  /** A real JVM without the module: the scalar kernels, one warning, and SimdKernels never loaded. */
  @Test
  @DisabledIfSystemProperty(named = KernelProvider.PROPERTY, matches = "scalar")
  void childJvmWithoutVectorModuleRunsScalarAndNeverLoadsSimdKernels() throws Exception {
    Child child = Child.run("-verbose:class");
    assertThat(child.out()).contains("probe: scalar simd=false dot=14.0",
        "reason: NO_VECTOR_MODULE " + NO_MODULE_LINE);
    assertThat(child.out()).filteredOn(line -> line.contains("[class,load]"))
        .noneMatch(line -> line.contains("SimdKernels") || line.contains("jdk.incubator"));
    assertThat(child.logLines()).containsExactly("WARNING " + NO_MODULE_LINE);
  }

  /** Each way of running without C2, with the module readable: scalar, and exactly one warning. */
  @ParameterizedTest(name = "{0}")
  @DisabledIfSystemProperty(named = KernelProvider.PROPERTY, matches = "scalar")
  @CsvSource(delimiter = '|', textBlock = """
      -XX:TieredStopAtLevel=1        | -XX:TieredStopAtLevel=1
      -XX:TieredStopAtLevel=3        | -XX:TieredStopAtLevel=3
      -Xint                          | interpreted mode, as with -Xint
      -XX:-UseCompiler               | -XX:-UseCompiler
      -XX:CompilationMode=quick-only | -XX:CompilationMode=quick-only
      """)
  void childJvmWithoutC2RunsScalarWithOneWarningAndNeverLoadsSimdKernels(String flag,
      String evidence) throws Exception {
    String line = "C2 is not available (" + evidence + "), and without it the Vector API runs"
        + " slower than scalar code; scalar kernels in use";
    Child child = Child.run("--add-modules=jdk.incubator.vector", flag, "-verbose:class");
    assertThat(child.out()).contains("probe: scalar simd=false dot=14.0", "reason: NO_C2 " + line);
    assertThat(child.out()).filteredOn(l -> l.contains("[class,load]")).isNotEmpty()
        .noneMatch(l -> l.contains("SimdKernels"));
    assertThat(child.logLines()).containsExactly("WARNING " + line);
  }

  @Test
  @DisabledIfSystemProperty(named = KernelProvider.PROPERTY, matches = "scalar")
  void childJvmWithModuleAndC2RunsSimdAndLogsNothing() throws Exception {
    Child child = Child.run("--add-modules=jdk.incubator.vector");
    assertThat(child.out()).anyMatch(l -> l.matches("probe: SIMD .* simd=true dot=14\\.0"));
    assertThat(child.reason()).matches("SIMD " + String.format(SIMD_REASON, "C2 is available"));
    assertThat(child.logLines()).isEmpty();
  }

  @Test
  @DisabledIfSystemProperty(named = KernelProvider.PROPERTY, matches = "scalar")
  void childJvmWithScalarPropertyLogsOneInfoLine() throws Exception {
    Child child = Child.run("--add-modules=jdk.incubator.vector", "-Dquiver.kernels=scalar");
    assertThat(child.out()).contains("probe: scalar simd=false dot=14.0");
    assertThat(child.logLines())
        .containsExactly("INFO -Dquiver.kernels=scalar is set; scalar kernels in use");
  }

  /**
   * A runtime like a jlinked one, without java.management or jdk.management (or java.logging): the
   * flags cannot be read, so java.vm.info decides, and the choice still stands.
   */
  @Test
  @DisabledIfSystemProperty(named = KernelProvider.PROPERTY, matches = "scalar")
  void childJvmWithoutManagementModulesJudgesC2FromTheVmInfo() throws Exception {
    String[] limited = {"--limit-modules=java.base,jdk.incubator.vector",
        "--add-modules=jdk.incubator.vector"};
    Child simd = Child.run(limited);
    assertThat(simd.out()).anyMatch(l -> l.matches("probe: SIMD .* simd=true dot=14\\.0"));
    assertThat(simd.reason()).matches("SIMD " + String.format(SIMD_REASON, "C2 is assumed"
        + " available \\(java.vm.info is 'mixed mode[^']*'; the HotSpot flags cannot be read"
        + " without java.management and jdk.management\\)"));
    assertThat(simd.logLines()).isEmpty();

    Child c1 = Child.run(limited[0], limited[1], "-XX:TieredStopAtLevel=1");
    assertThat(c1.out()).contains("probe: scalar simd=false dot=14.0");
    assertThat(c1.logLines()).singleElement().asString().matches("WARNING C2 is not available"
        + " \\(java.vm.info is 'mixed mode, emulated-client[^']*', as with"
        + " -XX:TieredStopAtLevel=1\\), and without it the Vector API runs slower than scalar"
        + " code; scalar kernels in use");
  }

  /** A child JVM running {@link KernelProbe}, and what it printed. */
  private record Child(List<String> out, List<String> err) {
    /** Marks every record logged through System.Logger, with or without java.logging. */
    private static final String LOG_PREFIX = "quiver-log ";
    private static final String LOG_FORMAT = LOG_PREFIX + "%4$s %3$s: %5$s%n";
    private static final String LOGGER = VectorKernels.class.getName() + ": ";

    static Child run(String... jvmArgs) throws IOException, InterruptedException,
        URISyntaxException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xshare:auto");
      command.addAll(List.of(jvmArgs));
      command.add("-Djava.util.logging.SimpleFormatter.format=" + LOG_FORMAT);
      command.add("-Djdk.system.logger.format=" + LOG_FORMAT);
      command.add("-cp");
      command.add(location(VectorKernels.class) + File.pathSeparator + location(KernelProbe.class));
      command.add(KernelProbe.class.getName());
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      // The probe prints little; -verbose:class output fits the pipe only if read while it runs.
      var stderr = new CompletableFuture<byte[]>();
      Thread reader = new Thread(() -> {
        try {
          stderr.complete(process.getErrorStream().readAllBytes());
        } catch (IOException e) {
          stderr.completeExceptionally(e);
        }
      });
      reader.start();
      byte[] stdout = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child %s exits", command).isTrue();
      reader.join();
      String err = new String(stderr.join(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("%s: %s", command, err).isZero();
      return new Child(new String(stdout, StandardCharsets.UTF_8).lines().toList(),
          err.lines().toList());
    }

    /** Every line logged, as "LEVEL message"; all must come from the kernels' logger. */
    List<String> logLines() {
      List<String> lines = err.stream().filter(line -> line.startsWith(LOG_PREFIX))
          .map(line -> line.substring(LOG_PREFIX.length())).toList();
      assertThat(lines).allMatch(line -> line.contains(" " + LOGGER));
      return lines.stream().map(line -> line.replace(LOGGER, "")).toList();
    }

    /** What {@link VectorKernels#reasonCode()} and {@link VectorKernels#reason()} said. */
    String reason() {
      return out.stream().filter(line -> line.startsWith("reason: ")).findFirst()
          .map(line -> line.substring("reason: ".length())).orElseThrow();
    }
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Delegates every kernel; each test overrides the one it gets wrong. */
  private static class Delegating implements PackageKernels {
    private final KernelSupport real;

    Delegating(KernelSupport real) {
      this.real = real;
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
      return real.dot(a, aOffset, b, bOffset, length);
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
      return real.squareDistance(a, aOffset, b, bOffset, length);
    }

    @Override
    public void dotMany(float[] query, float[] vectors, int firstOffset, int count, int dimensions,
        float[] out, int outOffset) {
      real.dotMany(query, vectors, firstOffset, count, dimensions, out, outOffset);
    }

    @Override
    public void squareDistanceMany(float[] query, float[] vectors, int firstOffset, int count,
        int dimensions, float[] out, int outOffset) {
      real.squareDistanceMany(query, vectors, firstOffset, count, dimensions, out, outOffset);
    }

    @Override
    public void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count,
        int dimensions, float[] out, int outOffset) {
      real.dotCodesMany(query, codes, firstOffset, count, dimensions, out, outOffset);
    }

    @Override
    public void dotInt8Many(byte[] query, byte[] codes, int firstOffset, int count, int dimensions,
        int[] out, int outOffset) {
      real.dotInt8Many(query, codes, firstOffset, count, dimensions, out, outOffset);
    }

    @Override
    public String description() {
      return "wrong: " + real.description();
    }
  }
}
