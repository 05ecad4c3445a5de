package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of a move into SolrCloud and back, in a child JVM, without a cluster: what help promises on a
 * re-run, and bad addresses and combinations refused as usage before any store or connection is opened.
 */
class SolrMoveUsageTest {
  @TempDir
  Path dir;

  @Test
  void helpSaysWhatARerunDoesBothWays() {
    Result export = quiver("export", "--help");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out().replaceAll("\\s+", " ")).contains("--to-solr", "--shards", "--replicas", "--limit",
        "a re-run continues after the greatest id the collection holds", "a finished one writes nothing",
        "refuses vectors of another");
    Result importing = quiver("import", "--help");
    assertThat(importing.exitCode()).as(importing.toString()).isZero();
    assertThat(importing.out().replaceAll("\\s+", " ")).contains("--from-solr",
        "a re-run continues after the greatest id the store holds", "a finished one writes nothing");
  }

  @Test
  void aMalformedAddressIsBadUsageNamingTheExpectedForm() {
    Path store = dir.resolve("s.quiver");
    for (String address : new String[] {"localhost:2181", "localhost/chat", "zk:2181/solr/", "zk:2181/bad name"}) {
      Result r = quiver("export", "--store", store.toString(), "--to-solr", address);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(address).contains("ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]/COLLECTION");
    }
    Result back = quiver("import", "--store", store.toString(), "--from-solr", "zk:2181");
    assertThat(back.exitCode()).as(back.toString()).isEqualTo(2);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aMoveHasExactlyOneSourceOrTarget() {
    Path store = dir.resolve("s.quiver");
    Result both = quiver("import", "--store", store.toString(), "--jsonl", "a.jsonl", "--from-solr",
        "zk:2181/chat");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one source");
    Result none = quiver("import", "--store", store.toString());
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    Result twoTargets = quiver("export", "--store", store.toString(), "--jsonl", "out.jsonl", "--to-solr",
        "zk:2181/chat");
    assertThat(twoTargets.exitCode()).as(twoTargets.toString()).isEqualTo(2);
    Result reembed = quiver("import", "--store", store.toString(), "--from-solr", "zk:2181/chat", "--reembed");
    assertThat(reembed.exitCode()).as(reembed.toString()).isEqualTo(2);
    assertThat(reembed.err()).contains("--reembed");
    assertThat(dir).isEmptyDirectory();
  }
}
