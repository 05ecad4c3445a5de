package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.ErrorCode;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an open {@link Quiver} to other processes, read-only, so that an operator's {@code quiver search},
 * {@code stats}, {@code verify} and {@code export} work while the chat server holds the store.
 *
 * <h2>Why the owner answers</h2>
 *
 * A store has a single writer, enforced by a lock on {@code <store>-owner}, and its SQLite file is opened with
 * {@code vfs=unix-excl}, which keeps the write-ahead-log index in the owner's heap: no other process can read the
 * file, even read-only. So the process that holds the store answers for it, through the same {@link Quiver}
 * it writes with; the single writer stays single.
 *
 * <h2>Endpoints</h2>
 *
 * {@code GET /v1/status} (the status and the item count), {@code POST /v1/search} (a search request, the result),
 * {@code GET /v1/verify} (the problems found) and {@code GET /v1/export} (every item with its vector, as JSON Lines
 * streamed in id order, ended by {@code {"end":{"items":N}}}); the JSON is {@link Wire}'s. Errors are {@code
 * {"error":{"code":..,"message":..}}}: 400 {@code BAD_INPUT}, 401 {@code UNAUTHORIZED}, 404, 405, 409 {@code
 * ILLEGAL_STATE} (the store is closed), 500 with the store's {@link ErrorCode}.
 *
 * <h2>Who may ask</h2>
 *
 * The server binds a loopback address ({@code 127.0.0.1}, an ephemeral port by default) and refuses any other
 * unless {@link Builder#allowNonLoopback(boolean)} says so. Every request must carry {@code Authorization: Bearer
 * <token>}, a random token of 32 bytes from {@link SecureRandom}, or gets 401 and nothing else. The token is in the
 * endpoint file {@code <store>-endpoint} (mode 600, see {@link Endpoint}), written on start and deleted on {@link
 * #close()}; {@link QuiverClient} reads it.
 *
 * <p>Closing the server does not close the store; close the server first. Loading this class sets the system
 * property {@code sun.net.httpserver.nodelay} to {@code true} unless it is set: it applies to every JDK HTTP server
 * of the process.
 */
public final class QuiverServer implements AutoCloseable {
  private static final int TOKEN_BYTES = 32;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK's server writes a response's headers and body in two packets; with Nagle's algorithm on, the body
    // waits for the client's delayed ACK of the headers (tens of milliseconds per request). The property is read
    // once, when the JDK's server is first used; an application that set it keeps its own choice.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private final Quiver quiver;
  private final HttpServer http;
  private final ExecutorService executor;
  private final byte[] expectedAuthorization;
  private final Path endpointFile;
  private final Endpoint endpoint;
  private boolean closed;

  private QuiverServer(Builder b) throws IOException {
    this.quiver = b.quiver;
    byte[] raw = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    this.endpointFile = b.endpointFile != null ? b.endpointFile : Endpoint.file(quiver.path());
    this.http = HttpServer.create(new InetSocketAddress(b.address, b.port), 0);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "quiver-server-" + n.incrementAndGet());
      t.setDaemon(true); // never what keeps a JVM alive; the owner decides when to stop
      return t;
    };
    this.executor = Executors.newFixedThreadPool(b.threads, threads);
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    InetAddress bound = http.getAddress().getAddress();
    String host = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
        : bound.getHostAddress();
    this.endpoint = new Endpoint(host, http.getAddress().getPort(), token, ProcessHandle.current().pid());
  }

  /** A server of {@code quiver} on {@code 127.0.0.1}, an ephemeral port, its endpoint file beside the store. */
  public static Builder builder(Quiver quiver) {
    return new Builder(quiver);
  }

  /** Starts a server of {@code quiver} with the defaults of {@link #builder}. */
  public static QuiverServer start(Quiver quiver) {
    return builder(quiver).start();
  }

  /** Options of a {@link QuiverServer}. */
  public static final class Builder {
    private final Quiver quiver;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private boolean allowNonLoopback;
    private int threads = 2;
    private Path endpointFile;

    private Builder(Quiver quiver) {
      this.quiver = Objects.requireNonNull(quiver, "quiver");
    }

    /** The address to bind; default the loopback address. Any other is refused unless allowed. */
    public Builder bindAddress(InetAddress bindAddress) {
      this.address = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /** The TCP port, 0 (the default) for one the system picks. */
    public Builder port(int tcpPort) {
      if (tcpPort < 0 || tcpPort > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535; found " + tcpPort);
      }
      this.port = tcpPort;
      return this;
    }

    /**
     * Accept a bind address that is not a loopback address (default false). The traffic is plain HTTP: the token
     * and every answer cross the network unencrypted, so allow this only on a network you trust as you trust the
     * machine.
     */
    public Builder allowNonLoopback(boolean allow) {
      this.allowNonLoopback = allow;
      return this;
    }

    /** Requests answered at once, 1 to 64; default 2 (the store's own searches run in parallel inside). */
    public Builder threads(int count) {
      if (count < 1 || count > 64) {
        throw new IllegalArgumentException("threads must be 1 to 64; found " + count);
      }
      this.threads = count;
      return this;
    }

    /** Where the endpoint file goes; default {@code <store>-endpoint} ({@link Endpoint#file}). */
    public Builder endpointFile(Path file) {
      this.endpointFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Binds, writes the endpoint file and starts answering.
     *
     * @throws IllegalArgumentException for a non-loopback address without {@link #allowNonLoopback(boolean)}
     * @throws IllegalStateException if the store is closed
     * @throws UncheckedIOException if the port cannot be bound or the endpoint file cannot be written
     */
    public QuiverServer start() {
      if (!address.isLoopbackAddress() && !allowNonLoopback) {
        throw new IllegalArgumentException("bind address " + address.getHostAddress() + " is not a loopback "
            + "address; the server answers with the store's contents over plain HTTP, so it binds 127.0.0.1 "
            + "unless allowNonLoopback(true) says otherwise");
      }
      quiver.status(); // fails on a closed store, before anything is bound or written
      QuiverServer server;
      try {
        server = new QuiverServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind " + address.getHostAddress() + ":" + port + " to serve "
            + quiver.path() + ": " + e.getMessage(), e);
      }
      try {
        server.endpoint.write(server.endpointFile);
      } catch (RuntimeException e) {
        server.http.stop(0);
        server.executor.shutdownNow();
        throw e;
      }
      server.http.start();
      return server;
    }
  }

  /** Where this server answers; its {@link Endpoint#token()} is the credential. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The endpoint file this server wrote. */
  public Path endpointFile() {
    return endpointFile;
  }

  /**
   * Stops answering (requests under way get a second to finish) and deletes the endpoint file. The store stays
   * open. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(endpointFile);
    } catch (IOException e) {
      // the file names a port nobody answers on any more: clients see it refused and ignore it
    }
    http.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, Wire.error(Wire.UNAUTHORIZED, "missing or wrong bearer token; the token is in the "
            + "endpoint file beside the store"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      try {
        switch (path) {
          case "/v1/status":
            requireMethod(method, "GET");
            send(exchange, 200, Wire.status(quiver.status(), quiver.count()));
            break;
          case "/v1/search":
            requireMethod(method, "POST");
            send(exchange, 200, Wire.result(quiver.search(Wire.request(body(exchange)))));
            break;
          case "/v1/verify":
            requireMethod(method, "GET");
            send(exchange, 200, Wire.problems(quiver.verify()));
            break;
          case "/v1/export":
            requireMethod(method, "GET");
            export(exchange);
            break;
          default:
            send(exchange, 404, Wire.error(Wire.NOT_FOUND, "no endpoint " + path + "; expected /v1/status, "
                + "/v1/search, /v1/verify or /v1/export"));
        }
      } catch (MethodNotAllowed e) {
        exchange.getResponseHeaders().set("Allow", e.allowed);
        send(exchange, 405, Wire.error(Wire.METHOD_NOT_ALLOWED, path + " takes " + e.allowed + "; found " + method));
      } catch (IllegalArgumentException e) {
        send(exchange, 400, Wire.error(Wire.BAD_INPUT, String.valueOf(e.getMessage())));
      } catch (IllegalStateException e) {
        send(exchange, 409, Wire.error(Wire.ILLEGAL_STATE, String.valueOf(e.getMessage())));
      } catch (QuiverException e) {
        send(exchange, 500, Wire.error(e.code().name(), String.valueOf(e.getMessage())));
      } catch (HeadersSent e) {
        // the export stream already started: its missing end line tells the client it is incomplete
      } catch (RuntimeException e) {
        send(exchange, 500, Wire.error(ErrorCode.IO.name(), e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    // constant time: the comparison tells nothing about how much of a guessed token was right
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), expectedAuthorization);
  }

  /** The streamed export: one line per item, then the end line with the count, which proves the stream whole. */
  private void export(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    long[] n = {0};
    OutputStream[] out = {null};
    try {
      quiver.forEach((item, vector) -> {
        try {
          if (out[0] == null) {
            out[0] = start(exchange);
          }
          out[0].write(Wire.bytes(Wire.item(item, vector)));
          out[0].write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        n[0]++;
      });
      if (out[0] == null) {
        out[0] = start(exchange);
      }
      out[0].write(Wire.bytes(Wire.end(n[0])));
      out[0].write('\n');
      out[0].flush();
    } catch (RuntimeException e) {
      if (out[0] != null || e instanceof UncheckedIOException) {
        throw new HeadersSent(); // the client went away, or the stream broke off: no end line tells it so
      }
      throw e;
    }
  }

  private static OutputStream start(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0); // chunked: the length is known only at the end
    return new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    return Wire.parse(drain(exchange.getRequestBody(), MAX_BODY), "request body");
  }

  /** A search request is small; a filter at its limits is a few hundred KiB. */
  private static final int MAX_BODY = 8 << 20;

  private static byte[] drain(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new IllegalArgumentException("request body is over " + max + " bytes");
    }
    return bytes;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Wire.bytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new MethodNotAllowed(allowed);
    }
  }

  private static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String allowed;

    MethodNotAllowed(String allowed) {
      super(null, null, false, false);
      this.allowed = allowed;
    }
  }

  private static final class HeadersSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HeadersSent() {
      super(null, null, false, false);
    }
  }
}
