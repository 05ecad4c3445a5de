package dev.quiver.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distribution as a user gets it: {@code quiver-<version>.tar.gz} unpacked by {@code tar} into a temporary
 * directory outside the source tree, and {@code bin/quiver} run there as a child process whose environment
 * holds a JDK (the one running this test, through {@code JAVA_HOME} or the {@code PATH}) and nothing from the
 * build: no Maven, no class path, a fresh {@code HOME}, a working directory of its own.
 */
class DistributionIT {
  /** Bounded waits only, generous for a busy machine: the demo embeds 1,500 documents with the local model. */
  static final long DEMO_TIMEOUT_SECONDS = 900;
  static final long TIMEOUT_SECONDS = 120;

  static final String VERSION = System.getProperty("quiver.version");
  static final Path TARBALL = Path.of(System.getProperty("quiver.tarball"));
  /** the checkout: failsafe runs in distribution/ */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path JDK = Path.of(System.getProperty("java.home"));

  /** a line of the explanation that {@code Explanation.toString()} prints under each hit */
  static final Pattern EXPLANATION = Pattern.compile(
      " +fused=-?\\d+\\.\\d{4} vector=(#\\d+ \\(-?\\d+\\.\\d{4}\\)|-) keyword=(#\\d+ \\(-?\\d+\\.\\d{4}\\)|-)");
  static final Pattern BOTH_SIDES = Pattern.compile(".* vector=#\\d+ .* keyword=#\\d+ .*");

  @TempDir
  static Path tmp;

  /** the unpacked distribution, {@code <tmp>/unpacked/quiver-<version>} */
  static Path dist;

  @BeforeAll
  static void unpack() throws IOException {
    assertThat(TARBALL).as("built by the package phase").isRegularFile();
    assertThat(tmp.toRealPath().startsWith(ROOT.toRealPath())).as(tmp + " lies outside the checkout " + ROOT)
        .isFalse();
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    Result tar = run(new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", unpacked.toString()),
        TIMEOUT_SECONDS);
    assertThat(tar.exitCode()).as(tar.toString()).isZero();
    dist = unpacked.resolve("quiver-" + VERSION);
  }

  @Test
  void tarballHoldsTheLauncherTheJarsAndTheLicenseFiles() throws IOException {
    try (Stream<Path> top = Files.list(tmp.resolve("unpacked"))) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactly("quiver-" + VERSION);
    }
    try (Stream<Path> entries = Files.list(dist)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("bin", "lib", "LICENSE", "NOTICE", "README.md");
    }
    assertThat(dist.resolve("bin/quiver")).isRegularFile();
    assertThat(Files.getPosixFilePermissions(dist.resolve("bin/quiver"))).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(dist.resolve("LICENSE")).hasSameBinaryContentAs(ROOT.resolve("LICENSE"));
    assertThat(dist.resolve("NOTICE")).hasSameBinaryContentAs(ROOT.resolve("NOTICE"));
    assertThat(Files.readString(dist.resolve("README.md"))).contains("bin/quiver demo", "JDK 17");

