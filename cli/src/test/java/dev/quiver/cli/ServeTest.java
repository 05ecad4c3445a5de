package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.DemoCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver serve} in a child JVM holds the store; the reading commands in other child JVMs read it through
 * that process and print what they print against the same store unlocked.
 */
class ServeTest {
  static final int ITEMS = 60;

  @TempDir
  Path dir;

  Path store;
  Path endpointFile;
  Path queries;

  @BeforeEach
  void importCorpus() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DemoCorpus.class.getResourceAsStream(DemoCorpus.RESOURCE)), StandardCharsets.UTF_8))) {
      for (String line; lines.size() < ITEMS && (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
    queries = Files.write(dir.resolve("queries.jsonl"), List.of("{\"_id\":\"q1\",\"text\":\"point data analysis\"}",
        "{\"_id\":\"q2\",\"text\":\"assembler\"}"));
    store = dir.resolve("data").resolve("chat.quiver").toAbsolutePath();
    Files.createDirectories(store.getParent());
    endpointFile = store.resolveSibling("chat.quiver-endpoint");
    Result r = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** The reading commands, each with what it printed: stdout, stderr without the JVM's own notice, and exit. */
  private Map<String, String> readingCommands(String tag) throws IOException {
    Map<String, String> printed = new LinkedHashMap<>();
    String s = store.toString();
    List<List<String>> commands = List.of(
        List.of("search", "--store", s, "--json", "--explain", "--limit", "5", "assembler for processors"),
        List.of("search", "--store", s, "--mode", "keyword", "--filter", "priority=optional", "--explain",
            "analysis"),
        List.of("search", "--store", s, "--filter", "section=nowhere", "data"),
        List.of("search", "--store", s, "--queries", queries.toString(), "--filter", "priority=optional",
            "--limit", "3"),
        List.of("stats", "--store", s),
        List.of("stats", "--store", s, "--json"),
        List.of("verify", "--store", s),
        List.of("export", "--store", s, "--jsonl", "-"));
    for (List<String> c : commands) {
      Result r = quiver(c.toArray(String[]::new));
      printed.put(String.join(" ", c), "exit " + r.exitCode() + "\n--- stdout\n" + r.out() + "--- stderr\n"
          + withoutJvmNotice(r.err()));
    }
    Path file = dir.resolve("export-" + tag + ".jsonl");
    Result r = quiver("export", "--store", s, "--jsonl", file.toString());
    printed.put("export to a file", "exit " + r.exitCode() + "\n" + r.out().replace(file.toString(), "FILE")
        + withoutJvmNotice(r.err()) + Files.readString(file));
    return printed;
  }

  private static String withoutJvmNotice(String err) {
    StringBuilder b = new StringBuilder();
    err.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  /** A {@code quiver serve} child, once it printed its endpoint line. */
  private static final class Server implements AutoCloseable {
    final Process process;
    final String line;
    final CompletableFuture<String> err;

    Server(Path store) throws IOException {
      process = CliProcess.start(QuiverCli.class, "serve", "--store", store.toString());
      err = CliProcess.drain(process.getErrorStream());
      line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(line).as("serve said; stderr: %s", line == null ? err.join() : "").startsWith("serving ");
    }

    int stop() throws Exception {
      process.getOutputStream().close();
      return waitFor();
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("quiver serve did not stop");
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void readingCommandsPrintThroughTheServerWhatTheyPrintUnlocked() throws Exception {
    Map<String, String> unlocked = readingCommands("unlocked");
    assertThat(unlocked.get("search --store " + store + " --mode keyword --filter priority=optional --explain "
        + "analysis")).contains("priority=optional").contains("keyword=#1");
    try (Server server = new Server(store)) {
      assertThat(server.line).contains(store.toString()).contains("http://127.0.0.1:")
          .contains(String.valueOf(server.process.pid())).contains(endpointFile.toString());
      Map<String, String> served = readingCommands("served");
      for (Map.Entry<String, String> e : unlocked.entrySet()) {
        assertThat(served.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(server.stop()).as("serve's exit; stderr: %s", server.err).isZero();
    }
    assertThat(endpointFile).doesNotExist();
    Result after = quiver("verify", "--store", store.toString());
    assertThat(after.exitCode()).as(after.toString()).isZero();
  }

  @Test
  void aRequestWithAWrongOrMissingTokenGets401AndNothing() throws Exception {
    try (Server server = new Server(store)) {
      String json = Files.readString(endpointFile);
      int port = Integer.parseInt(json.replaceAll(".*\"port\":(\\d+).*", "$1"));
      HttpClient http = HttpClient.newHttpClient();
      for (String token : new String[] {null, "Bearer", "Bearer 0000", "Basic dXNlcjpwYXNz"}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/export"));
        if (token != null) {
          b.header("Authorization", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(String.valueOf(token)).isEqualTo(401);
        assertThat(r.body()).contains("UNAUTHORIZED").doesNotContain("3depict").doesNotContain("vector");
      }
      assertThat(server.stop()).isZero();
    }
  }

  @Test
  void sigtermStopsTheServerRemovesTheEndpointFileAndClosesTheStore() throws Exception {
    try (Server server = new Server(store)) {
      assertThat(endpointFile).exists();
      server.process.destroy(); // SIGTERM
      server.waitFor();
    }
    assertThat(endpointFile).doesNotExist();
    Result stats = quiver("stats", "--store", store.toString());
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    assertThat(withoutJvmNotice(stats.err())).isEmpty();
  }

  @Test
  void afterKill9TheStaleEndpointFileLeadsToAPlainOpen() throws Exception {
    Result before = quiver("stats", "--store", store.toString());
    try (Server server = new Server(store)) {
      server.process.destroyForcibly(); // SIGKILL: no hook runs, the file stays
      server.waitFor();
    }
    assertThat(endpointFile).exists();
    Result stats = quiver("stats", "--store", store.toString());
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    assertThat(stats.out()).isEqualTo(before.out());
    assertThat(withoutJvmNotice(stats.err())).isEmpty();
    assertThat(endpointFile).as("a reader never deletes it").exists();
  }

  @Test
  void aHeldStoreWithoutAServerSaysHowToServeAndAStaleEndpointIsIgnoredWithOneWarning() throws Exception {
    Process holder = CliProcess.start(HoldStore.class, store.toString());
    try {
      String ready = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertThat(ready).as("holder said").startsWith("ready ");

      Result none = quiver("stats", "--store", store.toString());
      assertThat(none.exitCode()).as(none.toString()).isEqualTo(3);
      assertThat(none.err()).contains(String.valueOf(holder.pid())).contains("quiver serve --store " + store)
          .contains("QuiverServer").contains("quiver.serve.enabled").doesNotContain("warning");

      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      Files.writeString(endpointFile, "{\"version\":1,\"host\":\"127.0.0.1\",\"port\":9,\"token\":\"t\",\"pid\":"
          + gone.pid() + "}");
      Result dead = quiver("search", "--store", store.toString(), "deploy");
      assertThat(dead.exitCode()).as(dead.toString()).isEqualTo(3);
      assertThat(withoutJvmNotice(dead.err()).lines().filter(l -> l.contains("warning")).toList()).containsExactly(
          "quiver search: warning: ignoring stale endpoint file " + endpointFile + ": its process " + gone.pid()
              + " is not running");
      assertThat(dead.err()).contains("quiver serve");

      int closedPort;
      try (ServerSocket s = new ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      Files.writeString(endpointFile, "{\"version\":1,\"host\":\"127.0.0.1\",\"port\":" + closedPort
          + ",\"token\":\"t\",\"pid\":" + holder.pid() + "}");
      Result refused = quiver("verify", "--store", store.toString());
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
      assertThat(withoutJvmNotice(refused.err()).lines().filter(l -> l.contains("warning")).toList())
          .containsExactly("quiver verify: warning: ignoring stale endpoint file " + endpointFile
              + ": nothing answers at 127.0.0.1:" + closedPort + " (pid " + holder.pid() + ")");
      assertThat(endpointFile).as("a reader never deletes it").exists();
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(60, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
  }
}
