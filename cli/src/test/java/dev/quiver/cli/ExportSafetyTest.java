package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiverIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.Json;
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
 * {@code quiver export --jsonl FILE} never writes over the store, the primary database, a link or a special
 * file, nor an existing file without {@code --force}; each run is a child JVM on real files. Hostile testing
 * found it renaming its output over whatever FILE was, the store and /dev/stdout included.
 *
 * <p>Every refusal is checked the same way: exit status 2, one line on stderr naming FILE, and the whole
 * directory tree exactly as before (each regular file by SHA-256, each link by its target, each special file
 * by its type; nothing added).
 */
class ExportSafetyTest {
  private static final String NON_ASCII = "naïve café ☕ 東京 😀";

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
  static void importTheStoreOnce() throws IOException {
    Path items = CliProcess.write(seed.resolve("items.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy moved to friday\",\"attributes\":{\"room\":\"ops\"}}",
        "{\"id\":\"b\",\"text\":\"" + NON_ASCII + "\",\"timestamp\":1700000000000}",
        "{\"id\":\"c\",\"text\":\"lunch at noon\"}");
    Path store = Files.createDirectories(seed.resolve("data")).resolve("chat.quiver");
    Result r = CliProcess.quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Files.delete(items);
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
    assertThat(data.resolve("chat.quiver-keyword")).isDirectory();
    assertThat(data.resolve("chat.quiver-owner")).isRegularFile();
    primary = data.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + primary); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, text TEXT)");
      s.execute("INSERT INTO messages VALUES ('m1', 'the chat server''s own data')");
    }
    Files.createDirectories(data.resolve("sub/inner"));
    // a quarantined copy, as Quarantine.move leaves one
    Path quarantined = Files.createDirectories(data.resolve("chat.quiver-quarantine/20250101-000000-000"));
    Files.writeString(quarantined.resolve("chat.quiver"), "damaged store bytes");
    Files.createSymbolicLink(data.resolve("link-to-store"), Path.of("chat.quiver"));
    Files.createSymbolicLink(data.resolve("link-to-chat.db"), primary);
    // physically ../elsewhere/hop/.. is data/, lexically it is elsewhere/
    Files.createSymbolicLink(Files.createDirectories(dir.resolve("elsewhere")).resolve("hop"), data.resolve("sub"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.quiver", "./chat.quiver", "sub/../chat.quiver", "sub/inner/../../chat.quiver",
      "../data/chat.quiver", "../elsewhere/hop/../chat.quiver", "ABSOLUTE", "link-to-store", "hardlink-to-store",
      "chat.quiver-owner", "chat.quiver-endpoint", "chat.quiver-wal", "chat.quiver-journal", "chat.quiver-shm",
      "chat.quiver-keyword",
      "chat.quiver-keyword/new.jsonl", "KEYWORD-FILE", "chat.quiver-quarantine",
      "chat.quiver-quarantine/20250101-000000-000/chat.quiver", "chat.quiver-quarantine/new.jsonl"})
  void exportOverTheStoresOwnFilesIsRefusedAndChangesNothing(String target) throws Exception {
    String file = target(target);
    assertRefused(file, "refusing to write " + file + ": it is ", "export", "--store", "chat.quiver", "--jsonl",
        file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.quiver", "hardlink-to-store", "chat.quiver-wal", "KEYWORD-FILE"})
  void forceDoesNotOverrideTheStoreGuard(String target) throws Exception {
    String file = target(target);
    assertRefused(file, "refusing to write " + file + ": it is ", "export", "--store", "chat.quiver", "--jsonl",
        file, "--force");
  }

  @Test
  void storeGivenThroughASymlinkGuardsTheFileItReachesAndItsSidecars() throws Exception {
    assertRefused("chat.quiver", "refusing to write chat.quiver: it is the store link-to-store", "export",
        "--store", "link-to-store", "--jsonl", "chat.quiver");
    assertRefused("chat.quiver-keyword/x.jsonl", "in the store's keyword index", "export",
        "--store", "link-to-store", "--jsonl", "chat.quiver-keyword/x.jsonl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.db", "./sub/../chat.db", "link-to-chat.db", "hardlink-to-chat.db", "chat.db-wal",
      "chat.db-journal", "chat.db-shm"})
  void exportOverThePrimaryDatabaseIsRefusedAndChangesNothing(String target) throws Exception {
    String file = target(target);
    assertRefused(file, "refusing to write " + file + ": it is the primary database", "export",
        "--store", "chat.quiver", "--primary-db", "chat.db", "--jsonl", file);
  }

  @Test
  void primaryDatabaseGivenThroughASymlinkGuardsTheFileItReaches() throws Exception {
    assertRefused("chat.db", "refusing to write chat.db: it is the primary database link-to-chat.db", "export",
        "--store", "chat.quiver", "--primary-db", "link-to-chat.db", "--jsonl", "chat.db", "--force");
    assertRefused("chat.db-wal", "the primary database's -wal file", "export",
        "--store", "chat.quiver", "--primary-db", "link-to-chat.db", "--jsonl", "chat.db-wal");
  }

  /** The /dev/stdout incident, on a link of our own: the link must stay a link, its file untouched. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void symlinkIsNeverReplacedNorFollowed(boolean force) throws Exception {
    Path victim = Files.writeString(data.resolve("victim.txt"), "someone else's file\n");
    Files.createSymbolicLink(data.resolve("stdout"), victim);
    assertRefused("stdout", "refusing to replace stdout: it is a symbolic link", withForce(force,
        "export", "--store", "chat.quiver", "--jsonl", "stdout"));
  }

  @Test
  void danglingSymlinkIsRefusedAndNothingIsCreatedWhereItPoints() throws Exception {
    Files.createSymbolicLink(data.resolve("out.jsonl"), data.resolve("nowhere.jsonl"));
    assertRefused("out.jsonl", "refusing to replace out.jsonl: it is a symbolic link",
        "export", "--store", "chat.quiver", "--jsonl", "out.jsonl", "--force");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void fifoIsRefusedAndStaysAFifo(boolean force) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", data.resolve("pipe").toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    assertRefused("pipe", "refusing to replace pipe: it is a FIFO, not a regular file", withForce(force,
        "export", "--store", "chat.quiver", "--jsonl", "pipe"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void directoryIsRefused(boolean force) throws Exception {
    Files.createDirectory(data.resolve("out.jsonl"));
    assertRefused("out.jsonl", "refusing to replace out.jsonl: it is a directory", withForce(force,
        "export", "--store", "chat.quiver", "--jsonl", "out.jsonl"));
  }

  @Test
  void existingFileIsRefusedWithoutForce() throws Exception {
    Files.writeString(data.resolve("out.jsonl"), "last week's export\n");
    assertRefused("out.jsonl", "refusing to replace out.jsonl: the file exists; pass --force to replace it",
        "export", "--store", "chat.quiver", "--jsonl", "out.jsonl");
  }

  @Test
  void missingDirectoryIsBadInputNamingIt() throws Exception {
    assertRefused("nope/out.jsonl", "no such directory: ", "export", "--store", "chat.quiver", "--jsonl",
        "nope/out.jsonl");
  }

  /**
   * A second hard link keeps the old bytes: the file was replaced by a rename, not truncated and rewritten in
   * place. The new file has the old one's permissions, and no temporary file is left.
   */
  @Test
  void forceReplacesAnExistingFileByAnAtomicRename() throws Exception {
    Path out = Files.writeString(data.resolve("out.jsonl"), "last week's export\n");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
    Path keep = Files.createLink(data.resolve("keep.jsonl"), out);
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, "export", "--store", "chat.quiver", "--jsonl", "out.jsonl", "--force");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("exported 3 items from chat.quiver to out.jsonl");
    assertExport(Files.readString(out));
    assertThat(keep).hasContent("last week's export");
    assertThat(Files.isSameFile(out, keep)).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    Map<String, String> after = FileTree.snapshot(dir);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.remove("data/out.jsonl");
    before.remove("data/out.jsonl");
    assertThat(after).isEqualTo(before);
  }

  /** The old code wrote to FILE.partial with CREATE+TRUNCATE and renamed it: someone else's file of that name. */
  @Test
  void fileNamedLikeTheOldTemporaryIsNeitherTruncatedNorMovedNorDeleted() throws Exception {
    Files.writeString(data.resolve("out.jsonl.partial"), "my notes, not Quiver's\n");
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, "export", "--store", "chat.quiver", "--jsonl", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertExport(Files.readString(data.resolve("out.jsonl")));
    Map<String, String> after = FileTree.snapshot(dir);
    assertThat(after.remove("data/out.jsonl")).isNotNull();
    assertThat(after).isEqualTo(before);

    Files.writeString(data.resolve("other.jsonl.partial"), "also mine\n");
    Map<String, String> beforeFailure = FileTree.snapshot(dir);
    Result failed = quiverIn(data, "export", "--store", "missing.quiver", "--jsonl", "other.jsonl");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(2);
    assertThat(failed.err()).contains("no store at missing.quiver");
    assertThat(FileTree.snapshot(dir)).isEqualTo(beforeFailure);
  }

  /**
   * {@code -} is stdout: the JSON Lines alone on stdout, UTF-8 even under the C locale (where System.out
   * would write '?' for every non-ASCII character), byte for byte what a file export holds; the summary on
   * stderr; no file named "-".
   */
  @Test
  void dashWritesTheExportAloneToStdoutAndTheSummaryToStderr() throws Exception {
    Map<String, String> before = FileTree.snapshot(dir);
    ProcessBuilder b = CliProcess.command(QuiverCli.class, "export", "--store", "chat.quiver", "--jsonl", "-")
        .directory(data.toFile());
    b.environment().put("LC_ALL", "C");
    b.environment().put("LANG", "C");
    Result r = CliProcess.run(b);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertExport(r.out());
    assertThat(r.err()).contains("exported 3 items from chat.quiver to stdout");
    assertThat(FileTree.snapshot(dir)).isEqualTo(before);

    Result file = quiverIn(data, "export", "--store", "chat.quiver", "--jsonl", "out.jsonl");
    assertThat(file.exitCode()).as(file.toString()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(data.resolve("out.jsonl")));
  }

  /** {@code quiver export --jsonl - >> chat.quiver}: the shell opened the store for us; refuse to fill it. */
  @Test
  void stdoutRedirectedOntoTheStoreIsRefused() throws Exception {
    Map<String, String> before = FileTree.snapshot(dir);
    ProcessBuilder b = CliProcess.command(QuiverCli.class, "export", "--store", "chat.quiver", "--jsonl", "-")
        .directory(data.toFile()).redirectOutput(ProcessBuilder.Redirect.appendTo(store.toFile()));
    Result r = CliProcess.run(b);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(errorLines(r)).hasSize(1);
    assertThat(r.err()).contains("refusing to write stdout: it is the store chat.quiver");
    assertThat(FileTree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void helpDescribesStdoutForceAndTheRefusals() {
    Result r = quiverIn(dir, "export", "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    assertThat(help).contains("--force", "- for stdout", "summary line then goes to stderr", "PATH-keyword/",
        "PATH-quarantine/", "primary database", "symbolic link", "FIFO", "renamed");
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

  private void assertRefused(String file, String message, String... args) throws IOException {
    Map<String, String> before = FileTree.snapshot(dir);
    Result r = quiverIn(data, args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    List<String> lines = errorLines(r);
    assertThat(lines).as(r.toString()).hasSize(1);
    assertThat(lines.get(0)).as(r.toString()).startsWith("quiver export: ").contains(file).contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(FileTree.snapshot(dir)).isEqualTo(before);
  }

  private static List<String> errorLines(Result r) {
    return r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
  }

  private static String[] withForce(boolean force, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (force) {
      all.add("--force");
    }
    return all.toArray(String[]::new);
  }

  private static void assertExport(String jsonl) throws IOException {
    List<String> lines = jsonl.lines().toList();
    assertThat(lines).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode item = Json.MAPPER.readTree(line);
      ids.add(item.get("id").asText());
      assertThat(item.get("vector")).hasSize(384);
    }
    assertThat(ids).containsExactly("a", "b", "c");
    assertThat(Json.MAPPER.readTree(lines.get(1)).get("text").asText()).isEqualTo(NON_ASCII);
  }
}
