package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.DemoCorpus;
import dev.quiver.datasets.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole command against the real facade, each step a child JVM on real files.
 */
class EndToEndTest {
  static final int ITEMS = 80;

  @TempDir
  Path dir;

  Path corpus;
  Path queries;
  Path qrels;
  Path store;

  /** 80 Debian packages from the demo corpus; queries are 20 of their one-line summaries (known items). */
  @BeforeEach
  void corpus() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DemoCorpus.class.getResourceAsStream(DemoCorpus.RESOURCE)), StandardCharsets.UTF_8))) {
      for (String line; lines.size() < ITEMS && (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
    List<String> q = new ArrayList<>();
    List<String> j = new ArrayList<>(List.of("query-id\tcorpus-id\tscore"));
    for (int i = 0; i < ITEMS; i += 4) {
      JsonNode item = Json.MAPPER.readTree(lines.get(i));
      String summary = item.get("text").asText().split("\n", 2)[0];
      q.add(Json.write(java.util.Map.of("_id", "q" + i, "text", summary)));
      j.add("q" + i + "\t" + item.get("id").asText() + "\t1");
    }
    queries = Files.write(dir.resolve("queries.jsonl"), q);
    qrels = Files.write(dir.resolve("test.tsv"), j);
    store = dir.resolve("data").resolve("chat.quiver");
    Files.createDirectories(store.getParent());
  }

  private void importCorpus() {
    Result r = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void importSearchEvalVerifyStatsExportRebuild() throws Exception {
    Result imported = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString(), "--batch", "32");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out()).contains("imported " + ITEMS + " items");

    Result search = quiver("search", "--store", store.toString(), "--json", "--explain", "--limit", "5",
        "Plan 9 userland tools");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    JsonNode result = Json.MAPPER.readTree(search.out());
    assertThat(result.get("hits")).hasSizeBetween(1, 5);
    assertThat(result.get("hits").get(0).get("id").asText()).isEqualTo("9base");
    assertThat(result.get("hits").get(0).get("explanation").get("fusedScore").asDouble()).isPositive();

    Result filtered = quiver("search", "--store", store.toString(), "--json", "--filter", "section=utils",
        "--mode", "vector", "command line tool");
    assertThat(filtered.exitCode()).as(filtered.toString()).isZero();
    for (JsonNode hit : Json.MAPPER.readTree(filtered.out()).get("hits")) {
      assertThat(hit.get("attributes").get("section").asText()).isEqualTo("utils");
    }

    Result text = quiver("search", "--store", store.toString(), "--explain", "Plan 9 userland tools");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains(" 1. 9base").contains("fused=");

    Path run = dir.resolve("run.trec");
    Result batch = quiver("search", "--store", store.toString(), "--queries", queries.toString(), "--run-out",
        run.toString(), "--limit", "20");
    assertThat(batch.exitCode()).as(batch.toString()).isZero();
    assertThat(Files.readAllLines(run)).isNotEmpty()
        .allMatch(l -> l.matches("q\\d+ Q0 \\S+ \\d+ -?\\d+\\.\\d{6} quiver-hybrid"));

    Result eval = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString());
    assertThat(eval.exitCode()).as(eval.toString()).isZero();
    assertThat(eval.out()).contains("MRR@10", "nDCG@10", "Recall@10", "Recall@100", "hybrid", "vector", "keyword");
    Result evalJson = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--mode", "hybrid", "--json");
    assertThat(Json.MAPPER.readTree(evalJson.out()).get("hybrid").get("mrr@10").asDouble()).isGreaterThan(0.5);

    Result verify = quiver("verify", "--store", store.toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("ok:");

    Result stats = quiver("stats", "--store", store.toString(), "--json");
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    JsonNode s = Json.MAPPER.readTree(stats.out());
    assertThat(s.get("items").asInt()).isEqualTo(ITEMS);
    assertThat(s.get("vectors").get("dimensions").asInt()).isEqualTo(384);
    assertThat(s.get("vectors").get("modelId").asText()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(quiver("stats", "--store", store.toString()).out()).contains("items").contains("" + ITEMS);

    Path export = dir.resolve("export.jsonl");
    Result exported = quiver("export", "--store", store.toString(), "--jsonl", export.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    List<String> lines = Files.readAllLines(export);
    assertThat(lines).hasSize(ITEMS);
    JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertThat(first.get("vector")).hasSize(384);
    assertThat(first.get("attributes").get("section")).isNotNull();
    assertThat(dir.resolve("export.jsonl.partial")).doesNotExist();

    Path half = Files.write(dir.resolve("half.jsonl"), lines.subList(0, ITEMS / 2));
    Result rebuilt = quiver("rebuild", "--store", store.toString(), "--jsonl", half.toString());
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
    assertThat(Json.MAPPER.readTree(quiver("stats", "--store", store.toString(), "--json").out())
        .get("items").asInt()).isEqualTo(ITEMS / 2);
    assertThat(quiver("verify", "--store", store.toString()).exitCode()).isZero();
  }

  @Test
  void progressBarsGoToStderrAndOnlyWhenAsked() {
    Result quiet = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
    assertThat(quiet.err()).doesNotContain(ITEMS + "/" + ITEMS);
    Result shown = quiver("import", "--progress", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.err()).contains("import").contains(ITEMS + "/" + ITEMS);
    // the same corpus again: nothing to embed, every item skipped, and the bar still counts them all
    assertThat(shown.out()).startsWith("imported 0 items").contains(ITEMS + " items already stored as given")
        .doesNotContain("/" + ITEMS);
    Result beforeCommand = quiver("--progress", "import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(beforeCommand.err()).contains(ITEMS + "/" + ITEMS);
  }

  @Test
  void foreignFileIsRefusedNamedAndLeftExactlyAsItWas() throws Exception {
    Path foreignDir = Files.createDirectories(dir.resolve("app"));
    Path foreign = foreignDir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)");
      st.execute("INSERT INTO users(name) VALUES ('ada')");
    }
    String before = sha256(foreign);
    Result r = quiver("import", "--store", foreign.toString(), "--jsonl", corpus.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains(foreign.toString());
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(sha256(foreign)).isEqualTo(before);
    try (Stream<Path> files = Files.list(foreignDir)) {
      assertThat(files).containsExactly(foreign);
    }
  }

  @Test
  void importIntoTheSourceDatabaseItselfIsRefusedAsThePrimaryDatabase() throws Exception {
    Path source = dir.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, text TEXT)");
      st.execute("INSERT INTO messages VALUES ('m1', 'deploy moved to friday')");
    }
    Path link = Files.createSymbolicLink(dir.resolve("vectors.quiver"), source);
    String before = sha256(source);
    // the incident: pointing the vector store at the chat database, here through a symlink
    Result r = quiver("import", "--store", link.toString(), "--from-sqlite", source.toString(),
        "--sql", "SELECT id, text FROM messages");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("primary database").contains(link.toString());
    assertThat(sha256(source)).isEqualTo(before);
    assertThat(dir.resolve("chat.db-wal")).doesNotExist();
    assertThat(dir.resolve("vectors.quiver-owner")).doesNotExist();
  }

  @Test
  void storeOwnedByAnotherProcessIsRefusedNamingItsPid() throws Exception {
    importCorpus();
    Process holder = CliProcess.start(HoldStore.class, store.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertThat(ready).as("holder said").startsWith("ready ");
      Result r = quiver("stats", "--store", store.toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).contains(String.valueOf(holder.pid())).contains(store.getFileName().toString());
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    assertThat(quiver("verify", "--store", store.toString()).exitCode()).isZero();
  }

  @Test
  void corruptStoreExitsWithFour() throws Exception {
    importCorpus();
    // Keep SQLite's 100-byte header (so the file is still recognisably Quiver's) and scramble every page.
    try (RandomAccessFile f = new RandomAccessFile(store.toFile(), "rw")) {
      byte[] noise = new byte[(int) f.length() - 100];
      new Random(42).nextBytes(noise);
      f.seek(100);
      f.write(noise);
    }
    Result r = quiver("verify", "--store", store.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains(store.getFileName().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"delete", "wal"})
  void importsFromASourceDatabaseWhileItsWriterKeepsWriting(String journalMode) throws Exception {
    Path db = dir.resolve("chat.db");
    int initial = 1200;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=" + journalMode);
        st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, body TEXT, room TEXT)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages(body, room) VALUES (?, ?)")) {
        for (int i = 0; i < initial; i++) {
          ps.setString(1, "message " + i + " in the ops channel");
          ps.setString(2, i % 2 == 0 ? "ops" : "dev");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    Process writer = CliProcess.start(SourceWriter.class, db.toString());
    BufferedReader writerOut = new BufferedReader(new InputStreamReader(writer.getInputStream(),
        StandardCharsets.UTF_8));
    var writerErr = CliProcess.drain(writer.getErrorStream());
    String summary;
    try {
      assertThat(writerOut.readLine()).isEqualTo("writing");
      Result r = quiver("import", "--store", store.toString(), "--from-sqlite", db.toString(), "--sql",
          "SELECT id, body AS text, room FROM messages");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(writer.isAlive()).as("the writer kept running through the import").isTrue();
    } finally {
      writer.getOutputStream().close();
      summary = writerOut.readLine();
      writer.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(summary).as(writerErr.join()).matches("inserted \\d+ failed 0");
    long inserted = Long.parseLong(summary.split(" ")[1]);
    assertThat(inserted).isPositive();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.getString(1)).isEqualTo(journalMode);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM messages")) {
        assertThat(rs.getLong(1)).isEqualTo(initial + inserted);
      }
    }
    JsonNode stats = Json.MAPPER.readTree(quiver("stats", "--store", store.toString(), "--json").out());
    assertThat(stats.get("items").asLong()).isBetween((long) initial, initial + inserted);
  }

  @Test
  void demoIndexesTheBundledCorpusAndExplainsItsHits() {
    Path demoStore = dir.resolve("demo").resolve("demo.quiver");
    Result r = quiver("demo", "--store", demoStore.toString(), "--limit", "3");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Indexed 1500 items").contains("search \"program that remembers my passwords\"")
        .contains("--filter section=utils").contains("fused=");
    assertThat(r.out().lines().filter(l -> l.matches(" *\\d+\\. .*")).count()).isEqualTo(12);
    assertThat(demoStore).exists();
  }

  static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
