package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Where the process that owns a store answers: the endpoint file {@code <store>-endpoint} that a running {@link
 * QuiverServer} keeps beside the store, read back.
 *
 * <p>The file is JSON, {@code {"version":1,"host":"127.0.0.1","port":..,"token":..,"pid":..}}. It holds the
 * bearer token, so it is created readable and writable by its owner only (POSIX mode 600): whoever can read it
 * can read the store, exactly as whoever can read the store file can. It is written to a temporary name beside
 * it and renamed into place, so a reader sees a whole file or none.
 *
 * @param host the address to connect to (a loopback address unless the server was told otherwise)
 * @param port the TCP port
 * @param token the bearer token every request must carry
 * @param pid the process that serves the store
 */
public record Endpoint(String host, int port, String token, long pid) {
  /** The suffix of the endpoint file, after the store's own name. */
  public static final String SUFFIX = "-endpoint";

  /** The endpoint file of {@code store}: {@code <store>-endpoint} beside the path as given. */
  public static Path file(Path store) {
    return store.resolveSibling(store.getFileName() + SUFFIX);
  }

  /**
   * The endpoint file of {@code store}, or empty when there is none.
   *
   * @throws IllegalArgumentException if the file is not an endpoint file of this format version
   * @throws UncheckedIOException if it exists and cannot be read
   */
  public static Optional<Endpoint> read(Path store) {
    Path file = file(store);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the endpoint file " + file + ": " + e.getMessage(), e);
    }
    JsonNode n = Wire.parse(bytes, "endpoint file " + file);
    int version = n.path("version").asInt(-1);
    if (version != Wire.VERSION) {
      throw new IllegalArgumentException("endpoint file " + file + " has format version " + version
          + "; this client reads version " + Wire.VERSION);
    }
    if (!n.path("host").isTextual() || !n.path("port").canConvertToInt() || !n.path("token").isTextual()
        || !n.path("pid").canConvertToLong()) {
      throw new IllegalArgumentException("endpoint file " + file + ": expected host, port, token and pid; found "
          + n.properties().stream().map(java.util.Map.Entry::getKey).toList());
    }
    return Optional.of(new Endpoint(n.get("host").textValue(), n.get("port").intValue(), n.get("token").textValue(),
        n.get("pid").longValue()));
  }

  /** Whether the process that wrote this endpoint is still running (a {@code kill -9} leaves its file behind). */
  public boolean processAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Hides the token, which is a credential. */
  @Override
  public String toString() {
    return "Endpoint[" + host + ":" + port + ", pid " + pid + "]";
  }

  /** Writes {@code file}, mode 600 from its creation, by a rename of a temporary file beside it. */
  void write(Path file) {
    ObjectNode n = Wire.object();
    n.put("version", Wire.VERSION).put("host", host).put("port", port).put("token", token).put("pid", pid);
    byte[] bytes = Wire.bytes(n);
    Path parent = file.toAbsolutePath().getParent();
    String prefix = "." + file.getFileName() + ".";
    Path temp = null;
    try {
      for (int attempt = 0; temp == null; attempt++) {
        Path candidate = parent.resolve(prefix + Long.toHexString(new SecureRandom().nextLong()) + ".tmp");
        try {
          temp = Files.createFile(candidate, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
          if (attempt > 8) {
            throw e;
          }
        }
      }
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException("cannot write the endpoint file " + file + " with owner-only permissions: "
          + "its file system has no POSIX permissions, and the file holds the token", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the endpoint file " + file + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover temporary file holds a token no server accepts once this one is gone
        }
      }
    }
  }
}
