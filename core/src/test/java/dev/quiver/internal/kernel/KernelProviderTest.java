package dev.quiver.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How the implementation is chosen, and what the facade promises whichever is chosen. */
class KernelProviderTest {
  private static final Supplier<KernelSupport> LOADS_SIMD = KernelProvider::loadSimd;

  @Test
  void facadeUsesSimdUnderSurefireUnlessScalarIsRequested() {
    // Surefire passes --add-modules jdk.incubator.vector; the 'scalar-kernels' execution also
    // passes -Dquiver.kernels=scalar.
    boolean scalarRequested = "scalar".equals(System.getProperty(KernelProvider.PROPERTY));
    assertThat(VectorKernels.simd()).as(VectorKernels.description()).isEqualTo(!scalarRequested);
    if (scalarRequested) {
      assertThat(VectorKernels.description()).isEqualTo("scalar");
    } else {
      assertThat(VectorKernels.description()).matches("SIMD \\(Vector API, \\d+-bit\\)");
    }
  }

  @Test
  void scalarPropertyWinsAndSaysSoOnce() {
    KernelProvider.Choice choice = KernelProvider.choose(" Scalar ", true, LOADS_SIMD);
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.level()).isEqualTo(Level.INFO);
    assertThat(choice.message()).isEqualTo("-Dquiver.kernels=scalar is set; scalar kernels in use");
  }

  @Test
  void absentModuleFallsBackToScalarNamingTheFlag() {
    KernelProvider.Choice choice = KernelProvider.choose(null, false, () -> {
      throw new AssertionError("must not try to load SIMD kernels without the module");
    });
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.message()).isEqualTo("jdk.incubator.vector is not readable; pass"
        + " '--add-modules jdk.incubator.vector' to enable SIMD kernels (scalar kernels in use)");
  }

  @Test
  void failingSimdLoadFallsBackToScalarWithTheCause() {
    KernelProvider.Choice choice = KernelProvider.choose("auto", true, () -> {
      throw new UnsupportedOperationException("preferred species is 64-bit");
    });
    assertThat(choice.kernels()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.level()).isEqualTo(Level.WARNING);
    assertThat(choice.message()).contains("preferred species is 64-bit", "scalar kernels in use");
  }

  @Test
  void moduleAndNoPropertyChooseSimdSilently() {
    KernelProvider.Choice choice = KernelProvider.choose(null, true, LOADS_SIMD);
    assertThat(choice.kernels()).isNotSameAs(ScalarKernels.INSTANCE);
    assertThat(choice.kernels().description()).startsWith("SIMD");
    assertThat(choice.message()).isNull();
  }

  @Test
  void unknownPropertyValueIsNamedInTheOneLine() {
    KernelProvider.Choice choice = KernelProvider.choose("fast", true, LOADS_SIMD);
    assertThat(choice.kernels().description()).startsWith("SIMD");
    assertThat(choice.message()).contains("'fast'", "expected 'auto' or 'scalar'");
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

  /** A real JVM without the module: the scalar kernels, one warning, and SimdKernels never loaded. */
  @Test
  void childJvmWithoutVectorModuleRunsScalarAndNeverLoadsSimdKernels()
      throws IOException, InterruptedException, URISyntaxException {
    String classPath = location(VectorKernels.class) + File.pathSeparator + location(KernelProbe.class);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Xshare:auto", "-verbose:class",
        "-cp", classPath, KernelProbe.class.getName()).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    byte[] stderr = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(new String(stderr, StandardCharsets.UTF_8)).isZero();

    List<String> out = new String(stdout, StandardCharsets.UTF_8).lines().toList();
    List<String> err = new String(stderr, StandardCharsets.UTF_8).lines().toList();
    assertThat(out).contains("probe: scalar simd=false dot=14.0");
    assertThat(out).noneMatch(line -> line.contains("SimdKernels") || line.contains("jdk.incubator"));
    assertThat(err).filteredOn(line -> line.contains("jdk.incubator.vector is not readable"))
        .containsExactly("WARNING: jdk.incubator.vector is not readable; pass '--add-modules"
            + " jdk.incubator.vector' to enable SIMD kernels (scalar kernels in use)");
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
