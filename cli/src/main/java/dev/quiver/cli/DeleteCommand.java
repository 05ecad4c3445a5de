package dev.quiver.cli;

import dev.quiver.Filter;
import dev.quiver.Quiver;
import dev.quiver.datasets.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
    description = {"Deletes items from both sides of the store: by id, by a file of ids, or by filter.",
        "Ids that the store does not hold are counted and skipped. Deleting by filter is one transaction."},
    footerHeading = "%nExamples:%n",
    footer = {"  quiver delete --store chat.quiver msg:41 msg:42",
        "  quiver delete --store chat.quiver --ids-from deleted.txt      (one id a line; - reads stdin)",
        "  quiver delete --store chat.quiver --filter room=old-project",
        "  quiver delete --store chat.quiver --filter 'room in (tmp,scratch) and not has(pinned)' --until 2025-12-31"})
final class DeleteCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids to delete.")
  List<String> ids;

  @Option(names = "--ids-from", paramLabel = "FILE",
      description = "A file with one id a line (blank lines skipped); '-' reads standard input.")
  Path idsFrom;

  @Option(names = "--filter", paramLabel = "EXPR", converter = FilterConverter.class,
      description = "Delete every item that matches EXPR; repeat for AND. EXPR is the expression of "
          + "'quiver search --filter': KEY=VALUE, KEY != VALUE, KEY in (A,B), KEY >= 3, has(KEY), not, and, or, "
          + "parentheses.")
  List<Filter> filters;

  @Option(names = "--since", paramLabel = "TIME",
      description = "With or without --filter: delete items with a timestamp at or after TIME: " + TimeSpec.FORMS
          + ".")
  String since;

  @Option(names = "--until", paramLabel = "TIME",
      description = "Delete items with a timestamp before TIME (a date includes its whole UTC day).")
  String until;

  @Override
  public Integer call() throws IOException {
    Set<String> wanted = new LinkedHashSet<>(ids == null ? List.of() : ids);
    if (idsFrom != null) {
      wanted.addAll(readIds(idsFrom));
    }
    Filter time;
    try {
      time = TimeSpec.range(since, until);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), (since != null ? "--since" : "--until")
          + ": " + e.getMessage());
    }
    boolean byFilter = (filters != null && !filters.isEmpty()) || time != null;
    if (wanted.isEmpty() && !byFilter) {
      throw new InputException("nothing to delete: give ids, --ids-from FILE, --filter EXPR or --since/--until "
          + "(to delete everything, use --filter with a key every item has, or remove the store's files)");
    }
    int deleted = 0;
    int absent = 0;
    try (Quiver quiver = store.open()) {
      for (String id : wanted) {
        if (quiver.delete(id)) {
          deleted++;
        } else {
          absent++;
        }
      }
      if (byFilter) {
        deleted += quiver.deleteAll(FilterConverter.and(filters, time));
      }
    }
    if (!CommonOptions.quiet(spec)) {
      spec.commandLine().getOut().println("deleted " + Words.count(deleted, "item")
          + (absent > 0 ? "; " + absent + " of the ids given were not in the store" : ""));
    }
    return ExitCodes.OK;
  }

  private static List<String> readIds(Path file) throws IOException {
    List<String> ids = new ArrayList<>();
    boolean stdin = file.toString().equals("-");
    try (BufferedReader r = stdin ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String id = line.strip();
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
