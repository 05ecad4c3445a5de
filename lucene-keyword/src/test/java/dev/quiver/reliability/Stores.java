package dev.quiver.reliability;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.hybrid.HashingEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Real stores and real child processes for the reliability tests. */
final class Stores {
  private Stores() {}

  static Quiver open(Path store) {
    return open(store, LuceneKeywordIndex.factory());
  }

  static Quiver open(Path store, KeywordIndex.Factory keywords) {
    return Quiver.open(store, QuiverOptions.builder().embedder(new HashingEmbedder()).keywordIndex(keywords)
        .build());
  }

  /** Messages in two rooms, each with a timestamp. */
  static List<Item> messages(int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new Item("msg:" + i, "message " + i + " about the zeppelin hangar topic " + (i % 5),
          Map.of("room", i % 2 == 0 ? "ops" : "dev"), 1_000L + i));
    }
    return items;
  }

  /** Starts {@code main} in a child JVM with this test's class path; stdout is readable, stderr discarded. */
  static Process child(Class<?> main, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  static BufferedReader lines(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Path (relative to {@code dir}) to sha256 of every regular file below it. */
  static Map<String, String> fingerprint(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), sha256(p));
      }
    }
    return out;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
