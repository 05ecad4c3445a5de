package dev.quiver.keyword;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * The text analysis of a keyword index: how text is cut into terms, for indexing and queries alike. The
 * index records the {@link #id()} it was built with in its commit data ({@code quiver.analyzer}); opening it
 * with another one is a {@link dev.quiver.ErrorCode#MODEL_MISMATCH}, which the {@code Quiver} facade mends by
 * rebuilding the index from the vector file. An index that records none was written before analyzers were an
 * option, with {@link #ENGLISH}.
 *
 * <p>Every analyzer lower-cases; the language ones are Lucene's own ({@code lucene-analysis-common}), each
 * with its language's stop words and stemmer.
 */
public enum KeywordAnalyzer {
  /** Lucene's {@link EnglishAnalyzer}: possessives, lower case, English stop words, Porter stemming. The default. */
  ENGLISH("english", EnglishAnalyzer::new),
  /**
   * As {@link #ENGLISH} with Krovetz's stemmer (KStem) instead of Porter: gentler, it keeps more words apart
   * ("university" and "universe" stay two terms). Measured against Porter in {@code docs/quality.md}.
   */
  ENGLISH_KSTEM("english-kstem", EnglishKStemAnalyzer::new),
  /** Lucene's {@link StandardAnalyzer}: Unicode word boundaries and lower case; no stop words, no stemming. */
  STANDARD("standard", StandardAnalyzer::new),
  /** Lucene's {@link DanishAnalyzer}. */
  DANISH("danish", DanishAnalyzer::new),
  /** Lucene's {@link DutchAnalyzer}. */
  DUTCH("dutch", DutchAnalyzer::new),
  /** Lucene's {@link FinnishAnalyzer}. */
  FINNISH("finnish", FinnishAnalyzer::new),
  /** Lucene's {@link FrenchAnalyzer} (elisions such as {@code l'}, light stemming). */
  FRENCH("french", FrenchAnalyzer::new),
  /** Lucene's {@link GermanAnalyzer} (umlauts normalised, light stemming). */
  GERMAN("german", GermanAnalyzer::new),
  /** Lucene's {@link ItalianAnalyzer}. */
  ITALIAN("italian", ItalianAnalyzer::new),
  /** Lucene's {@link NorwegianAnalyzer}. */
  NORWEGIAN("norwegian", NorwegianAnalyzer::new),
  /** Lucene's {@link PortugueseAnalyzer}. */
  PORTUGUESE("portuguese", PortugueseAnalyzer::new),
  /** Lucene's {@link RussianAnalyzer}. */
  RUSSIAN("russian", RussianAnalyzer::new),
  /** Lucene's {@link SpanishAnalyzer}. */
  SPANISH("spanish", SpanishAnalyzer::new),
  /** Lucene's {@link SwedishAnalyzer}. */
  SWEDISH("swedish", SwedishAnalyzer::new),
  /** Lucene's {@link TurkishAnalyzer} (Turkish lower-casing of I and ı). */
  TURKISH("turkish", TurkishAnalyzer::new);

  private final String id;
  private final Supplier<Analyzer> analyzers;

  KeywordAnalyzer(String id, Supplier<Analyzer> analyzers) {
    this.id = id;
    this.analyzers = analyzers;
  }

  /** The name recorded in the index and accepted by {@link #named} and the CLI's {@code --analyzer}. */
  public String id() {
    return id;
  }

  /** A new Lucene analyzer of this kind; the caller closes it. */
  public Analyzer create() {
    return analyzers.get();
  }

  /**
   * The analyzer whose {@link #id()} is {@code name}, ignoring case; {@code _} counts as {@code -}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static KeywordAnalyzer named(String name) {
    if (name != null) {
      String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
      for (KeywordAnalyzer a : values()) {
        if (a.id.equals(wanted)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("unknown keyword analyzer " + (name == null ? "null" : "'" + name + "'")
        + "; expected one of " + names());
  }

  /** Every {@link #id()}, comma-separated, in declaration order. */
  public static String names() {
    return Arrays.stream(values()).map(KeywordAnalyzer::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }

  /** {@link EnglishAnalyzer}'s chain with {@link KStemFilter} in place of the Porter stemmer. */
  private static final class EnglishKStemAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream result = new EnglishPossessiveFilter(source);
      result = new LowerCaseFilter(result);
      result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
      result = new KStemFilter(result);
      return new TokenStreamComponents(source, result);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new LowerCaseFilter(in);
    }
  }
}
