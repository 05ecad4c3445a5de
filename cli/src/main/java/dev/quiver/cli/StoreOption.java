package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.cli.embed.MiniLmEmbedder;
import dev.quiver.cli.io.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store PATH} and how the CLI opens a store. */
final class StoreOption {
  @Option(names = "--store", required = true, paramLabel = "PATH",
      description = "The store: its SQLite file at PATH, its keyword index in PATH-keyword/ beside it.")
  Path store;

  /**
   * Opens an existing store. {@link Quiver#open} creates a missing store, which for a reading command would
   * turn a mistyped path into a new empty store; so a missing path is bad input here.
   */
  Quiver open() {
    if (!Files.exists(store)) {
      throw new InputException("no store at " + store + " (import creates one)");
    }
    return open(store);
  }

  /** Opens the store, first creating its directory when missing (for the commands that create stores). */
  Quiver openCreating() {
    return openCreating(store);
  }

  static Quiver openCreating(Path store) {
    Path parent = store.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the store's directory " + parent + ": " + e.getMessage(), e);
      }
    }
    return open(store);
  }

  /** Opens {@code store} with the local MiniLM embedder and, when on the class path, the Lucene keyword index. */
  static Quiver open(Path store) {
    return Quiver.open(store, QuiverOptions.builder()
        .embedder(new MiniLmEmbedder())
        .keywordIndex(KeywordIndexes.lucene())
        .build());
  }
}
