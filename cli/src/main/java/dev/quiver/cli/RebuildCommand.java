package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.datasets.ItemSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {"Replaces the store's content with the source's items: re-embeds them into a fresh file "
        + "while searches are answered by the keyword side, then swaps it in.",
        "Use it after corruption, or to re-embed everything."})
final class RebuildCommand implements Callable<Integer> {
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

  @Override
  public Integer call() {
    boolean forced = progressOption.progress();
    Progress.phase(spec.commandLine().getErr(), "rebuild", "reading and checking the input", forced);
    try (ItemSource items = source.open()) {
      Quiver.RebuildReport report;
      Progress.phase(spec.commandLine().getErr(), "rebuild", "opening " + store.store + " and loading the model "
          + store.model, forced);
      EmbeddingProgress embedder = new EmbeddingProgress(store.embedder());
      try (Quiver quiver = store.openCreating(source.database(), embedder);
          Progress progress = Progress.start("rebuild", items.expectedCount(), progressOption.progress())) {
        embedder.reportTo(progress);
        report = quiver.rebuild(items, items.expectedCount(), (done, total, rate) -> progress.stepTo(done));
      }
      if (!CommonOptions.quiet(spec)) {
        spec.commandLine().getOut().printf(Locale.ROOT, "rebuilt %s from %s: %s in %.1f s%n", store.store,
            items.describe(), Words.count(report.items(), "item"), report.elapsed().toNanos() / 1e9);
      }
    }
    return ExitCodes.OK;
  }
}
