package dev.quiver.internal.storefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatabasePages} on real files and on headers that are not a database's. */
class DatabasePagesTest {
  @TempDir Path dir;

  @Test
  void readsThePageSizeAndPagesOfARealFile() throws Exception {
    Path db = dir.resolve("store.db");
    try (Connection c = Fixtures.connect(db)) {
      Fixtures.createQuiverShape(c);
    }
    byte[] bytes = Files.readAllBytes(db);
    assertThat(DatabasePages.pageSize(db)).isEqualTo(4096);
    assertThat(DatabasePages.usableSize(DatabasePages.readHeader(db), db)).isEqualTo(4096);
    assertThat(DatabasePages.readPage(db, 2, 4096)).isEqualTo(Arrays.copyOfRange(bytes, 4096, 8192));
    assertThat(LeafPage.metaRows(DatabasePages.readPage(db, 2, 4096), 4096)).isPresent();
  }

  @Test
  void aPageSizeFieldOf1Means65536() throws Exception {
    Path db = dir.resolve("big.db");
    try (Connection c = Fixtures.connect(db); Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size=65536");
      s.execute(Fixtures.META_DDL);
      s.execute("INSERT INTO quiver_meta VALUES ('k', 'v')");
    }
    assertThat(DatabasePages.readHeader(db)[16]).isZero();
    assertThat(DatabasePages.readHeader(db)[17]).isEqualTo((byte) 1);
    assertThat(DatabasePages.pageSize(db)).isEqualTo(65536);
    assertThat(LeafPage.metaRows(DatabasePages.readPage(db, 2, 65536), 65536).orElseThrow())
        .containsExactly(java.util.Map.entry("k", "v"));
  }

  @Test
  void aLastPageCutShortIsPaddedWithZerosAsSqliteReadsIt() throws IOException {
    byte[] bytes = Fixtures.blob(4096 + 100, 7);
    Path db = Files.write(dir.resolve("short.db"), bytes);
    byte[] page = DatabasePages.readPage(db, 2, 4096);
    assertThat(Arrays.copyOf(page, 100)).isEqualTo(Arrays.copyOfRange(bytes, 4096, 4196));
    assertThat(Arrays.copyOfRange(page, 100, 4096)).containsOnly(0);
  }

  @Test
  void aPageThatStartsPastTheEndOfTheFileIsRefused() throws IOException {
    Path db = Files.write(dir.resolve("one.db"), new byte[4096]);
    assertThatThrownBy(() -> DatabasePages.readPage(db, 2, 4096)).isInstanceOf(EOFException.class)
        .hasMessageContaining("page 2").hasMessageContaining(db.toString()).hasMessageContaining("4096 bytes");
    assertThatThrownBy(() -> DatabasePages.readPage(db, 0, 4096)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatabasePages.readPage(db, 1, 1000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersThatAreNotADatabasesAreRefusedWithWhatWasFound() throws IOException {
    byte[] header = new byte[100];
    header[16] = 0x03; // 768: not a power of two
    Path odd = Files.write(dir.resolve("odd.db"), header);
    assertThatThrownBy(() -> DatabasePages.pageSize(odd)).isInstanceOf(PageFormatException.class)
        .hasMessageContaining("found 768").hasMessageContaining(odd.toString());

    header[16] = 0x02; // 512 with 40 reserved bytes leaves 472, below SQLite's 480
    header[20] = 40;
    assertThatThrownBy(() -> DatabasePages.usableSize(header, odd)).isInstanceOf(PageFormatException.class)
        .hasMessageContaining("found 472");

    Path tiny = Files.write(dir.resolve("tiny.db"), new byte[10]);
    assertThatThrownBy(() -> DatabasePages.pageSize(tiny)).isInstanceOf(PageFormatException.class)
        .hasMessageContaining("10 bytes");
  }
}
