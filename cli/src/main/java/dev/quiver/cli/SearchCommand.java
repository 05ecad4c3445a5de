package dev.quiver.cli;

import dev.quiver.Filter;
import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.datasets.Json;
import dev.quiver.datasets.Queries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Searches the store: one QUERY, printed for people (or --json), or every query of --queries "
        + "written as a TREC run (qid Q0 docid rank score tag).",
        "--run-out FILE is written as export writes its file: to a new file beside it, then renamed, so it appears "
            + "whole or not at all; an existing FILE is replaced only with --force. Refused with exit status 2, "
            + "before anything is written: the store's own files and the primary database's, however FILE reaches "
            + "them (symlink, hard link, relative path, ..); a symbolic link; anything that is not a regular file. "
            + "--run-out - writes the run to stdout."},
    footerHeading = "%nFilter examples (quote EXPR for the shell):%n",
    footer = {
        "  --filter room=ops                 equality, as always; 3 also matches 3.0",
        "  --filter 'room != ops'            not ops, or no room at all",
        "  --filter 'room in (ops,dev)'      either; 'room not in (ops,dev)': neither",
        "  --filter 'priority >= 3'          a range of numbers (or of strings)",
        "  --filter 'has(thread)'            has the attribute; also: exists thread",
        "  --filter 'title contains beta'    a string holding the text, case-sensitive",
        "  --filter 'not (room = ops or kind = bot)'",
        "                                    and, or, not, parentheses; and binds tighter",
        "  --filter 'title = \"release notes\"'",
        "                                    quoted: may hold spaces, is only a string",
        "  --filter 'n = num(3) or ok = bool(true)'",
        "                                    only the number; only the boolean",
        "  --since 7d --until 2026-11-30     last week, to the end of 30 November (UTC)",
        "  --fields rank,id,score,time,attr.room,snippet"})
