package dev.quiver;

import dev.quiver.spi.KeywordIndex;
import dev.quiver.internal.store.VectorStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Compares the vector file's items with the keyword index's stored copies. Used to restore what a vector
 * file lost (the keyword index then holds the true state) and by {@code verify} to prove both sides equal.
 * Each side is summarised as id to a 64-bit digest of text, attributes and timestamp, so only the items
 * that differ are ever held whole.
 */
final class LostCommits {
  private static final int LISTED = 5;

  private LostCommits() {}

  /**
   * @param changed the keyword index's version of every item that the vector file lacks or holds otherwise
   * @param removed ids the vector file holds and the keyword index does not
   */
  record Difference(List<Item> changed, List<String> removed) {
    boolean none() {
      return changed.isEmpty() && removed.isEmpty();
    }

    /** What {@code verify} reports: empty when both sides hold the same items. */
    List<String> describe(Path file, Path keywordDirectory) {
      List<String> problems = new ArrayList<>();
      if (!changed.isEmpty()) {
        problems.add(String.format(Locale.ROOT, "keyword index %s holds %d items that %s lacks or holds "
            + "otherwise, for example %s", keywordDirectory, changed.size(), file,
            changed.stream().limit(LISTED).map(Item::id).toList()));
      }
      if (!removed.isEmpty()) {
        problems.add(String.format(Locale.ROOT, "%s holds %d items that keyword index %s lacks, for example %s",
            file, removed.size(), keywordDirectory, removed.stream().limit(LISTED).toList()));
      }
      return problems;
    }
  }

  static Difference compare(VectorStore vectors, KeywordIndex index) throws IOException {
    try (KeywordIndex.Reader reader = index.reader()) {
      Map<String, Long> keywordDigests = new HashMap<>();
      reader.forEach(item -> keywordDigests.put(item.id(), digest(item)));
      List<String> differing = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      vectors.forEach((item, vector) -> {
        Long theirs = keywordDigests.remove(item.id());
        if (theirs == null) {
          removed.add(item.id());
        } else if (theirs != digest(item)) {
          differing.add(item.id());
        }
      });
      differing.addAll(keywordDigests.keySet()); // in the index only
      List<Item> changed = new ArrayList<>(differing.size());
      for (String id : differing) {
        reader.get(id).ifPresent(changed::add);
      }
      return new Difference(changed, removed);
    }
  }

  /** Two independent 32-bit hashes of everything an item carries but its id. */
  static long digest(Item item) {
    CRC32C crc = new CRC32C();
    update(crc, item.text() == null ? "\0null" : item.text());
    for (Map.Entry<String, ?> e : new TreeMap<>(item.attributes()).entrySet()) {
      update(crc, e.getKey());
      // a string as it was before typed values; other types tagged, so 5L, 5.0 and "5" differ
      Object v = e.getValue();
      update(crc, v instanceof String s ? s : "\0" + v.getClass().getSimpleName() + ":" + v);
    }
    update(crc, String.valueOf(item.timestamp()));
    return ((long) item.hashCode() << 32) | (crc.getValue() & 0xffffffffL);
  }

  private static void update(CRC32C crc, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    crc.update(bytes.length >>> 24);
    crc.update(bytes.length >>> 16);
    crc.update(bytes.length >>> 8);
    crc.update(bytes.length);
    crc.update(bytes);
  }
}
