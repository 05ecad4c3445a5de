package dev.quiver.cli;

import dev.quiver.solr.SolrMove;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of a move between a store and a SolrCloud collection ({@code --to-solr}, {@code --from-solr}). */
final class SolrMoveOptions {
  @Option(names = "--limit", paramLabel = "N",
      description = "With a Solr move: stop after writing N items (a move in parts); a re-run continues after them.")
  Long limit;

  /** Refuses values no move can run with, as bad usage. */
  void check(CommandSpec spec, int batch) {
    if (batch < 1 || (limit != null && limit < 0)) {
      throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "--batch must be at least 1 and "
          + "--limit at least 0; found %d and %s", batch, limit));
    }
  }

  SolrMove.Builder builder(Progress progress, int batch) {
    SolrMove.Builder b = SolrMove.builder().batchSize(batch).progress(progress::stepBy);
    return limit == null ? b : b.limit(limit);
  }

  /** The summary line (unless --quiet): what was written from where to where, and what was already there. */
  void summary(CommandSpec spec, String verb, SolrMove.Report report, String from, String to, long startNanos) {
    if (!CommonOptions.quiet(spec)) {
      spec.commandLine().getOut().printf(Locale.ROOT, "%s %s from %s to %s in %.1f s%s%n", verb,
          Words.count(report.written(), "item"), from, to, (System.nanoTime() - startNanos) / 1e9,
          report.unchanged() == 0 ? "" : "; " + Words.count(report.unchanged(), "item")
              + " already there were skipped");
    }
  }
}
