package dev.quiver.reliability;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Starts many short-lived child JVMs quickly, for the kill loop: such a child spends most of its life loading
 * classes. The children share one AppCDS archive of the classes they load, dumped by a warm-up child that
 * exits normally, and load SQLite's native library from one copy instead of each extracting its own. CDS
 * reads classes from jar files only, so the class directories on the test's class path (also those a
 * surefire manifest jar names) are copied into jars first. Whatever step fails, children still start, the
 * plain way: only slower.
 */
final class ChildJvm {
  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  private final List<String> options;
  private final String classPath;
  private final String how;

  private ChildJvm(List<String> options, String classPath, String how) {
    this.options = List.copyOf(options);
    this.classPath = classPath;
    this.how = how;
  }

  /**
   * Prepares below {@code dir}, then dumps the archive by running {@code warmup} with {@code warmupArgs},
   * which must exit with status 0.
   *
   * @param options JVM options for every child (the same for the warm-up: CDS requires it)
   */
  static ChildJvm prepare(Path dir, List<String> options, Class<?> warmup, String... warmupArgs)
      throws IOException, InterruptedException {
    List<String> base = new ArrayList<>(options);
    // JVM warnings (CDS ones included) go to stderr: stdout carries the child's protocol
    base.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr"));
    base.addAll(sharedSqliteLibrary(dir));
    String plain = System.getProperty("java.class.path");
    String jars;
    try {
      jars = jarredClassPath(Files.createDirectories(dir.resolve("classpath")));
    } catch (IOException | RuntimeException e) {
      return new ChildJvm(base, plain, "plain class path (" + e + ")");
    }
    Path archive = dir.resolve("children.jsa");
    List<String> dump = new ArrayList<>(base);
    dump.add("-XX:ArchiveClassesAtExit=" + archive);
    Process p = command(dump, jars, warmup, warmupArgs).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    boolean exited = p.waitFor(3, TimeUnit.MINUTES);
    if (!exited || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
      p.destroyForcibly();
      return new ChildJvm(base, jars, "no class archive (warm-up " + (exited ? "exited " + p.exitValue()
          : "did not finish") + ")");
    }
    List<String> shared = new ArrayList<>(base);
    shared.add("-XX:SharedArchiveFile=" + archive);
    return new ChildJvm(shared, jars, "class archive " + Files.size(archive) / 1024 + " KiB");
  }

  /** How children start, for the test's log. */
  String how() {
    return how;
  }

  /** Starts {@code main}; stdout is the process's input stream, stderr is appended to {@code stderr}. */
  Process start(Path stderr, Class<?> main, String... args) throws IOException {
    return command(options, classPath, main, args)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
  }

  private static ProcessBuilder command(List<String> options, String classPath, Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(JAVA, "--add-modules=jdk.incubator.vector"));
    command.addAll(options);
    command.addAll(List.of("-cp", classPath, main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * Options that load SQLite's native library from one copy below {@code dir} instead of extracting it from
   * the sqlite-jdbc jar at each start. Empty when the library is not where sqlite-jdbc keeps it.
   */
  private static List<String> sharedSqliteLibrary(Path dir) throws IOException {
    String name = LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = ChildJvm.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/"
        + name)) {
      if (in == null) {
        return List.of();
      }
      Path folder = Files.createDirectories(dir.resolve("sqlite-native"));
      Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      return List.of("-Dorg.sqlite.lib.path=" + folder, "-Dorg.sqlite.lib.name=" + name);
    }
  }

  /** This JVM's class path with manifest jars expanded and every directory copied into a jar in {@code into}. */
  private static String jarredClassPath(Path into) throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      List<Path> named = Files.isRegularFile(path) ? manifestClassPath(path) : List.of();
      entries.addAll(named.isEmpty() ? List.of(path) : named);
    }
    List<String> out = new ArrayList<>();
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        Path jar = into.resolve(out.size() + "-" + entry.getFileName() + ".jar");
        jarDirectory(entry, jar);
        out.add(jar.toString());
      } else if (Files.isRegularFile(entry)) {
        out.add(entry.toString());
      }
    }
    return String.join(File.pathSeparator, out);
  }

  /** The entries a jar's manifest {@code Class-Path} names (surefire's manifest-only jar), or none. */
  private static List<Path> manifestClassPath(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.getManifest() == null) {
        return List.of();
      }
      String classPath = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null || classPath.isBlank()) {
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      URI base = jar.toUri();
      for (String url : classPath.trim().split("\\s+")) {
        out.add(Path.of(base.resolve(url)));
      }
      return out;
    }
  }

  private static void jarDirectory(Path directory, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(directory.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }
}
