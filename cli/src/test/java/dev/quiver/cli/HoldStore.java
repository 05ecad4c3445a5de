package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import java.io.IOException;
import java.nio.file.Path;

/** A child process that opens a store as the CLI does and holds it until its stdin closes. */
final class HoldStore {
  private HoldStore() {}

  @SuppressWarnings("try") // the store is held open, not used
  public static void main(String[] args) throws IOException {
    try (Quiver quiver = StoreOption.open(Path.of(args[0]), null, null, QuiverOptions.builder(),
        LocalModel.MINILM.embedder())) {
      System.out.println("ready " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() != -1) {
        // Hold the store until the parent closes our stdin.
      }
    }
  }
}
