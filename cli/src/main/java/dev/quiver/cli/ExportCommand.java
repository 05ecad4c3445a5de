package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.StoreInfo;
import dev.quiver.datasets.Json;
import dev.quiver.solr.SolrAddress;
import dev.quiver.solr.SolrMove;
import dev.quiver.solr.SolrQuiver;
import dev.quiver.solr.SolrQuiverCollections;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes every stored item with its vector as JSON Lines (UTF-8), in id order: "
        + "{\"id\",\"text\",\"attributes\",\"timestamp\",\"vector\"}. The file can be imported again (the vector "
        + "is then ignored and recomputed).",
        "FILE appears whole or not at all: it is written to a new file beside it, then renamed. An existing FILE "
            + "is replaced only with --force. Refused with exit status 2, before anything is written: the store's "
            + "own files (PATH, PATH-wal, -journal, -shm, -owner, -endpoint, anything in PATH-keyword/ and "
            + "PATH-quarantine/) "
            + "and the primary database's (DB, DB-wal, -journal, -shm), however FILE reaches them (symlink, hard "
            + "link, relative path, ..); a symbolic link; anything that is not a regular file (a directory, a "
            + "FIFO, a device).",
        "--jsonl - writes to stdout; the summary line then goes to stderr.",
        "--to-solr ZKHOST[/CHROOT]/COLLECTION writes the items with their vectors as they are (no re-embedding) into "
            + "a SolrCloud collection, creating it from Quiver's configset with --shards and --replicas if it does not "
            + "exist. The collection records the store's model and refuses vectors of another (exit status 3). Items "
            + "go in id order, --batch at a time; a re-run continues after the greatest id the collection holds "
            + "(the last batch before it is compared and written again where it differs), so an interrupted move "
            + "resumes and a finished one writes nothing. Items changed in the store below that id since the last "
            + "run are not sent again: move a store that is no longer written to. The store must not be open "
            + "elsewhere."})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Mixin
  StoreOption store;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** A file, or a collection. */
  static final class Target {
    @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "The file to write; - for stdout.")
    Path file;

    @Option(names = "--to-solr", required = true, paramLabel = "ADDRESS", converter = SolrAddressConverter.class,
        description = "A SolrCloud collection: ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]/COLLECTION, or "
            + "http[s]://HOST:PORT/solr/COLLECTION.")
    SolrAddress solr;
  }

  @Mixin
  SolrMoveOptions move;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "1",
      description = "With --to-solr: shards of a collection it creates; default ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--replicas", paramLabel = "N", defaultValue = "1",
      description = "With --to-solr: replicas of each shard of a collection it creates; default ${DEFAULT-VALUE}.")
  int replicas;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "" + SolrMove.DEFAULT_BATCH,
      description = "With --to-solr: items per Solr update request (each ends with a soft commit); default "
          + "${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--force", description = "Replace FILE if it is an existing regular file (atomically, by rename).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (target.solr != null) {
      return toSolr();
    }
    Path file = target.file;
    long n;
    if (file.toString().equals("-")) {
      OutputFile.checkStdout(store.store, store.primaryDb);
      try (StoreReader quiver = store.openForReading(spec)) {
        // Bytes to the process's stdout, not through the platform charset of System.out: JSON Lines is UTF-8.
        Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
            StandardCharsets.UTF_8), 1 << 16);
        n = export(quiver, w);
        w.flush();
      }
      spec.commandLine().getErr().printf(Locale.ROOT, "exported %s from %s to stdout%n", Words.count(n, "item"),
          store.store);
      return ExitCodes.OK;
    }
    OutputFile out = OutputFile.check(file, force, store.store, store.primaryDb);
    try (StoreReader quiver = store.openForReading(spec)) {
      n = out.write(w -> export(quiver, w));
    }
    if (!CommonOptions.quiet(spec)) {
      spec.commandLine().getOut().printf(Locale.ROOT, "exported %s from %s to %s%n", Words.count(n, "item"),
          store.store, file);
    }
    return ExitCodes.OK;
  }

  private int toSolr() {
    move.check(spec, batch);
    if (shards < 1 || replicas < 1) {
      throw new ParameterException(spec.commandLine(), "--shards and --replicas must be at least 1; found " + shards
          + " and " + replicas);
    }
    SolrAddress address = target.solr;
    boolean forced = progressOption.progress();
    try (Quiver quiver = store.openWithoutModel()) {
      StoreInfo info = SolrMove.movable(quiver);
      Progress.phase(spec.commandLine().getErr(), "export", "connecting to " + address, forced);
      try (CloudSolrClient client = address.connect()) {
        boolean created = SolrQuiverCollections.createIfMissing(client, address.collection(), shards,
            replicas, info.dimensions());
        long start = System.nanoTime();
        SolrMove.Report report;
        try (SolrQuiver collection = SolrQuiver.open(client, address.collection(), QuiverOptions.builder().build());
            Progress progress = Progress.start("export", quiver.count(), forced)) {
          report = move.builder(progress, batch).build().intoSolr(quiver, collection);
        }
        move.summary(spec, "exported", report, quiver.path() + "", address + (created ? " (created, "
            + shards + " x " + replicas + ")" : ""), start);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ExitCodes.OK;
  }

  private static long export(StoreReader quiver, Writer w) throws IOException {
    long[] n = {0};
    try {
      quiver.forEach((item, vector) -> {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", item.id());
        j.put("text", item.text());
        j.put("attributes", new TreeMap<>(item.attributes()));
        j.put("timestamp", item.timestamp());
        j.put("vector", vector);
        try {
          w.write(Json.write(j));
          w.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        n[0]++;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return n[0];
  }
}
