package dev.quiver.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Relevance judgments. Two layouts, told apart by the number of columns: BEIR's TSV {@code query-id corpus-id
 * score} (with or without its header line) and TREC's {@code qid iteration docid relevance}. A directory is
 * read as a BEIR {@code qrels/} folder: its {@code test.tsv}.
 */
public final class Qrels {
  private Qrels() {}

  /**
   * Judgments by query id, then document id: the grade (0 = judged not relevant).
   *
   * @throws InputException naming the file and line of a malformed line
   */
  public static Map<String, Map<String, Integer>> read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("test.tsv") : path;
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.strip().split("\\s+");
        String qid;
        String docid;
        String grade;
        if (f.length == 3) {
          qid = f[0];
          docid = f[1];
          grade = f[2];
        } else if (f.length == 4) {
          qid = f[0];
          docid = f[2];
          grade = f[3];
        } else {
          throw new InputException(file + ":" + n + ": expected 3 columns (BEIR: query-id corpus-id score) or 4"
              + " (TREC: qid iter docid rel); found " + f.length);
        }
        int g;
        try {
          g = Integer.parseInt(grade);
        } catch (NumberFormatException e) {
          if (n == 1) {
            continue; // BEIR's header line: query-id corpus-id score
          }
          throw new InputException(file + ":" + n + ": relevance must be an integer; found '" + grade + "'");
        }
        qrels.computeIfAbsent(qid, k -> new HashMap<>()).put(docid, g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return qrels;
  }
}
