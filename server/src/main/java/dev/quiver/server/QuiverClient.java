package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Problem;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Reads a store through the {@link QuiverServer} of the process that owns it: the same answers as that process's
 * {@link Quiver} gives, over loopback HTTP with the endpoint file's token.
 *
 * <p>Failures are the store's own exception types: a {@link QuiverException} with the {@link ErrorCode} the store
 * raised, {@link IllegalArgumentException} for a request the store refused as bad input, {@link
 * IllegalStateException} when the store was closed. A server that cannot be reached is a {@link QuiverException}
 * {@link ErrorCode#IO} whose cause is the {@link ConnectException} (a stale endpoint file: its process died).
 *
 * <pre>{@code
 * try (QuiverClient client = QuiverClient.connect(Path.of("data/chat.quiver"))) {
 *   SearchResult result = client.search(SearchRequest.of("when is the deploy?"));
 * }
 * }</pre>
 */
public final class QuiverClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Path store;
  private final Endpoint endpoint;
  private final URI base;
  private final HttpClient http;

  private QuiverClient(Path store, Endpoint endpoint) {
    this.store = store;
    this.endpoint = endpoint;
    String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
    this.base = URI.create("http://" + host + ":" + endpoint.port() + "/v1/");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * A client of the server of {@code store}, from its endpoint file {@code <store>-endpoint}.
   *
   * @throws QuiverException {@link ErrorCode#LOCKED} when there is no endpoint file (the owner serves nobody)
   */
  public static QuiverClient connect(Path store) {
    Endpoint endpoint = Endpoint.read(store).orElseThrow(() -> new QuiverException(ErrorCode.LOCKED, store,
        "no endpoint file " + Endpoint.file(store) + ": the process that owns " + store + " serves no reads "
            + "(start it with 'quiver serve', QuiverServer or quiver.serve.enabled=true)"));
    return connect(store, endpoint);
  }

  /** A client of {@code endpoint}, the server of {@code store} (named in exceptions). */
  public static QuiverClient connect(Path store, Endpoint endpoint) {
    return new QuiverClient(Objects.requireNonNull(store, "store"), Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** The endpoint this client calls. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** As {@link Quiver#search(SearchRequest)} in the owning process. */
  public SearchResult search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    return Wire.result(call(post("search", Wire.bytes(Wire.request(request)))));
  }

  /** As {@link Quiver#status()} in the owning process. */
  public Quiver.Status status() {
    return Wire.status(call(get("status")));
  }

  /** As {@link Quiver#count()} in the owning process. */
  public int count() {
    return Wire.count(call(get("status")));
  }

  /** As {@link Quiver#verify()} in the owning process. */
  public List<Problem> verify() {
    return Wire.problems(call(get("verify")));
  }

  /**
   * As {@link Quiver#forEach} in the owning process: every item with its vector, in id order, streamed.
   *
   * @throws QuiverException {@link ErrorCode#IO} if the stream ends before the server said it was complete
   */
  public void forEach(BiConsumer<Item, float[]> consumer) {
    HttpResponse<InputStream> response = send(get("export"), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw Wire.exception(response.statusCode(), Wire.parse(body.readAllBytes(), "error of " + base), store);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
      long n = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode node = Wire.parseLine(line, "export line " + (n + 1) + " from " + base);
        JsonNode end = node.get("end");
        if (end != null) {
          long sent = end.path("items").asLong(-1);
          if (sent != n) {
            throw new QuiverException(ErrorCode.IO, store, "the export from the server of " + store + " ended "
                + "after " + n + " items and says it sent " + sent);
          }
          return;
        }
        Wire.Exported e = Wire.item(node, "export line " + (n + 1));
        consumer.accept(e.item(), e.vector());
        n++;
      }
      throw new QuiverException(ErrorCode.IO, store, "the export from the server of " + store + " broke off after "
          + n + " items, without its end line; the server failed or stopped while sending");
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "reading the export from the server of " + store + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Nothing to release: each call is one request. */
  @Override
  public void close() {
    // java.net.http.HttpClient of JDK 17 has no close; its threads end when it is unreachable
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest post(String path, byte[] body) {
    return request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + endpoint.token());
  }

  private JsonNode call(HttpRequest request) {
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = Wire.parse(response.body(), "answer of " + request.uri());
    if (response.statusCode() != 200) {
      throw Wire.exception(response.statusCode(), body, store);
    }
    return body;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (ConnectException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot connect to the server of " + store + " at "
          + endpoint.host() + ":" + endpoint.port() + " (pid " + endpoint.pid() + "): connection refused", e);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "request " + request.uri() + " to the server of " + store
          + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuiverException(ErrorCode.IO, store, "interrupted while asking the server of " + store, e);
    }
  }
}