final class SearchCommand implements Callable<Integer> {
  static final int DEFAULT_LIMIT = 10;
  static final int DEFAULT_RUN_LIMIT = 100;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Mixin
  StoreOption store;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The question.")
  String query;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
      description = "Which sides answer: ${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}.")
  Mode mode;

  @Option(names = "--limit", paramLabel = "N",
      description = "Hits per query, 1 to " + SearchRequest.MAX_LIMIT + "; default " + DEFAULT_LIMIT
          + " (" + DEFAULT_RUN_LIMIT + " for --queries).")
  Integer limit;

  @Option(names = "--filter", paramLabel = "EXPR", converter = FilterConverter.class,
      description = FilterConverter.HELP + " When nothing matches, a warning on stderr names each KEY that no "
          + "item has.")
  List<Filter> filters;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only items with a timestamp at or after TIME: " + TimeSpec.FORMS + ". Items without a "
          + "timestamp never match --since or --until.")
  String since;

  @Option(names = "--until", paramLabel = "TIME",
      description = "Only items with a timestamp before TIME (a date includes its whole UTC day), in the forms of "
          + "--since.")
  String until;

  @Option(names = "--fields", paramLabel = "LIST", split = ",",
      description = "The text output as tab-separated columns, one line a hit, in this order: "
          + OutputFields.NAMES + ". For example --fields id,score,time,attr.room,text. --json always prints the "
          + "whole hit.")
  List<String> fields;

  @Option(names = "--fusion", paramLabel = "SPEC", converter = FusionConverter.class,
      description = "How hybrid mode merges the two sides: " + FusionConverter.FORMS + "; default zscore:0.5. "
          + "'quiver eval --sweep' finds the best for your queries.")
  Fusion fusion;

  @Option(names = "--explain", description = "Show each hit's rank and score on each side and the fused score.")
  boolean explain;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--queries", paramLabel = "FILE.jsonl",
      description = "Batch mode: JSON Lines queries with _id (or id) and text.")
  Path queries;

  @Option(names = "--run-out", paramLabel = "RUN.trec",
      description = "Where --queries writes its TREC run (a new file, or - for stdout); stdout when absent.")
  Path runOut;

  @Option(names = "--force", description = "Replace --run-out FILE if it is an existing regular file (atomically, "
      + "by rename).")
  boolean force;

  @Option(names = "--run-tag", paramLabel = "TAG", description = "The run's tag column; default quiver-MODE.")
  String runTag;

  @Override
  public Integer call() {
    if ((query == null) == (queries == null)) {
      throw new ParameterException(spec.commandLine(), "give either a QUERY or --queries FILE.jsonl, not "
          + (query == null ? "neither" : "both"));
    }
    if (query != null && query.isBlank()) {
      throw new ParameterException(spec.commandLine(), "QUERY is " + (query.isEmpty() ? "empty" : "blank")
          + "; give the words to search for");
    }
    if (queries == null && runOut != null) {
      throw new ParameterException(spec.commandLine(), "--run-out needs --queries");
    }
    int n = limit != null ? limit : queries != null ? DEFAULT_RUN_LIMIT : DEFAULT_LIMIT;
    if (n < 1 || n > SearchRequest.MAX_LIMIT) {
      throw new ParameterException(spec.commandLine(), "--limit must be 1 to " + SearchRequest.MAX_LIMIT
          + "; found " + n);
    }
    Filter time;
    try {
      time = TimeSpec.range(since, until);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (since != null && until != null ? "--since/--until"
          : since != null ? "--since" : "--until") + ": " + e.getMessage());
    }
    OutputFields columns = null;
    if (fields != null) {
      if (json || queries != null) {
        throw new ParameterException(spec.commandLine(), "--fields chooses the columns of the text output; "
            + (json ? "--json prints the whole hit" : "--queries writes a TREC run") + ", so give one or the other");
      }
      try {
        columns = OutputFields.parse(fields);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--fields: " + e.getMessage());
      }
    }
    Filter filter = FilterConverter.and(filters, time);
    return queries == null ? single(n, filter, columns) : batch(n, filter);
  }

  private int single(int n, Filter filter, OutputFields columns) {
    PrintWriter out = spec.commandLine().getOut();
    SearchResult result;
    List<String> warnings;
    try (StoreReader quiver = store.openForReading(spec, mode != Mode.keyword)) {
      result = quiver.search(SearchRequest.of(query).limit(n).filter(filter).mode(mode.core)
          .fusion(fusion));
      warnings = result.hits().isEmpty() ? FilterWarnings.of(quiver, filters) : List.of();
    }
    if (json) {
      out.println(Json.write(Hits.toJson(query, mode, result, explain)));
    } else if (columns != null) {
      columns.print(out, result);
    } else {
      Hits.printText(out, result, explain);
    }
    if (result.degraded()) {
      result.degradations().forEach(d -> spec.commandLine().getErr().println("quiver search: degraded: "
          + d.detail()));
    }
    out.flush();
    warn(warnings);
    return ExitCodes.OK;
  }

  private int batch(int n, Filter filter) {
    String tag = runTag != null ? runTag : "quiver-" + mode.name();
    if (tag.isBlank() || tag.chars().anyMatch(Character::isWhitespace)) {
      throw new ParameterException(spec.commandLine(), "--run-tag must be one word; found '" + tag + "'");
    }
    boolean toFile = runOut != null && !runOut.toString().equals("-");
    // Checked before the queries are read and the store is opened: a refused FILE leaves every file as it was.
    OutputFile file = toFile ? OutputFile.check(runOut, force, store.store, store.primaryDb) : null;
    List<Queries.Query> list = Queries.read(queries);
    int degraded;
    List<String> warnings;
    try (StoreReader quiver = store.openForReading(spec, mode != Mode.keyword);
        Progress progress = Progress.start("search", list.size(), progressOption.progress())) {
      warnings = FilterWarnings.of(quiver, filters);
      if (file != null) {
        degraded = file.write(run -> writeRun(quiver, list, n, filter, tag, run, progress));
      } else {
        PrintWriter out = spec.commandLine().getOut();
        degraded = writeRun(quiver, list, n, filter, tag, out, progress);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run to " + runOut + ": " + e.getMessage(), e);
    }
    warn(warnings);
    if (degraded > 0) {
      spec.commandLine().getErr().printf(Locale.ROOT, "quiver search: %d of %d searches were degraded%n", degraded,
          list.size());
    }
    if (toFile) {
      spec.commandLine().getErr().printf(Locale.ROOT, "quiver search: wrote %d queries to %s%n", list.size(), runOut);
    }
    return ExitCodes.OK;
  }

  /** Writes one TREC line per hit; returns how many searches were degraded. */
  private int writeRun(StoreReader quiver, List<Queries.Query> list, int n, Filter filter, String tag, Writer run,
      Progress progress) throws IOException {
    int degraded = 0;
    for (Queries.Query q : list) {
      SearchResult result = quiver.search(
          SearchRequest.of(q.text()).limit(n).filter(filter).mode(mode.core).includeText(false).snippets(false)
              .fusion(fusion));
      if (result.degraded()) {
        degraded++;
      }
      int rank = 0;
      for (Hit h : result.hits()) {
        run.write(String.format(Locale.ROOT, "%s Q0 %s %d %.6f %s%n", q.id(), h.id(), ++rank, h.score(), tag));
      }
      progress.stepBy(1);
    }
    return degraded;
  }

  private void warn(List<String> warnings) {
    if (!CommonOptions.quiet(spec)) {
      warnings.forEach(w -> spec.commandLine().getErr().println("quiver search: warning: " + w));
    }
  }
}
