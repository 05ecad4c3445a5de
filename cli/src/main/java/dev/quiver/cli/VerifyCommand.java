package dev.quiver.cli;

import dev.quiver.Problem;
import dev.quiver.VectorSideState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks both sides of the store. Exit status 0 when healthy, 4 with the reasons on stderr "
        + "when not.",
        "Reads only: a damaged vector file is reported and left where it is; 'quiver repair' moves it aside."})
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() {
    List<Problem> problems;
    int count;
    VectorSideState vectorSide;
    try (StoreReader quiver = store.openForReading(spec)) {
      problems = quiver.verify();
      count = problems.isEmpty() ? quiver.count() : -1;
      vectorSide = quiver.status().vectorSide();
    }
    if (problems.isEmpty()) {
      if (!CommonOptions.quiet(spec)) {
        spec.commandLine().getOut().println("ok: " + store.store + " is healthy (" + count + " items)");
      }
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    for (Problem p : problems) {
      err.println("quiver verify: " + store.store + ": " + p.detail());
    }
    if (vectorSide == VectorSideState.DAMAGED) {
      err.println("quiver verify: nothing was moved; run 'quiver repair --store " + store.store + "' to move the "
          + "damaged vector file aside, then 'quiver rebuild --store " + store.store + "' from your source");
    } else if (vectorSide == VectorSideState.QUARANTINED) {
      err.println("quiver verify: run 'quiver rebuild --store " + store.store + "' from your source to restore "
          + "the vector side");
    }
    return ExitCodes.CORRUPT;
  }
}
