package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.cli.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    description = {"Writes every stored item with its vector as JSON Lines, in id order: "
        + "{\"id\",\"text\",\"attributes\",\"timestamp\",\"vector\"}. The file can be imported again (the vector "
        + "is then ignored and recomputed).",
        "The file appears whole or not at all: it is written beside FILE and renamed."})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "The file to write.")
  Path file;

  @Override
  public Integer call() throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".partial");
    long[] n = {0};
    try (Quiver quiver = store.open(); Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
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
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    spec.commandLine().getOut().printf(Locale.ROOT, "exported %d items from %s to %s%n", n[0], store.store, file);
    return ExitCodes.OK;
  }
}
