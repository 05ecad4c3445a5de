package dev.quiver.cli;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import dev.quiver.server.Endpoint;
import dev.quiver.server.QuiverClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A store another process holds (opening it failed with {@link ErrorCode#LOCKED}): read through that process's
 * server when its endpoint file says where it answers. A stale endpoint file (its process died, or nothing answers
 * at its port) is reported in one warning and left in place: the owner replaces it when it serves again, and a
 * reader must never delete what another process wrote.
 */
final class HeldStore {
  private HeldStore() {}

  /**
   * A client of the server of {@code store}.
   *
   * @param locked the refusal of the open, thrown again (with how to enable a server) when no server answers
   * @param warn where the one-line warning of a stale endpoint file goes, or null for none ({@code --quiet})
   */
  static QuiverClient connect(Path store, QuiverException locked, String command, PrintWriter warn) {
    Path file = Endpoint.file(store);
    Optional<Endpoint> endpoint;
    try {
      endpoint = Endpoint.read(store);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      warn(warn, command, "ignoring endpoint file " + file + ": " + e.getMessage());
      throw howToServe(store, locked);
    }
    if (endpoint.isEmpty()) {
      throw howToServe(store, locked);
    }
    Endpoint e = endpoint.get();
    if (!e.processAlive()) {
      warn(warn, command, "ignoring stale endpoint file " + file + ": its process " + e.pid() + " is not running");
      throw howToServe(store, locked);
    }
    QuiverClient client = QuiverClient.connect(store, e);
    try {
      client.count(); // one small request: a refused connection is a stale file, not a failed command
    } catch (QuiverException refused) {
      if (!(refused.getCause() instanceof ConnectException)) {
        throw refused;
      }
      warn(warn, command, "ignoring stale endpoint file " + file + ": nothing answers at " + e.host() + ":" + e.port()
          + " (pid " + e.pid() + ")");
      throw howToServe(store, locked);
    }
    return client;
  }

  private static void warn(PrintWriter warn, String command, String message) {
    if (warn != null) {
      warn.println(command + ": warning: " + message);
      warn.flush();
    }
  }

  /** The refusal, with how to make the owning process answer for the store. */
  private static QuiverException howToServe(Path store, QuiverException locked) {
    return new QuiverException(ErrorCode.LOCKED, locked.file(), locked.getMessage() + ". To read it while that "
        + "process holds it, let the owner answer: run it as 'quiver serve --store " + store + "', or start a "
        + "QuiverServer in it (quiver.serve.enabled=true with the Spring Boot starter)", locked);
  }
}
