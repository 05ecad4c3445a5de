package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.datasets.InputException;
import dev.quiver.solr.SolrAddress;
import dev.quiver.solr.SolrMove;
import dev.quiver.solr.SolrQuiver;
import dev.quiver.cli.io.SqliteDeletedIds;
import dev.quiver.cli.io.SqliteItemReader;
import dev.quiver.datasets.ItemSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
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
            + "to --jsonl are spooled to a temporary file to be checked.",
        "--from-solr ZKHOST[/CHROOT]/COLLECTION copies a SolrCloud collection's items with their vectors as they "
            + "are (no model is loaded; --model is not used): the store takes the model the collection recorded, "
            + "and an existing store of another model is refused (exit status 3). Items come in id order, --batch "
            + "to a transaction; a re-run continues after the greatest id the store holds, so an interrupted move "
            + "resumes and a finished one writes nothing. Items changed in the collection below that id since the "
            + "last run are not read again."})
final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Mixin
  StoreOption store;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  SourceOptions source;

  @Option(names = "--from-solr", paramLabel = "ADDRESS", converter = SolrAddressConverter.class,
      description = "A SolrCloud collection to copy: ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]/COLLECTION, or "
          + "http[s]://HOST:PORT/solr/COLLECTION.")
  SolrAddress fromSolr;

  @Mixin
  SolrMoveOptions move;

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
    if ((source == null) == (fromSolr == null)) {
      throw new ParameterException(spec.commandLine(), "import needs exactly one source: --jsonl FILE, "
          + "--from-sqlite DB --sql QUERY, or --from-solr ADDRESS");
    }
    if (fromSolr != null) {
      return fromSolr();
    }
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

  private int fromSolr() {
    move.check(spec, batch);
    if (reembed || deletedSql != null) {
      throw new ParameterException(spec.commandLine(), "--from-solr copies vectors as they are: --reembed and "
          + "--deleted-sql do not apply");
    }
    boolean forced = progressOption.progress();
    Progress.phase(spec.commandLine().getErr(), "import", "connecting to " + fromSolr, forced);
    try (CloudSolrClient client = fromSolr.connect();
        SolrQuiver collection = SolrQuiver.open(client, fromSolr.collection(), QuiverOptions.builder().build())) {
      String model = collection.modelId().orElseThrow(() -> new InputException("collection " + fromSolr
          + " records no model: no store or embedder has written vectors to it"));
      long start = System.nanoTime();
      SolrMove.Report report;
      try (Quiver quiver = store.openCreatingFor(model, collection.dimensions());
          Progress progress = Progress.start("import", collection.count(), forced)) {
        progress.stepBy(quiver.count()); // a resumed move: what an earlier run wrote is done
        report = move.builder(progress, batch).build().fromSolr(collection, quiver);
      }
      move.summary(spec, "imported", report, fromSolr.toString(), store.store.toString(), start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ExitCodes.OK;
  }
}
