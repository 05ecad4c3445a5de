package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiverIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code quiver search --queries Q --run-out FILE} writes FILE by the rules export follows ({@link OutputFile}).
 * It used to open FILE with {@code Files.newBufferedWriter}, which truncates whatever it is given: {@code
 * --run-out chat.quiver} emptied the store before the first search ran. Each run is a child JVM on real files.
 *
 * <p>Every refusal is checked the same way: exit status 2, one line on stderr naming FILE, nothing on stdout,
 * and the whole directory tree exactly as before (each regular file by SHA-256, each link by its target, each
 * special file by its type; nothing added).
 */
class SearchRunOutSafetyTest {
  /** One store, imported once; each test works on its own copy. */
  @TempDir
  static Path seed;

  @TempDir
  Path dir;

  /** The copy of the store's directory; the child's working directory. */
  Path data;

  Path store;

  Path primary;

  @BeforeAll
  static void importTheStoreOnce() {
    Path items = CliProcess.write(seed.resolve("items.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy moved to friday\",\"attributes\":{\"room\":\"ops\"}}",
        "{\"id\":\"b\",\"text\":\"the printer on the third floor is jammed again\"}",
        "{\"id\":\"c\",\"text\":\"lunch at noon in the big meeting room\"}");
    Path store = seed.resolve("data").resolve("chat.quiver");
    Result r = CliProcess.quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    CliProcess.write(seed.resolve("data").resolve("queries.jsonl"),
        "{\"_id\":\"q1\",\"text\":\"when is the deploy?\"}",
        "{\"_id\":\"q2\",\"text\":\"printer jammed\"}");
  }

  @BeforeEach
  void copyTheStore() throws Exception {
    data = dir.resolve("data");
    try (Stream<Path> files = Files.walk(seed.resolve("data"))) {
      for (Path from : files.toList()) {
        Files.copy(from, data.resolve(seed.resolve("data").relativize(from).toString()));
      }
    }
    store = data.resolve("chat.quiver");
    primary = data.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + primary); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, text TEXT)");
      s.execute("INSERT INTO messages VALUES ('m1', 'the chat server''s own data')");
    }
    Path quarantined = Files.createDirectories(data.resolve("chat.quiver-quarantine/20250101-000000-000"));
    Files.writeString(quarantined.resolve("chat.quiver"), "damaged store bytes");
    Files.createSymbolicLink(data.resolve("link-to-store"), Path.of("chat.quiver"));
    Files.createSymbolicLink(data.resolve("link-to-chat.db"), primary);
    Files.createDirectories(data.resolve("sub"));
  }

  /** The bug: each of these was truncated (or created, for a sidecar) and filled with a TREC run. */
  @ParameterizedTest
  @ValueSource(strings = {"chat.quiver", "./chat.quiver", "sub/../chat.quiver", "ABSOLUTE", "link-to-store",
      "hardlink-to-store", "chat.quiver-wal", "chat.quiver-journal", "chat.quiver-owner", "KEYWORD-FILE",
      "chat.quiver-keyword/run.trec", "chat.quiver-quarantine/20250101-000000-000/chat.quiver"})
  void runOutOverTheStoresOwnFilesIsRefusedAndChangesNothing(String target) throws Exception {
    String file = target(target);
    assertRefused(file, "refusing to write " + file + ": it is ", "--run-out", file);
    assertRefused(file, "refusing to write " + file + ": it is ", "--run-out", file, "--force");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.db", "link-to-chat.db", "hardlink-to-chat.db", "chat.db-journal", "chat.db-wal"})
  void runOutOverThePrimaryDatabaseIsRefusedAndChangesNothing(String target) throws Exception {
    String file = target(target);
    assertRefused(file, "refusing to write " + file + ": it is the primary database", "--primary-db", "chat.db",
        "--run-out", file, "--force");
  }

  @Test
  void existingFileIsRefusedWithoutForce() throws Exception {
    Files.writeString(data.resolve("run.trec"), "last week's run\n");
    assertRefused("run.trec", "refusing to replace run.trec: the file exists; pass --force to replace it",
        "--run-out", "run.trec");
  }

  @Test
  void symlinkFifoAndDirectoryAreRefusedEvenWithForce() throws Exception {
    Path victim = Files.writeString(data.resolve("victim.txt"), "someone else's file\n");
    Files.createSymbolicLink(data.resolve("stdout"), victim);
    assertRefused("stdout", "refusing to replace stdout: it is a symbolic link", "--run-out", "stdout", "--force");
    Process mkfifo = new ProcessBuilder("mkfifo", data.resolve("pipe").toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    assertRefused("pipe", "refusing to replace pipe: it is a FIFO, not a regular file", "--run-out", "pipe",
        "--force");
    Files.createDirectory(data.resolve("runs"));
    assertRefused("runs", "refusing to replace runs: it is a directory", "--run-out", "runs", "--force");
  }

  @Test
  void newFileGetsTheRunAndNothingElseChanges() throws Exception {
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, "search", "--store", "chat.quiver", "--queries", "queries.jsonl", "--run-out",
        "run.trec", "--mode", "keyword");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("wrote 2 queries to run.trec");
    assertRun(Files.readString(data.resolve("run.trec")));
    Map<String, String> after = FileTree.snapshot(dir);
    assertThat(after.remove("data/run.trec")).isNotNull();
    assertThat(after).isEqualTo(before);
  }

  /** A second hard link keeps the old bytes: the run replaced the file by a rename, not by truncating it. */
  @Test
  void forceReplacesAnExistingRunByAnAtomicRename() throws Exception {
    Path run = Files.writeString(data.resolve("run.trec"), "last week's run\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rw-------"));
    Path keep = Files.createLink(data.resolve("keep.trec"), run);
    Result r = quiverIn(data, "search", "--store", "chat.quiver", "--queries", "queries.jsonl", "--run-out",
        "run.trec", "--force", "--mode", "keyword");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertRun(Files.readString(run));
    assertThat(keep).hasContent("last week's run");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  @Test
  void dashWritesTheRunToStdoutAndCreatesNoFile() throws Exception {
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, "search", "--store", "chat.quiver", "--queries", "queries.jsonl", "--run-out", "-",
        "--mode", "keyword");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertRun(r.out());
    assertThat(FileTree.snapshot(dir)).isEqualTo(before);
  }

  /**
   * {@code quiver search ... >> chat.quiver}: the shell opened the store for the command. Every command that
   * opens a store refuses a stdout that is one of its files, before opening it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"run", "query", "stats", "verify"})
  void stdoutRedirectedOntoTheStoreIsRefused(String command) throws Exception {
    List<String> args = switch (command) {
      case "run" -> List.of("search", "--store", "chat.quiver", "--queries", "queries.jsonl", "--run-out", "-");
      case "query" -> List.of("search", "--store", "chat.quiver", "deploy");
      default -> List.of(command, "--store", "chat.quiver");
    };
    Map<String, String> before = FileTree.snapshot(dir);
    ProcessBuilder b = CliProcess.command(QuiverCli.class, args.toArray(String[]::new)).directory(data.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(store.toFile()));
    Result r = CliProcess.run(b);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(errorLines(r)).as(r.toString()).hasSize(1);
    assertThat(r.err()).contains("refusing to write stdout: it is the store chat.quiver");
    assertThat(FileTree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void helpDescribesForceDashAndTheRefusals() {
    Result r = quiverIn(dir, "search", "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    assertThat(help).contains("--force", "--run-out - writes the run to stdout", "primary database",
        "symbolic link", "renamed");
  }

  /** The token's path, relative to {@link #data} unless absolute; creates the hard links a token names. */
  private String target(String token) throws IOException {
    switch (token) {
      case "ABSOLUTE":
        return store.toString();
      case "hardlink-to-store":
        Files.createLink(data.resolve(token), store);
        return token;
      case "hardlink-to-chat.db":
        Files.createLink(data.resolve(token), primary);
        return token;
      case "KEYWORD-FILE":
        try (Stream<Path> files = Files.list(data.resolve("chat.quiver-keyword"))) {
          return "chat.quiver-keyword/" + files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow()
              .getFileName();
        }
      default:
        return token;
    }
  }

  private void assertRefused(String file, String message, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("search", "--store", "chat.quiver", "--queries", "queries.jsonl"));
    args.addAll(List.of(options));
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    List<String> lines = errorLines(r);
    assertThat(lines).as(r.toString()).hasSize(1);
    assertThat(lines.get(0)).as(r.toString()).startsWith("quiver search: ").contains(file).contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(FileTree.snapshot(dir)).as("every file after " + args).isEqualTo(before);
  }

  private static List<String> errorLines(Result r) {
    return r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
  }

  /** Two queries, each with at least one hit, in TREC run format with the default tag. */
  private static void assertRun(String run) {
    List<String> lines = run.lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.matches("q[12] Q0 [abc] \\d+ -?\\d+\\.\\d{6} quiver-keyword"));
    assertThat(lines).anyMatch(l -> l.startsWith("q1 Q0 a 1 ")).anyMatch(l -> l.startsWith("q2 Q0 b 1 "));
  }
}
