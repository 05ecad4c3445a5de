package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.StoreInfo;
import dev.quiver.datasets.ItemSource;
import dev.quiver.spi.Embedder;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {"Replaces the store's content with the source's items: re-embeds them into a fresh file "
        + "while searches are answered by the keyword side, then swaps it in.",
        "Use it after corruption, to re-embed everything, or with --to-model to move the store to another "
        + "model (from a source, or --from-store from its own items). An interrupted rebuild resumes when run "
        + "again with the same model."})
final class RebuildCommand implements Callable<Integer> {
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

  @Option(names = "--to-model", paramLabel = "NAME",
      description = "Move the store to this model: " + LocalModel.NAMES + ". Every item is embedded anew into a "
          + "fresh file that records the new model, swapped in only when whole; until then the old file is "
          + "untouched. The store's current model need not be named. Afterwards the store refuses its old "
          + "model.")
  String toModel;

  @Option(names = "--from-store",
      description = "With --to-model: the store's own items are the source (texts, attributes and timestamps "
          + "kept; items without text keep no vector). Needs a vector file that is not damaged.")
  boolean fromStore;

  @Override
  public Integer call() {
    if (fromStore == (source != null)) {
      throw new ParameterException(spec.commandLine(), fromStore ? "--from-store is a source of its own: "
          + "give it, --jsonl or --from-sqlite, not two" : "give a source: --jsonl FILE, --from-sqlite DB --sql "
          + "QUERY, or --from-store with --to-model");
    }
    if (fromStore && toModel == null) {
      throw new ParameterException(spec.commandLine(), "--from-store re-embeds the store into another model: "
          + "add --to-model NAME");
    }
    LocalModel target = toModel == null ? null : LocalModel.named(toModel);
    if (fromStore) {
      return fromStore(target);
    }
    boolean forced = progressOption.progress();
    Progress.phase(spec.commandLine().getErr(), "rebuild", "reading and checking the input", forced);
    try (ItemSource items = source.open()) {
      Progress.phase(spec.commandLine().getErr(), "rebuild", "opening " + store.store + " and loading the model "
          + (target == null ? store.model : target.option), forced);
      if (target == null) {
        Quiver.RebuildReport report;
        EmbeddingProgress embedder = new EmbeddingProgress(store.embedder());
        try (Quiver quiver = store.openCreating(source.database(), embedder);
            Progress progress = Progress.start("rebuild", items.expectedCount(), forced)) {
          embedder.reportTo(progress);
          report = quiver.rebuild(items, items.expectedCount(), (done, total, rate) -> progress.stepTo(done));
        }
        summary("rebuilt " + store.store + " from " + items.describe(), report);
        return ExitCodes.OK;
      }
      EmbeddingProgress model = new EmbeddingProgress(target.embedder());
      try (Quiver quiver = store.openForModelChange(source.database(), false, () -> model)) {
        String from = modelOf(quiver);
        Quiver.RebuildReport report;
        try (Progress progress = Progress.start("rebuild", items.expectedCount(), forced)) {
          model.reportTo(progress);
          report = quiver.changeModel(model, items, items.expectedCount(), (done, total, rate) ->
              progress.stepTo(done));
        }
        summary("moved " + store.store + from + " to model " + model.modelId() + ", re-embedding "
            + items.describe(), report);
      }
    }
    return ExitCodes.OK;
  }

  private Integer fromStore(LocalModel target) {
    boolean forced = progressOption.progress();
    Progress.phase(spec.commandLine().getErr(), "rebuild", "opening " + store.store + " and loading the model "
        + target.option, forced);
    try (Quiver quiver = store.openForModelChange(null, true, target::embedder)) {
      EmbeddingProgress model = new EmbeddingProgress(target.embedder());
      String from = modelOf(quiver);
      Quiver.RebuildReport report;
      try (Progress progress = Progress.start("rebuild", quiver.count(), forced)) {
        model.reportTo(progress);
        report = quiver.changeModel(model, (done, total, rate) -> progress.stepTo(done));
      }
      summary("moved " + store.store + from + " to model " + model.modelId() + ", re-embedding its own items",
          report);
    }
    return ExitCodes.OK;
  }

  /** " from model ID" for the model the store's file records now, or nothing when none is known. */
  private static String modelOf(Quiver quiver) {
    StoreInfo info = quiver.status().vectors();
    return info == null || info.modelId() == null ? "" : " from model " + info.modelId();
  }

  private void summary(String what, Quiver.RebuildReport report) {
    if (!CommonOptions.quiet(spec)) {
      spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s in %.1f s%n", what,
          Words.count(report.items(), "item"), report.elapsed().toNanos() / 1e9);
    }
  }
}