    List<String> jars = jars().stream().map(p -> p.getFileName().toString()).toList();
    assertThat(jars).contains("quiver-cli-" + VERSION + ".jar", "quiver-core-" + VERSION + ".jar",
        "quiver-lucene-keyword-" + VERSION + ".jar", "quiver-embed-minilm-" + VERSION + ".jar",
        "quiver-datasets-" + VERSION + ".jar");
    assertThat(jars).anyMatch(j -> j.startsWith("slf4j-nop-")).anyMatch(j -> j.startsWith("sqlite-jdbc-"))
        .anyMatch(j -> j.startsWith("lucene-core-")).anyMatch(j -> j.startsWith("onnxruntime-"));
    assertThat(jars).as("test dependencies stay out of lib/")
        .noneMatch(j -> j.startsWith("junit-") || j.startsWith("assertj-") || j.startsWith("jqwik"));
  }

  /** bin/quiver puts lib/* on the class path, whose order java leaves open: it may not matter. */
  @Test
  void noTwoJarsInLibHoldTheSameClass() throws IOException {
    Map<String, String> owner = new TreeMap<>();
    List<String> clashes = new ArrayList<>();
    for (Path jar : jars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry e : file.stream().toList()) {
          String name = e.getName();
          if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
            String first = owner.putIfAbsent(name, jar.getFileName().toString());
            if (first != null) {
              clashes.add(name + " in " + first + " and " + jar.getFileName());
            }
          }
        }
      }
    }
    assertThat(owner).isNotEmpty();
    assertThat(clashes).isEmpty();
  }

  @Test
  void demoFromAJdkOnThePathIndexesTheCorpusAndExplainsHybridHits() throws IOException {
    // a space in the path: every argument reaches the command as it was given
    Path store = tmp.resolve("demo store").resolve("demo.quiver");
    Result r = quiver(onThePath(), DEMO_TIMEOUT_SECONDS, "demo", "--store", store.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).contains("Indexed 1500 items",
        "search \"program that remembers my passwords\"", "search \"OpenTaal\"", "search \"R65C02\"",
        "--filter section=utils").doesNotContain("degraded:");
    List<String> lines = r.out().lines().toList();
    long hits = lines.stream().filter(l -> l.matches(" *\\d+\\. .*")).count();
    List<String> explanations = lines.stream().filter(l -> EXPLANATION.matcher(l).matches()).toList();
    assertThat(hits).as(r.toString()).isEqualTo(4 * 5);
    assertThat(explanations).as("one explanation under each hit\n" + r).hasSize(4 * 5);
    assertThat(explanations).as("hybrid: hits that both sides found\n" + r)
        .anyMatch(l -> BOTH_SIDES.matcher(l).matches());
    assertThat(store).isRegularFile();
  }

  @Test
  void versionAndHelpFromJavaHome() {
    Result version = quiver(fromJavaHome(), TIMEOUT_SECONDS, "--version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).as(version.toString()).startsWith("quiver " + VERSION + "\n")
        .contains("Java " + System.getProperty("java.version"));

    Result help = quiver(fromJavaHome(), TIMEOUT_SECONDS, "--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(help.out()).as(help.toString()).startsWith("Usage: quiver").contains("import", "search", "eval",
        "verify", "stats", "repair", "rebuild", "export", "demo", "Exit status:");
  }

  /** The archive is made by one training run into the user's cache, then only read; QUIVER_CDS=off skips it. */
  @Test
  void aClassDataArchiveIsMadeOnceInTheCacheAndUsedByLaterCommands() throws IOException {
    Path cache = Files.createDirectories(tmp.resolve("cds-cache"));
    Map<String, String> env = onThePath();
    env.put("XDG_CACHE_HOME", cache.toString());

    Result first = quiver(env, TIMEOUT_SECONDS, "--version");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.err()).as(first.toString()).contains("making a class-data archive in " + cache);
    List<Path> made = listing(cache.resolve("quiver/cds"));
    assertThat(made).as("one archive, no training leftovers").hasSize(1)
        .allMatch(p -> p.getFileName().toString().endsWith(".jsa"));
    FileTime madeAt = Files.getLastModifiedTime(made.get(0));

    Result second = quiver(env, TIMEOUT_SECONDS, "--version");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).as(second.toString()).doesNotContain("class-data", "cds");
    assertThat(listing(cache.resolve("quiver/cds"))).isEqualTo(made);
    assertThat(Files.getLastModifiedTime(made.get(0))).isEqualTo(madeAt);

    Path untouched = Files.createDirectories(tmp.resolve("cds-off"));
    env.put("XDG_CACHE_HOME", untouched.toString());
    env.put("QUIVER_CDS", "off");
    Result off = quiver(env, TIMEOUT_SECONDS, "--version");
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(off.out()).isEqualTo(first.out());
    assertThat(listing(untouched)).isEmpty();
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void runsThroughARelativeLinkToAnAbsoluteLink() throws IOException {
    Path links = Files.createDirectories(tmp.resolve("links"));
    Path chain = Files.createDirectories(tmp.resolve("chain"));
    Files.createSymbolicLink(chain.resolve("quiver-absolute"), dist.resolve("bin/quiver"));
    Path link = Files.createSymbolicLink(links.resolve("quiver"), Path.of("../chain/quiver-absolute"));

    Result r = run(environment(onThePath(), link, "--version"), TIMEOUT_SECONDS);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).startsWith("quiver " + VERSION + "\n");
  }

  @Test
  void exitStatusOfTheCommandIsTheLaunchers() {
    Result r = quiver(onThePath(), TIMEOUT_SECONDS, "demo", "--limit", "0");
    assertThat(r.exitCode()).as("2: bad usage\n" + r).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("--limit must be 1 to");
  }

  /** The JDK's release file says which Java it is; the launcher refuses before starting an old one. */
  @ParameterizedTest
  @CsvSource({"11.0.2, 11", "1.8.0_402, 8"})
  void refusesAJdkOlderThan17(String javaVersion, String major) throws IOException {
    Path old = Files.createDirectories(tmp.resolve("jdk-" + javaVersion + "/bin"));
    Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'the old java ran'\nexit 99\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Files.writeString(old.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion
        + "\"\n");
    Map<String, String> env = fromJavaHome();
    env.put("JAVA_HOME", old.getParent().toString());

    Result r = quiver(env, TIMEOUT_SECONDS, "--version");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("needs Java 17 or later", "is Java " + major + " ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void javaHomeWithoutJavaIsNamed() {
    Map<String, String> env = fromJavaHome();
    env.put("JAVA_HOME", tmp.resolve("no-jdk-here").toString());
    Result r = quiver(env, TIMEOUT_SECONDS, "--version");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("JAVA_HOME is " + tmp.resolve("no-jdk-here"),
        "is not an executable");
  }

  // --- child processes

  /** What a finished child printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** No JAVA_HOME; the JDK's bin directory first on the PATH, then the system's tools. */
  static Map<String, String> onThePath() {
    Map<String, String> env = baseEnvironment();
    env.put("PATH", JDK.resolve("bin") + ":/usr/bin:/bin");
    return env;
  }

  /** JAVA_HOME set; the PATH has the system's tools only. */
  static Map<String, String> fromJavaHome() {
    Map<String, String> env = baseEnvironment();
    env.put("JAVA_HOME", JDK.toString());
    env.put("PATH", "/usr/bin:/bin");
    return env;
  }

  private static Map<String, String> baseEnvironment() {
    Map<String, String> env = new TreeMap<>();
    try {
      env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put("LANG", "C.UTF-8");
    return env;
  }

  static Result quiver(Map<String, String> env, long timeoutSeconds, String... args) {
    return run(environment(env, dist.resolve("bin/quiver"), args), timeoutSeconds);
  }

  /** {@code program args...} with exactly {@code env}, in an empty working directory outside the checkout. */
  static ProcessBuilder environment(Map<String, String> env, Path program, String... args) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    try {
      builder.directory(Files.createDirectories(tmp.resolve("work")).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  /** Runs the child to its end, killing it after {@code timeoutSeconds}. */
  static Result run(ProcessBuilder builder, long timeoutSeconds) {
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("child did not finish in " + timeoutSeconds + " s: "
            + String.join(" ", builder.command()));
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static List<Path> jars() throws IOException {
    try (Stream<Path> lib = Files.list(dist.resolve("lib"))) {
      List<Path> jars = lib.sorted().toList();
      assertThat(jars).allMatch(p -> p.getFileName().toString().endsWith(".jar"));
      return jars;
    }
  }
}
