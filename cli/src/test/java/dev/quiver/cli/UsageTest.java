package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, versions and bad usage, in a child JVM: none of these opens a store. */
class UsageTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"import", "search", "eval", "verify", "stats", "repair", "rebuild", "export", "serve",
      "demo"})
  void everyCommandPrintsItsHelpToStdoutAndExitsZero(String command) {
    Result r = quiver(command, "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: quiver " + command).contains("--help").contains("--verbose");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void topLevelHelpListsEveryCommandAndTheExitStatuses() {
    Result r = quiver("--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("import", "search", "eval", "verify", "stats", "repair", "rebuild", "export", "serve",
        "demo",
        "Exit status:", "3  refused", "4  the store is corrupt");
  }

  @Test
  void helpSaysReadsNeverMoveAFileAndRepairIsTheExplicitWay() {
    Result verify = quiver("verify", "--help");
    assertThat(verify.out().replaceAll("\\s+", " ")).contains("Reads only", "'quiver repair' moves it aside");
    Result repair = quiver("repair", "--help");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out().replaceAll("\\s+", " ")).contains("PATH-quarantine/<time>/", "never deleting it",
        "'quiver rebuild'", "verify, stats and search never move a file");
  }

  @Test
  void versionNamesTheProgram() {
    Result r = quiver("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("quiver ");
  }

  @Test
  void noCommandIsBadUsage() {
    Result r = quiver();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("missing command");
  }

  @Test
  void unknownCommandIsBadUsage() {
    Result r = quiver("serach", "--store", "x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("serach");
  }

  @Test
  void missingStoreIsBadUsage() {
    Result r = quiver("search", "hello");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--store");
  }

  @Test
  void unknownModeIsBadUsageNamingTheChoices() {
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--mode", "semantic", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("semantic").contains("hybrid, vector, keyword");
  }

  @Test
  void filterWithoutEqualsSignIsBadUsage() {
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--filter", "room", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("key=value").contains("'room'");
  }

  @Test
  void limitOutOfRangeIsBadUsageBeforeTheStoreIsOpened() {
    Path store = dir.resolve("s.quiver");
    Result r = quiver("search", "--store", store.toString(), "--limit", "0", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--limit must be 1 to 10000; found 0");
    assertThat(store).doesNotExist();
  }

  @Test
  void queryAndQueriesFileTogetherIsBadUsage() {
    Result r = quiver("search", "--store", "s", "--queries", "q.jsonl", "hi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("not both");
  }

  @Test
  void importNeedsExactlyOneSource() {
    Result none = quiver("import", "--store", "s");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    Result both = quiver("import", "--store", "s", "--jsonl", "a.jsonl", "--from-sqlite", "a.db", "--sql", "x");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
    Result sqlWithoutDb = quiver("import", "--store", "s", "--sql", "SELECT 1");
    assertThat(sqlWithoutDb.exitCode()).as(sqlWithoutDb.toString()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stats", "verify"})
  void readingCommandsOnAMissingStoreAreBadInputAndCreateNothing(String command) {
    Path store = dir.resolve("typo.quiver");
    Result r = quiver(command, "--store", store.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no store at " + store);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void demoRefusesAnExistingStorePath() throws Exception {
    Path existing = Files.createFile(dir.resolve("taken.quiver"));
    Result r = quiver("demo", "--store", existing.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("already exists");
  }
}
