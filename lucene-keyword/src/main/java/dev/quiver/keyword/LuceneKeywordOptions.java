package dev.quiver.keyword;

import java.util.Locale;
import java.util.Objects;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * How a {@link LuceneKeywordIndex} analyzes and ranks: its {@link KeywordAnalyzer} (recorded in the index;
 * changing it rebuilds the index) and its BM25 parameters (query time only; changing them needs no rebuild).
 *
 * <pre>{@code
 * QuiverOptions.builder()
 *     .keywordIndex(LuceneKeywordIndex.factory(LuceneKeywordOptions.builder().analyzer(KeywordAnalyzer.GERMAN).build()))
 * }</pre>
 */
public final class LuceneKeywordOptions {
  private static final LuceneKeywordOptions DEFAULTS = builder().build();

  private final KeywordAnalyzer analyzer;
  private final float k1;
  private final float b;

  private LuceneKeywordOptions(Builder builder) {
    this.analyzer = builder.analyzer;
    this.k1 = builder.k1;
    this.b = builder.b;
  }

  /** English (Porter), BM25 k1 {@value LuceneKeywordIndex#BM25_K1}, b {@value LuceneKeywordIndex#BM25_B}. */
  public static LuceneKeywordOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The analysis of indexed text and queries. */
  public KeywordAnalyzer analyzer() {
    return analyzer;
  }

  /** BM25 term-frequency saturation. */
  public float k1() {
    return k1;
  }

  /** BM25 document-length normalisation. */
  public float b() {
    return b;
  }

  BM25Similarity similarity() {
    return new BM25Similarity(k1, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LuceneKeywordOptions other && analyzer == other.analyzer
        && Float.compare(k1, other.k1) == 0 && Float.compare(b, other.b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(analyzer, k1, b);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LuceneKeywordOptions[analyzer=%s, k1=%s, b=%s]", analyzer.id(), k1, b);
  }

  /** Builds {@link LuceneKeywordOptions}; every setting has a default. */
  public static final class Builder {
    private KeywordAnalyzer analyzer = KeywordAnalyzer.ENGLISH;
    private float k1 = LuceneKeywordIndex.BM25_K1;
    private float b = LuceneKeywordIndex.BM25_B;

    private Builder() {}

    /** The analyzer; default {@link KeywordAnalyzer#ENGLISH}. */
    public Builder analyzer(KeywordAnalyzer newAnalyzer) {
      if (newAnalyzer == null) {
        throw new IllegalArgumentException("keyword analyzer must not be null; expected one of "
            + KeywordAnalyzer.names());
      }
      this.analyzer = newAnalyzer;
      return this;
    }

    /**
     * BM25 parameters; default k1 {@value LuceneKeywordIndex#BM25_K1}, b {@value LuceneKeywordIndex#BM25_B}.
     *
     * @param newK1 term-frequency saturation, finite and {@code >= 0}
     * @param newB document-length normalisation, in [0, 1]
     * @throws IllegalArgumentException for values outside those ranges
     */
    public Builder bm25(float newK1, float newB) {
      new BM25Similarity(newK1, newB); // checks both and names the bad one
      this.k1 = newK1;
      this.b = newB;
      return this;
    }

    public LuceneKeywordOptions build() {
      return new LuceneKeywordOptions(this);
    }
  }
}
