package dev.quiver.cli;

import dev.quiver.ErrorCode;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.datasets.InputException;
import dev.quiver.embed.onnx.OnnxEmbedder;
import dev.quiver.keyword.KeywordAnalyzer;
import dev.quiver.spi.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --store PATH} and how the CLI opens a store. */
final class StoreOption {
  @Option(names = "--store", required = true, paramLabel = "PATH", defaultValue = "${env:QUIVER_STORE}",
      description = "The store: its SQLite file at PATH, its keyword index in PATH-keyword/ beside it. "
          + "Default: the environment variable QUIVER_STORE.")
  Path store;

  @Option(names = "--primary-db", paramLabel = "DB", defaultValue = "${env:QUIVER_PRIMARY_DB}",
      description = "The chat server's own database. Quiver refuses to use it as the store however it is "
          + "reached (symlink, hard link, relative path). Import and rebuild from --from-sqlite guard the source "
          + "this way even without this option. Default: the environment variable QUIVER_PRIMARY_DB.")
  Path primaryDb;

  @Option(names = "--primary-db-created-later",
      description = "Accept a --primary-db that does not exist yet (the chat server creates it later). Without "
          + "this flag a --primary-db that does not exist is refused, since a mistyped path would turn the guard "
          + "off.")
  boolean primaryDbCreatedLater;

