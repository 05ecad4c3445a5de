package dev.quiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of the test class path in a child JVM, the way a user runs {@code quiver}: a real process
 * with its own exit status, stdout and stderr.
 */
final class CliProcess {
  static final long TIMEOUT_SECONDS = 300;

  private CliProcess() {}

  /** What a finished child printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** {@code quiver args...} in a child JVM. */
  static Result quiver(String... args) {
    return run(QuiverCli.class, args);
  }

  static Result run(Class<?> main, String... args) {
    return run(command(main, args));
  }

  /** {@code quiver args...} in a child JVM whose working directory is {@code directory}. */
  static Result quiverIn(Path directory, String... args) {
    return run(command(QuiverCli.class, args).directory(directory.toFile()));
  }

  /** Runs a child built by {@link #command} (and adjusted: directory, environment, redirects) to its end. */
  static Result run(ProcessBuilder builder) {
    return run(builder, TIMEOUT_SECONDS);
  }

  /** {@code quiver args...} in a child JVM whose stdin is a pipe that carries {@code stdin}, then closes. */
  static Result quiverWithStdin(byte[] stdin, String... args) {
    return run(command(QuiverCli.class, args), TIMEOUT_SECONDS, stdin);
  }

  /** As {@link #run(ProcessBuilder)}, killing the child after {@code timeoutSeconds}. */
  static Result run(ProcessBuilder builder, long timeoutSeconds) {
    return run(builder, timeoutSeconds, new byte[0]);
  }

  private static Result run(ProcessBuilder builder, long timeoutSeconds, byte[] stdin) {
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      try (java.io.OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("child did not finish in " + timeoutSeconds + " s: "
            + String.join(" ", builder.command()));
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts {@code main} in a child JVM with this JVM's class path; the caller owns the process. */
  static Process start(Class<?> main, String... args) {
    try {
      return command(main, args).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line of a child JVM running {@code main} with this JVM's class path. */
  static ProcessBuilder command(Class<?> main, String... args) {
    return command(768, main, args);
  }

  /** As {@link #command(Class, String...)}, with a heap of {@code heapMegabytes} (768 by default). */
  static ProcessBuilder command(int heapMegabytes, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
        "java").toString()));
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-Xmx" + heapMegabytes + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static Path write(Path file, String... lines) {
    try {
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
