package dev.quiver.cli;

import dev.quiver.Quiver;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Checks both sides of the store. Exit status 0 when healthy, 4 with the reasons on stderr "
        + "when not.")
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() {
    List<String> problems;
    int count;
    try (Quiver quiver = store.open()) {
      problems = quiver.verify();
      count = problems.isEmpty() ? quiver.count() : -1;
    }
    if (problems.isEmpty()) {
      spec.commandLine().getOut().println("ok: " + store.store + " is healthy (" + count + " items)");
      return ExitCodes.OK;
    }
    for (String p : problems) {
      spec.commandLine().getErr().println("quiver verify: " + store.store + ": " + p);
    }
    return ExitCodes.CORRUPT;
  }
}
