package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Fusion;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.testing.HashingTestEmbedder;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server of a real store (SQLite vectors, Lucene keywords) and its client, in one JVM over loopback. */
class QuiverServerTest {
  @TempDir
  Path dir;

  private Path path;
  private Quiver quiver;

  @BeforeEach
  void openStore() {
    path = dir.resolve("chat.quiver");
    quiver = Quiver.open(path, QuiverOptions.builder().embedder(new HashingTestEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    List<Item> items = new ArrayList<>();
    String[] rooms = {"ops", "dev", "law"};
    for (int i = 0; i < 60; i++) {
      items.add(Item.of("msg:" + i, "deploy " + (i % 2 == 0 ? "tonight" : "tomorrow") + " message " + i + " about "
          + (i % 3 == 0 ? "the database migration" : "release notes"),
          Map.of("room", rooms[i % 3], "n", (long) i, "weight", i / 4.0, "pinned", i % 5 == 0))
          .withTimestamp(1_000L * i));
    }
    quiver.index(items);
  }

  @AfterEach
  void closeStore() {
    quiver.close();
  }

  @Test
  void searchesThroughTheClientAnswerAsTheStoreItself() {
    try (QuiverServer server = QuiverServer.start(quiver); QuiverClient client = QuiverClient.connect(path)) {
      List<SearchRequest> requests = List.of(
          SearchRequest.of("deploy tonight"),
          SearchRequest.of("database migration").mode(SearchMode.KEYWORD).limit(5),
          SearchRequest.of("release notes").mode(SearchMode.VECTOR).minVectorScore(0.1),
          SearchRequest.of("deploy").filter(Filter.and(Filter.eq("room", "ops"), Filter.gte("weight", 2.5),
              Filter.not(Filter.eq("pinned", true)))).fusion(Fusion.rrf(60)),
          SearchRequest.of("message").filter(Filter.or(Filter.in("n", List.of(3L, 4L, 5L)), Filter.timeRange(0, 2_000)))
              .fusion(Fusion.minMax(0.3)).includeText(false).snippets(false));
      for (SearchRequest r : requests) {
        SearchResult local = quiver.search(r);
        SearchResult remote = client.search(r);
        assertThat(remote.hits()).as(r.toString()).isEqualTo(local.hits()).isNotEmpty();
        assertThat(remote.answered()).isEqualTo(local.answered());
        assertThat(remote.degradations()).isEqualTo(local.degradations());
      }
    }
  }

  @Test
  void statusCountVerifyAndExportAnswerAsTheStoreItself() {
    try (QuiverServer server = QuiverServer.start(quiver); QuiverClient client = QuiverClient.connect(path)) {
      assertThat(client.status()).isEqualTo(quiver.status());
      assertThat(client.count()).isEqualTo(60);
      assertThat(client.verify()).isEqualTo(quiver.verify()).isEmpty();
      List<Item> localItems = new ArrayList<>();
      List<float[]> localVectors = new ArrayList<>();
      quiver.forEach((item, vector) -> {
        localItems.add(item);
        localVectors.add(vector);
      });
      List<Item> remoteItems = new ArrayList<>();
      List<float[]> remoteVectors = new ArrayList<>();
      client.forEach((item, vector) -> {
        remoteItems.add(item);
        remoteVectors.add(vector);
      });
      assertThat(remoteItems).isEqualTo(localItems).hasSize(60);
      for (int i = 0; i < localVectors.size(); i++) {
        assertThat(remoteVectors.get(i)).as("vector of " + localItems.get(i).id()).isEqualTo(localVectors.get(i));
      }
    }
  }

  @Test
  void aRequestWithoutTheTokenGets401AndNothingElse() throws Exception {
    try (QuiverServer server = QuiverServer.start(quiver)) {
      Endpoint e = server.endpoint();
      HttpClient http = HttpClient.newHttpClient();
      for (String auth : new String[] {null, "Bearer wrong", "Bearer " + e.token() + "x", e.token(),
          "Bearer " + e.token().substring(1)}) {
        for (String path : new String[] {"status", "verify", "export", "nowhere"}) {
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + e.host() + ":" + e.port() + "/v1/"
              + path));
          if (auth != null) {
            b.header("Authorization", auth);
          }
          HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(auth + " " + path).isEqualTo(401);
          assertThat(r.body()).startsWith("{\"error\":{\"code\":\"UNAUTHORIZED\"").doesNotContain("msg:")
              .doesNotContain("vectors");
        }
      }
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://" + e.host() + ":" + e.port()
          + "/v1/status")).header("Authorization", "Bearer " + e.token()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theEndpointFileIsOwnerOnlyBesideTheStoreAndGoneAfterClose() throws Exception {
    Path file = dir.resolve("chat.quiver-endpoint");
    try (QuiverServer server = QuiverServer.start(quiver)) {
      assertThat(server.endpointFile()).isEqualTo(file);
      assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE);
      Endpoint read = Endpoint.read(path).orElseThrow();
      assertThat(read).isEqualTo(server.endpoint());
      assertThat(read.host()).isEqualTo("127.0.0.1");
      assertThat(read.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(read.processAlive()).isTrue();
      assertThat(read.toString()).doesNotContain(read.token());
      assertThat(java.util.Base64.getUrlDecoder().decode(read.token())).hasSize(32);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }
    assertThat(file).doesNotExist();
    assertThat(Endpoint.read(path)).isEmpty();
    assertThatThrownBy(() -> QuiverClient.connect(path)).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED)).hasMessageContaining("quiver serve");
  }

  @Test
  void eachServerHasItsOwnToken() {
    String first;
    try (QuiverServer server = QuiverServer.start(quiver)) {
      first = server.endpoint().token();
    }
    try (QuiverServer server = QuiverServer.start(quiver)) {
      assertThat(server.endpoint().token()).isNotEqualTo(first);
    }
  }

  @Test
  void aNonLoopbackAddressIsRefusedUnlessAllowed() throws Exception {
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertThatThrownBy(() -> QuiverServer.builder(quiver).bindAddress(any).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0.0.0")
        .hasMessageContaining("allowNonLoopback(true)");
    assertThat(dir.resolve("chat.quiver-endpoint")).doesNotExist();
    try (QuiverServer server = QuiverServer.builder(quiver).bindAddress(any).allowNonLoopback(true).start();
        QuiverClient client = QuiverClient.connect(path)) {
      assertThat(server.endpoint().host()).isEqualTo("127.0.0.1"); // the wildcard is reached through loopback
      assertThat(client.count()).isEqualTo(60);
    }
  }

  @Test
  void badInputComesBackAsIllegalArgumentExceptionAndAClosedStoreAsIllegalState() {
    try (QuiverServer server = QuiverServer.start(quiver); QuiverClient client = QuiverClient.connect(path)) {
      // the store, not the request, knows its dimensions
      assertThatThrownBy(() -> client.search(SearchRequest.of(new float[] {1, 2, 3})))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("384");
      quiver.close();
      assertThatThrownBy(client::status).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aMalformedRequestIsA400WithTheFieldItConcerns() throws Exception {
    try (QuiverServer server = QuiverServer.start(quiver)) {
      Endpoint e = server.endpoint();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
          + e.host() + ":" + e.port() + "/v1/search")).header("Authorization", "Bearer " + e.token())
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"deploy\",\"mode\":\"HYBRID\",\"limit\":5,"
              + "\"filter\":{\"op\":\"eq\",\"key\":\"room\"},\"includeText\":true,\"snippets\":true}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("BAD_INPUT").contains("value");
    }
  }

  @Test
  void aServerThatIsGoneIsAnIoErrorCausedByTheRefusedConnection() {
    Endpoint stale;
    try (QuiverServer server = QuiverServer.start(quiver)) {
      stale = server.endpoint();
    }
    QuiverClient client = QuiverClient.connect(path, stale);
    assertThatThrownBy(client::count).isInstanceOfSatisfying(QuiverException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.IO);
      assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    });
  }
}
