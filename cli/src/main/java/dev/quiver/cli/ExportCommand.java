package dev.quiver.cli;

import dev.quiver.datasets.Json;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes every stored item with its vector as JSON Lines (UTF-8), in id order: "
        + "{\"id\",\"text\",\"attributes\",\"timestamp\",\"vector\"}. The file can be imported again (the vector "
        + "is then ignored and recomputed).",
        "FILE appears whole or not at all: it is written to a new file beside it, then renamed. An existing FILE "
            + "is replaced only with --force. Refused with exit status 2, before anything is written: the store's "
            + "own files (PATH, PATH-wal, -journal, -shm, -owner, -endpoint, anything in PATH-keyword/ and "
            + "PATH-quarantine/) "
            + "and the primary database's (DB, DB-wal, -journal, -shm), however FILE reaches them (symlink, hard "
            + "link, relative path, ..); a symbolic link; anything that is not a regular file (a directory, a "
            + "FIFO, a device).",
        "--jsonl - writes to stdout; the summary line then goes to stderr."})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "The file to write; - for stdout.")
  Path file;

  @Option(names = "--force", description = "Replace FILE if it is an existing regular file (atomically, by rename).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    long n;
    if (file.toString().equals("-")) {
      OutputFile.checkStdout(store.store, store.primaryDb);
      try (StoreReader quiver = store.openForReading(spec)) {
        // Bytes to the process's stdout, not through the platform charset of System.out: JSON Lines is UTF-8.
        Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
            StandardCharsets.UTF_8), 1 << 16);
        n = export(quiver, w);
        w.flush();
      }
      spec.commandLine().getErr().printf(Locale.ROOT, "exported %s from %s to stdout%n", Words.count(n, "item"),
          store.store);
      return ExitCodes.OK;
    }
    OutputFile out = OutputFile.check(file, force, store.store, store.primaryDb);
    try (StoreReader quiver = store.openForReading(spec)) {
      n = out.write(w -> export(quiver, w));
    }
    if (!CommonOptions.quiet(spec)) {
      spec.commandLine().getOut().printf(Locale.ROOT, "exported %s from %s to %s%n", Words.count(n, "item"),
          store.store, file);
    }
    return ExitCodes.OK;
  }

  private static long export(StoreReader quiver, Writer w) throws IOException {
    long[] n = {0};
    try {
      quiver.forEach((item, vector) -> {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", item.id());
        j.put("text", item.text());
        j.put("attributes", new TreeMap<>(item.attributes()));
        j.put("timestamp", item.timestamp());
        j.put("vector", vector);
        try {
          w.write(Json.write(j));
          w.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        n[0]++;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return n[0];
  }
}
