package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conventions of good command-line tools, in a real {@code quiver} process. */
class ConventionsTest {
  @TempDir
  Path dir;

  private static List<String> errLines(Result r) {
    return r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
  }

  @Test
  void usageErrorIsOneLinePlusWhereToReadMore() {
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--limit", "0", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(errLines(r)).containsExactly("quiver search: --limit must be 1 to 10000; found 0",
        "try 'quiver search --help'");
  }

  @Test
  void unknownOptionIsOneLinePlusWhereToReadMore() {
    Result r = quiver("stats", "--store", "s", "--bogus");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(errLines(r)).hasSize(2);
    assertThat(errLines(r).get(0)).startsWith("quiver stats: ").contains("--bogus");
    assertThat(errLines(r).get(1)).isEqualTo("try 'quiver stats --help'");
  }

  @Test
  void modeNamesAreCaseInsensitive() {
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--mode", "KEYWORD", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no store at").doesNotContain("KEYWORD");
  }

  @Test
  void libraryWarningsAreOneLineWithoutJulTimestampsOrStackTraces() throws Exception {
    // a keyword index that cannot be read: the library logs a warning, moves it aside and rebuilds it
    Path items = CliProcess.write(dir.resolve("one.jsonl"), "{\"id\":\"a\",\"text\":\"deploy at noon\"}");
    Path store = dir.resolve("s.quiver");
    assertThat(quiver("import", "--store", store.toString(), "--jsonl", items.toString()).exitCode()).isZero();
    try (var files = java.nio.file.Files.list(dir.resolve("s.quiver-keyword"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
        java.nio.file.Files.writeString(f, "garbage");
      }
    }
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "deploy");
    assertThat(r.err()).as(r.toString()).contains("quiver: warning: ").doesNotContain("SEVERE")
        .doesNotContain("\tat ").doesNotContainPattern("(?m)^[A-Z][a-z]{2} \\d+, \\d{4}")
        .doesNotContain("\u001b[");
    assertThat(r.err().lines().filter(l -> l.startsWith("WARNING: ") && !l.startsWith("WARNING: Using incubator")))
        .isEmpty();
  }

  @Test
  void stderrHasNoEscapeSequencesWhenItIsNotATerminal() {
    Result r = quiver("import", "--store", "s");
    assertThat(r.err()).doesNotContain("\u001b[");
  }
}
