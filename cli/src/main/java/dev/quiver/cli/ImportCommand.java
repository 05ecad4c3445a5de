package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.cli.io.SqliteDeletedIds;
import dev.quiver.cli.io.SqliteItemReader;
import dev.quiver.datasets.ItemSource;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Embeds items and adds them to the store (creating it if needed); items whose id is already "
        + "stored are replaced, and items stored exactly as given are skipped (a re-run resumes).",
        "The whole source is checked first: a malformed line, a missing column or a row Quiver would refuse "
            + "fails the command before the store is opened. From --from-sqlite it imports up to the highest id "
            + "the check read: rows a writer adds meanwhile wait for the next run. stdin, pipes and <(...) given "
            + "to --jsonl are spooled to a temporary file to be checked."})
final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Mixin
  StoreOption store;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SourceOptions source;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Importer.DEFAULT_BATCH,
      description = "Items per index call (one transaction each); default ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--reembed",
      description = "Embed and write every item, also those the store already holds exactly as given (by "
          + "default those are skipped, so a re-run after Ctrl-C or over a slightly changed source embeds only "
          + "what is new or changed).")
  boolean reembed;

  @Option(names = "--deleted-sql", paramLabel = "QUERY",
      description = {"With --from-sqlite: a SELECT returning a column id of items the chat server has deleted "
          + "(e.g. \"SELECT id FROM messages WHERE deleted_at IS NOT NULL\"); they are deleted from the store "
          + "after the items are written, so an id in both is deleted. Read and checked before the store is "
          + "opened."})
  String deletedSql;

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new ParameterException(spec.commandLine(), "--batch must be at least 1; found " + batch);
    }
    if (deletedSql != null && source.database() == null) {
      throw new ParameterException(spec.commandLine(), "--deleted-sql needs --from-sqlite DB; for JSON Lines "
          + "sources, delete with 'quiver delete --ids-from FILE'");
    }
    boolean forced = progressOption.progress();
    Progress.phase(spec.commandLine().getErr(), "import", "reading and checking the input", forced);
    Set<String> deletedIds = deletedSql == null ? Set.of() : SqliteDeletedIds.read(source.database(), deletedSql);
    try (ItemSource items = source.open()) {
      long start = System.nanoTime();
      Importer.Counts counts;
      int deleted;
      Progress.phase(spec.commandLine().getErr(), "import", "opening " + store.store + " and loading the model "
          + store.model, forced);
      EmbeddingProgress embedder = new EmbeddingProgress(store.embedder());
      try (Quiver quiver = store.openCreating(source.database(), embedder);
          Progress progress = Progress.start("import", items.expectedCount(), progressOption.progress())) {
        embedder.reportTo(progress);
        counts = reembed ? new Importer.Counts(Importer.indexAll(quiver, items, batch, progress), 0)
            : Importer.indexChanged(quiver, items, batch, progress);
        deleted = quiver.deleteAll(deletedIds);
      }
      if (!CommonOptions.quiet(spec)) {
        spec.commandLine().getOut().printf(Locale.ROOT, "imported %s from %s into %s in %.1f s%s%s%n",
            Words.count(counts.indexed(), "item"), items.describe(), store.store,
            (System.nanoTime() - start) / 1e9, counts.unchanged() == 0 ? "" : "; "
                + Words.count(counts.unchanged(), "item")
                + " already stored as given were skipped (--reembed writes them again)",
            deletedSql == null ? "" : "; deleted " + deleted + " of the " + Words.count(deletedIds.size(), "item")
                + " --deleted-sql lists");
      }
      if (items instanceof SqliteItemReader s && s.skipped() > 0) {
        spec.commandLine().getErr().printf(Locale.ROOT, "quiver import: skipped %s of %s whose text is NULL%n",
            Words.count(s.skipped(), "row"), s.describe());
      }
    }
    return ExitCodes.OK;
  }
}
