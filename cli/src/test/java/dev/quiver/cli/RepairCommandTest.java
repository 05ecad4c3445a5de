package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiverIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store whose vector file is damaged on disk, through the real CLI in child JVMs: the reading commands
 * ({@code verify}, {@code stats}, {@code search}) report the damage and change no file of the vector side;
 * {@code quiver repair} is the one command that moves it, and says where; {@code quiver rebuild} from the
 * server's records then restores the store.
 *
 * <p>"Changed no file" is checked on every file of the store's directory: the vector file with its {@code
 * -wal} and {@code -journal} by SHA-256 (or their absence), the keyword index file by file, and no {@code
 * chat.quiver-quarantine/} appearing. Only the owner file, which each open rewrites with its pid, may differ.
 */
class RepairCommandTest {
  private static final String[] TOPICS = {"deploy", "lunch", "invoice", "printer", "vpn", "standup"};
  private static final String SQL = "SELECT id, text, kind FROM records";
  private static final int RECORDS = 241;
  /** Only the vectors find kb:holiday for this question; keywords do not. */
  private static final String PARAPHRASE = "is the workplace shut at the start of next week?";

  @TempDir
  Path dir;

  /** The store's directory; the children's working directory. */
  Path data;

  Path store;

  @BeforeEach
  void importTheServersRecords() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    store = data.resolve("chat.quiver");
    List<String> jsonl = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"))) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE records(id TEXT PRIMARY KEY, text TEXT NOT NULL, kind TEXT NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO records VALUES (?, ?, ?)")) {
        for (int i = 0; i < RECORDS; i++) {
          String id = i == RECORDS - 1 ? "kb:holiday" : "msg:" + i;
          String text = i == RECORDS - 1
              ? "The office is closed on Monday for the public holiday; the help desk reopens on Tuesday"
              : "message " + i + " in the thread about the " + TOPICS[i % TOPICS.length] + " (update " + i / 10 + ")";
          String kind = i == RECORDS - 1 ? "kb" : "message";
          ps.setString(1, id);
          ps.setString(2, text);
          ps.setString(3, kind);
          ps.addBatch();
          jsonl.add(Json.write(Map.of("id", id, "text", text, "attributes", Map.of("kind", kind))));
        }
        ps.executeBatch();
      }
      c.commit();
    }
    Files.write(dir.resolve("records.jsonl"), jsonl);
    Result r = quiver("import", "--store", "chat.quiver", "--primary-db", "../chat.db", "--from-sqlite",
        "../chat.db", "--sql", SQL);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("imported " + RECORDS + " items");
    Result search = quiver("search", "--store", "chat.quiver", "--json", PARAPHRASE);
    assertThat(hits(search)).first().isEqualTo("kb:holiday");
  }

  @Test
  void readingCommandsOnADamagedStoreReportItAndChangeNoFile() throws Exception {
    scribbleOverPages(store);
    Map<String, String> before = vectorSide();

    Result verify = quiver("verify", "--store", "chat.quiver");
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(verify.out()).isEmpty();
    assertThat(verify.err()).as(verify.toString())
        .contains("quiver verify: chat.quiver: vector file chat.quiver is damaged")
        .contains("nothing was moved; run 'quiver repair --store chat.quiver'");
    assertUnchanged(before, "verify");

    Result stats = quiver("stats", "--store", "chat.quiver", "--json");
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    JsonNode s = Json.MAPPER.readTree(stats.out());
    assertThat(s.get("vectorSide").asText()).isEqualTo("damaged");
    assertThat(s.get("vectorProblem").asText()).isNotBlank();
    assertThat(s.get("keywordItems").asInt()).isEqualTo(RECORDS);
    assertUnchanged(before, "stats --json");
    Result statsText = quiver("stats", "--store", "chat.quiver");
    assertThat(statsText.out()).containsPattern("vector side +damaged \\(");
    assertUnchanged(before, "stats");

    Result search = quiver("search", "--store", "chat.quiver", "--json", "help desk holiday");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    JsonNode result = Json.MAPPER.readTree(search.out());
    assertThat(result.get("answered").toString()).isEqualTo("[\"keyword\"]");
    assertThat(result.get("degradations").get(0).get("reason").asText()).isEqualTo("damaged");
    assertThat(hits(search)).first().isEqualTo("kb:holiday");
    assertThat(search.err()).contains("quiver search: degraded: ");
    assertUnchanged(before, "search --json");
    Result vectorOnly = quiver("search", "--store", "chat.quiver", "--mode", "vector", PARAPHRASE);
    assertThat(vectorOnly.exitCode()).as(vectorOnly.toString()).isZero();
    assertThat(vectorOnly.out()).contains("(no hits)");
    assertThat(vectorOnly.err()).contains("degraded").contains("damaged");
    assertUnchanged(before, "search --mode vector");
    CliProcess.write(data.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"help desk holiday\"}");
    before = vectorSide();
    Result run = quiver("search", "--store", "chat.quiver", "--queries", "queries.jsonl");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("q1 Q0 kb:holiday 1 ");
    assertThat(run.err()).contains("1 of 1 searches were degraded");
    assertUnchanged(before, "search --queries");
  }

  /** The whole way back: damaged, reported, moved aside by repair, rebuilt from the server's records, clean. */
  @ParameterizedTest
  @ValueSource(strings = {"--from-sqlite", "--jsonl"})
  void repairMovesTheDamagedFileAsideAndRebuildRestoresTheStore(String source) throws Exception {
    scribbleOverPages(store);
    String damaged = FileTree.sha256(store);
    Map<String, String> before = vectorSide();
    assertThat(quiver("verify", "--store", "chat.quiver").exitCode()).isEqualTo(ExitCodes.CORRUPT);
    assertUnchanged(before, "verify");

    Result repair = quiver("repair", "--store", "chat.quiver");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    Matcher moved = Pattern.compile("moved the damaged vector file of chat\\.quiver to (\\S+):").matcher(repair.out());
    assertThat(moved.find()).as(repair.toString()).isTrue();
    Path set = data.resolve(moved.group(1));
    assertThat(set.getParent()).isEqualTo(data.resolve("chat.quiver-quarantine"));
    assertThat(FileTree.sha256(set.resolve("chat.quiver"))).as("the damaged file, moved whole").isEqualTo(damaged);
    assertThat(repair.out()).contains("  " + moved.group(1) + "/chat.quiver (" + Files.size(set.resolve("chat.quiver"))
        + " bytes)");
    try (Stream<Path> files = Files.list(set)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("chat\\.quiver(-wal|-journal)?"));
    }
    assertThat(repair.out()).contains("searches answer from keywords only")
        .contains("next: rebuild it from your source: quiver rebuild --store chat.quiver");
    assertThat(store).as("a fresh vector file").isRegularFile();
    assertThat(FileTree.sha256(store)).isNotEqualTo(damaged);

    Result quarantined = quiver("verify", "--store", "chat.quiver");
    assertThat(quarantined.exitCode()).as(quarantined.toString()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(quarantined.err()).contains("was damaged and moved to").contains(moved.group(1))
        .contains("run 'quiver rebuild --store chat.quiver'");
    JsonNode stats = Json.MAPPER.readTree(quiver("stats", "--store", "chat.quiver", "--json").out());
    assertThat(stats.get("vectorSide").asText()).isEqualTo("quarantined");
    Result keywordOnly = quiver("search", "--store", "chat.quiver", "--json", "help desk holiday");
    assertThat(Json.MAPPER.readTree(keywordOnly.out()).get("answered").toString()).isEqualTo("[\"keyword\"]");
    assertThat(hits(keywordOnly)).first().isEqualTo("kb:holiday");
    Result again = quiver("repair", "--store", "chat.quiver");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).startsWith("nothing to move: chat.quiver (vector file was damaged and moved to ")
        .contains("quiver rebuild --store chat.quiver");

    Result rebuilt = source.equals("--jsonl")
        ? quiver("rebuild", "--store", "chat.quiver", "--jsonl", "../records.jsonl")
        : quiver("rebuild", "--store", "chat.quiver", "--primary-db", "../chat.db", "--from-sqlite", "../chat.db",
            "--sql", SQL);
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
    assertThat(rebuilt.out()).contains(RECORDS + " items");

    Result clean = quiver("verify", "--store", "chat.quiver");
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(clean.out()).isEqualTo("ok: chat.quiver is healthy (" + RECORDS + " items)\n");
    Result semantic = quiver("search", "--store", "chat.quiver", "--json", "--explain", PARAPHRASE);
    JsonNode restored = Json.MAPPER.readTree(semantic.out());
    assertThat(restored.get("degradations").isEmpty()).as(semantic.toString()).isTrue();
    assertThat(restored.get("hits").get(0).get("id").asText()).isEqualTo("kb:holiday");
    assertThat(restored.get("hits").get(0).get("explanation").get("vectorRank").asInt()).isEqualTo(1);
    assertThat(FileTree.sha256(set.resolve("chat.quiver"))).as("the quarantined copy is kept").isEqualTo(damaged);

    Map<String, String> healthy = vectorSide();
    Result nothing = quiver("repair", "--store", "chat.quiver");
    assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
    assertThat(nothing.out()).startsWith("nothing to repair: the vector file chat.quiver is not damaged (ready)");
    assertThat(vectorSide()).isEqualTo(healthy);
  }

  /** A vector file deleted under its keyword index is damage to report, not a missing store nor a new one. */
  @Test
  void missingVectorFileBesideItsKeywordIndexIsReportedAndRecreatedOnlyByRepair() throws Exception {
    Files.delete(store);
    Map<String, String> before = vectorSide();
    Result verify = quiver("verify", "--store", "chat.quiver");
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(verify.err()).contains("vector file chat.quiver is damaged").contains("quiver repair");
    Result stats = quiver("stats", "--store", "chat.quiver", "--json");
    assertThat(Json.MAPPER.readTree(stats.out()).get("vectorSide").asText()).as(stats.toString())
        .isEqualTo("damaged");
    assertUnchanged(before, "verify, stats");
    assertThat(store).doesNotExist();

    Result repair = quiver("repair", "--store", "chat.quiver");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out()).startsWith("the vector file chat.quiver was missing (").contains("nothing to move")
        .contains("quiver rebuild --store chat.quiver");
    assertThat(store).isRegularFile();
    Result rebuilt = quiver("rebuild", "--store", "chat.quiver", "--jsonl", "../records.jsonl");
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
    assertThat(quiver("verify", "--store", "chat.quiver").exitCode()).isZero();
  }

  @Test
  void repairOfAStoreOwnedByAnotherProcessIsRefusedAndMovesNothing() throws Exception {
    scribbleOverPages(store);
    Map<String, String> before = vectorSide();
    Process holder = CliProcess.start(HoldStore.class, store.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("holder said").startsWith("ready ");
      Result r = quiver("repair", "--store", "chat.quiver");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(r.err()).contains(String.valueOf(holder.pid())).contains("chat.quiver");
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(60, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    assertUnchanged(before, "repair refused");
  }

  private Result quiver(String... args) {
    return quiverIn(data, args);
  }

  private static List<String> hits(Result search) throws IOException {
    assertThat(search.exitCode()).as(search.toString()).isZero();
    List<String> ids = new ArrayList<>();
    for (JsonNode hit : Json.MAPPER.readTree(search.out()).get("hits")) {
      ids.add(hit.get("id").asText());
    }
    return ids;
  }

  /**
   * Every file of the store's directory but the owner file's content: the vector file and its {@code -wal} and
   * {@code -journal} by SHA-256, or "absent", and the keyword index file by file.
   */
  private Map<String, String> vectorSide() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String suffix : new String[] {"", "-wal", "-journal", "-shm"}) {
      files.put("chat.quiver" + suffix, FileTree.sha256(data.resolve("chat.quiver" + suffix)));
    }
    Map<String, String> all = FileTree.snapshot(data);
    all.computeIfPresent("chat.quiver-owner", (name, content) -> "present");
    files.putAll(all);
    return files;
  }

  private void assertUnchanged(Map<String, String> before, String after) throws IOException {
    assertThat(vectorSide()).as("the store's files after " + after).isEqualTo(before);
    assertThat(data.resolve("chat.quiver-quarantine")).as("after " + after).doesNotExist();
  }

  /** Keeps the 100-byte header (the file is still Quiver's) and scribbles over the pages after it. */
  static void scribbleOverPages(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      for (long offset = 100; offset < raf.length(); offset += 1024) {
        raf.seek(offset);
        raf.write(new byte[] {0x13, 0x37, 0x13, 0x37, 0x13, 0x37, 0x13, 0x37});
      }
    }
  }
}