  @Option(names = "--analyzer", paramLabel = "NAME", converter = AnalyzerConverter.class,
      description = "Keyword analysis: english (Porter stemming), english-kstem, standard (no stemming), or a "
          + "language: danish, dutch, finnish, french, german, italian, norwegian, portuguese, russian, spanish, "
          + "swedish, turkish. Default: the one the store's keyword index records (english for a new store). "
          + "Another one than recorded rebuilds the keyword index from the vector file.")
  KeywordAnalyzer analyzer;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "${env:QUIVER_MODEL:-minilm}",
      description = "The local embedding model: " + LocalModel.NAMES + ". A store keeps the model it was built "
          + "with and refuses another. Default: the environment variable QUIVER_MODEL, else minilm.")
  String model;

  /** Refuses a {@code --primary-db} that does not exist, unless {@code --primary-db-created-later} says so. */
  private void checkPrimary() {
    if (primaryDb != null && !primaryDbCreatedLater && !Files.exists(primaryDb)) {
      throw new InputException("--primary-db " + primaryDb + " does not exist" + (Files.isSymbolicLink(primaryDb)
          ? " (a symbolic link to a missing file)" : "") + "; a mistyped path would leave the primary database "
          + "unguarded. Check the path, or add --primary-db-created-later if the database is created later");
    }
  }

  /**
   * Opens an existing store. {@link Quiver#open} creates a missing store, which for a reading command would
   * turn a mistyped path into a new empty store; so a path with neither a vector file nor a keyword index is
   * bad input here. A keyword index without its vector file is a store whose vector file is missing: the
   * facade opens it as damaged, and creates no file.
   *
   * <p>Every command prints to stdout, so a stdout redirected onto the store's or the primary database's files
   * ({@code quiver stats >> chat.quiver}) is refused here, before the store is opened.
   */
  Quiver open() {
    return open(QuiverOptions.builder(), null);
  }

  /**
   * As {@link #open()}, for the commands that only read (search, stats, verify, export): when another process
   * holds the store ({@link ErrorCode#LOCKED}) and serves it ({@code quiver serve}, a {@code QuiverServer}), the
   * reader asks that process instead; see {@link HeldStore}.
   */
  StoreReader openForReading(CommandSpec spec) {
    return openForReading(spec, false);
  }

  /**
   * As {@link #openForReading(CommandSpec)}; when {@code embedsQuestions}, the model starts loading once the
   * store's path has been checked, so the load overlaps the store's opening.
   */
  StoreReader openForReading(CommandSpec spec, boolean embedsQuestions) {
    try {
      if (!embedsQuestions) {
        return StoreReader.of(open());
      }
      OnnxEmbedder embedder = LocalModel.named(model).embedder();
      Thread[] load = new Thread[1];
      Quiver quiver;
      try {
        quiver = open(QuiverOptions.builder(), embedder, () -> load[0] = embedder.loadInBackground());
      } catch (RuntimeException e) {
        awaitQuietly(load[0]);
        throw e;
      }
      return StoreReader.of(quiver, load[0]);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.LOCKED) {
        throw e;
      }
      return StoreReader.of(HeldStore.connect(store, e, "quiver " + spec.name(), CommonOptions.quiet(spec) ? null
          : spec.commandLine().getErr()));
    }
  }

  /**
   * As {@link #open()}, with further options set in {@code options} and the caller's {@code embedder} (null:
   * a new one of {@code --model}, loaded only once the store's path has been checked).
   */
  Quiver open(QuiverOptions.Builder options, Embedder embedder) {
    return open(options, embedder, () -> { });
  }

  /** As {@link #open(QuiverOptions.Builder, Embedder)}, running {@code checked} once the paths are checked. */
  private Quiver open(QuiverOptions.Builder options, Embedder embedder, Runnable checked) {
    LocalModel local = LocalModel.named(model);
    checkPrimary();
    OutputFile.checkStdout(store, primaryDb);
    if (!Files.exists(store) && !hasContent(store.resolveSibling(store.getFileName() + "-keyword"))) {
      throw new InputException("no store at " + store + " (import creates one)");
    }
    checked.run();
    return open(store, primaryDb, analyzer, options, embedder != null ? embedder : local.embedder());
  }

  /** Waits for a model load to end, if one started: no exit while ONNX Runtime loads. */
  private static void awaitQuietly(Thread load) {
    if (load == null) {
      return;
    }
    try {
      load.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * As {@link #open()}, without an embedder: for moving vectors as they are. The file keeps and reports its
   * own model, whatever {@code --model} says.
   */
  Quiver openWithoutModel() {
    checkPrimary();
    OutputFile.checkStdout(store, primaryDb);
    if (!Files.exists(store) && !hasContent(store.resolveSibling(store.getFileName() + "-keyword"))) {
      throw new InputException("no store at " + store + " (import creates one)");
    }
    return open(store, primaryDb, analyzer, QuiverOptions.builder(), null);
  }

  /**
   * As {@link #openCreating(Path, Embedder)}, for vectors of {@code modelId} brought as they are: no embedder is loaded, and
   * an existing file of another model or dimensions is refused ({@link ErrorCode#MODEL_MISMATCH}).
   */
  Quiver openCreatingFor(String modelId, int dimensions) {
    checkPrimary();
    OutputFile.checkStdout(store, primaryDb);
    createParent(store);
    return open(store, primaryDb, analyzer, QuiverOptions.builder().modelId(modelId).dimensions(dimensions), null);
  }

  private static boolean hasContent(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.anyMatch(p -> !p.getFileName().toString().equals("write.lock")); // as the facade counts
    } catch (IOException e) {
      return true; // let the facade open it and say what is wrong with it
    }
  }

  /**
   * Opens the store, first creating its directory when missing (for the commands that create stores).
   *
   * @param source the database items are read from, or null: it is guarded like the primary database when no
   *     {@code --primary-db} is given, so that {@code --store} can never be the source itself
   * @param embedder the model to embed with, one of {@link #embedder()}
   */
  Quiver openCreating(Path source, Embedder embedder) {
    checkPrimary();
    OutputFile.checkStdout(store, primaryDb != null ? primaryDb : source);
    return openCreating(store, primaryDb != null ? primaryDb : source, analyzer, embedder);
  }

  static Quiver openCreating(Path store, Path primary, KeywordAnalyzer analyzer, Embedder embedder) {
    createParent(store);
    return open(store, primary, analyzer, QuiverOptions.builder(), embedder);
  }

  private static void createParent(Path store) {
    Path parent = store.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the store's directory " + parent + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens the store for a move to {@code target}: with no embedder, so that the store's current model, whatever
   * it is, need not be named or loaded. A store that does not exist yet is created with {@code target}.
   *
   * @param source as for {@link #openCreating(Path, Embedder)}
   * @param fromStore whether the store's own items are the source: then the store must exist
   */
  Quiver openForModelChange(Path source, boolean fromStore, Supplier<Embedder> target) {
    checkPrimary();
    Path primary = primaryDb != null ? primaryDb : source;
    OutputFile.checkStdout(store, primary);
    boolean exists = Files.exists(store) || hasContent(store.resolveSibling(store.getFileName() + "-keyword"));
    if (fromStore && !exists) {
      throw new InputException("no store at " + store + " to re-embed from its own items");
    }
    createParent(store);
    return open(store, primary, analyzer, QuiverOptions.builder(), exists ? null : target.get());
  }

  /** The embedder {@code --model} names, new. */
  Embedder embedder() {
    return LocalModel.named(model).embedder();
  }

  /**
   * Opens {@code store} with {@code embedder} and the Lucene keyword index, analyzing with {@code analyzer} or,
   * when null, with the one its keyword index records; further options are already set in {@code options}.
   */
  static Quiver open(Path store, Path primary, KeywordAnalyzer analyzer, QuiverOptions.Builder options,
      Embedder embedder) {
    try {
      return Quiver.open(store, options
          .embedder(embedder)
          .keywordIndex(KeywordIndexes.lucene(KeywordIndexes.choose(analyzer, store)))
          .primaryDatabase(primary)
          .build());
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.MODEL_MISMATCH) {
        throw e;
      }
      throw new QuiverException(e.code(), e.file(), e.getMessage() + (embedder == null ? "" : " (--model chooses "
          + LocalModel.NAMES + ")"), e);
    }
  }
}
