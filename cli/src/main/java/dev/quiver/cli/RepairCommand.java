package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.VectorSideState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The explicit way to move a damaged vector file aside: {@link Quiver#repair()}. Reading commands ({@code
 * verify}, {@code stats}, {@code search}) only report damage; this one moves the file, with its {@code -wal}
 * and {@code -journal}, and says where to, and what to run next.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Moves a damaged vector file, with its -wal and -journal, into PATH-quarantine/<time>/ (never "
        + "deleting it) and starts a fresh, empty vector file. The keyword index keeps answering searches until "
        + "'quiver rebuild' restores the store from your source.",
        "verify, stats and search never move a file; repair is the explicit way. Exit status 0 when the file was "
            + "moved or nothing was damaged, 3 when another process owns the store."})
final class RepairCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path quarantine = store.store.resolveSibling(store.store.getFileName() + "-quarantine");
    Quiver.Status before;
    Optional<Path> repaired;
    Set<Path> setsBefore;
    try (Quiver quiver = store.open()) {
      before = quiver.status();
      setsBefore = sets(quarantine);
      repaired = quiver.repair();
    }
    if (repaired.isEmpty()) {
      if (before.vectorSide() == VectorSideState.QUARANTINED) {
        out.printf(Locale.ROOT, "nothing to move: %s (%s)%n", store.store, before.vectorProblem());
        printRebuildHint(out);
      } else {
        out.printf(Locale.ROOT, "nothing to repair: the vector file %s is not damaged (%s); quiver verify checks "
            + "both sides%n", store.store, before.vectorSide().name().toLowerCase(Locale.ROOT));
      }
      return ExitCodes.OK;
    }
    Set<Path> added = sets(quarantine);
    added.removeAll(setsBefore);
    if (added.isEmpty()) {
      out.printf(Locale.ROOT, "the vector file %s was missing (%s); nothing to move%n", store.store,
          before.vectorProblem());
    }
    for (Path set : added) {
      out.printf(Locale.ROOT, "moved the damaged vector file of %s to %s:%n", store.store, set);
      for (Path file : files(set)) {
        out.printf(Locale.ROOT, "  %s (%d bytes)%n", file, size(file));
      }
    }
    out.printf(Locale.ROOT, "%s now has a fresh, empty vector file; searches answer from keywords only.%n",
        store.store);
    printRebuildHint(out);
    return ExitCodes.OK;
  }

  private void printRebuildHint(PrintWriter out) {
    out.printf(Locale.ROOT, "next: rebuild it from your source: quiver rebuild --store %s --jsonl FILE... "
        + "(or --from-sqlite DB --sql QUERY)%n", store.store);
  }

  /** The quarantined sets: one directory each under {@code quarantine}. */
  private static Set<Path> sets(Path quarantine) {
    if (!Files.isDirectory(quarantine)) {
      return new TreeSet<>();
    }
    try (Stream<Path> dirs = Files.list(quarantine)) {
      return dirs.filter(Files::isDirectory).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the quarantine " + quarantine + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> files(Path set) {
    try (Stream<Path> files = Files.list(set)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + set + ": " + e.getMessage(), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
