package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.datasets.Json;
import dev.quiver.StoreInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Shows the store's state: items, the vector file and how SQLite runs it, the keyword index.")
final class StatsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Quiver.Status status;
    int count;
    try (StoreReader quiver = store.openForReading(spec)) {
      status = quiver.status();
      count = quiver.count();
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("store", store.store.toString());
    j.put("items", count);
    j.put("vectorSide", status.vectorSide().name().toLowerCase(Locale.ROOT));
    if (status.vectorProblem() != null) {
      j.put("vectorProblem", status.vectorProblem());
    }
    StoreInfo v = status.vectors();
    if (v != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("file", v.file().toString());
      f.put("dimensions", v.dimensions());
      f.put("metric", v.metric().name().toLowerCase(Locale.ROOT));
      f.put("modelId", v.modelId());
      f.put("items", v.items());
      f.put("vectors", v.vectors());
      f.put("sequence", v.sequence());
      f.put("journalMode", v.journalMode());
      f.put("synchronous", v.synchronous());
      f.put("filesystem", v.filesystem());
      f.put("sqliteVersion", v.sqliteVersion());
      f.put("simd", v.simd());
      f.put("kernels", v.kernels());
      f.put("fileBytes", v.fileBytes());
      j.put("vectors", f);
    }
    j.put("keywordSide", status.keywordSide().name().toLowerCase(Locale.ROOT));
    if (status.keywordProblem() != null) {
      j.put("keywordProblem", status.keywordProblem());
    }
    j.put("keywordItems", status.keywordItems());
    j.put("keywordLag", status.keywordLag());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(j));
      return ExitCodes.OK;
    }
    out.printf(Locale.ROOT, "%-14s %s%n", "store", store.store);
    out.printf(Locale.ROOT, "%-14s %d%n", "items", count);
    out.printf(Locale.ROOT, "%-14s %s%s%n", "vector side", status.vectorSide().name().toLowerCase(Locale.ROOT),
        status.vectorProblem() == null ? "" : " (" + status.vectorProblem() + ")");
    if (v != null) {
      out.printf(Locale.ROOT, "%-14s %s (%.1f MiB with its journal)%n", "file", v.file(), v.fileBytes() / 1048576.0);
      out.printf(Locale.ROOT, "%-14s %d vectors of %d dimensions, %s, model %s%n", "vectors", v.vectors(),
          v.dimensions(), v.metric().name().toLowerCase(Locale.ROOT), v.modelId() == null ? "-" : v.modelId());
      out.printf(Locale.ROOT, "%-14s %d%n", "sequence", v.sequence());
      out.printf(Locale.ROOT, "%-14s journal_mode=%s synchronous=%s on %s, SQLite %s%n", "sqlite", v.journalMode(),
          v.synchronous(), v.filesystem(), v.sqliteVersion());
      out.printf(Locale.ROOT, "%-14s %s%n", "scan kernels", v.kernels());
    }
    out.printf(Locale.ROOT, "%-14s %s%n", "keyword index", status.keywordItems() < 0
        ? status.keywordSide().name().toLowerCase(Locale.ROOT)
            + (status.keywordProblem() == null ? "" : " (" + status.keywordProblem() + ")")
        : status.keywordItems() + " items, " + status.keywordLag() + " changes behind");
    for (String notice : status.notices()) {
      out.printf(Locale.ROOT, "%-14s %s%n", "repaired", notice);
    }
    return ExitCodes.OK;
  }
}
