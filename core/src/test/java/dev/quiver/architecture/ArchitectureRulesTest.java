package dev.quiver.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the design that a compiler does not check: what core may depend on, and what it may print. */
class ArchitectureRulesTest {
  private static final Path MAIN_SOURCES = Path.of("src/main/java");
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  private static final List<String> ALLOWED = List.of("java.", "javax.", "jdk.incubator.vector.", "org.sqlite.",
      "org.roaringbitmap.", "dev.quiver.");

  @Test
  void coreImportsOnlyTheJdkSqliteJdbcAndRoaringBitmap() throws IOException {
    for (Path file : sources()) {
      var matcher = IMPORT.matcher(Files.readString(file));
      while (matcher.find()) {
        String imported = matcher.group(2);
        assertThat(ALLOWED).as("%s imports %s", file, imported).anyMatch(imported::startsWith);
      }
    }
  }

  @Test
  void luceneAndTheCliAreNotOnCoresClassPath() {
    assertThatThrownBy(() -> Class.forName("org.apache.lucene.index.IndexWriter"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("picocli.CommandLine")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theLibraryNeverPrintsToStandardOutOrErrorAndLogsThroughSystemLogger() throws IOException {
    for (Path file : sources()) {
      String text = Files.readString(file);
      assertThat(text).as("%s", file).doesNotContain("System.out").doesNotContain("System.err")
          .doesNotContain("printStackTrace").doesNotContain("java.util.logging");
    }
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      List<Path> java = files.filter(p -> p.toString().endsWith(".java")).toList();
      assertThat(java).hasSizeGreaterThan(20);
      return java;
    }
  }
}
