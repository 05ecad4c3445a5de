package dev.quiver;

import org.jspecify.annotations.Nullable;

/**
 * Why a hit ranks where it does: its 1-based rank and raw score on each side that found it (or
 * {@code null} where that side did not find it or did not answer), and the fused score.
 */
public record Explanation(@Nullable Integer vectorRank, @Nullable Float vectorScore, @Nullable Integer keywordRank,
    @Nullable Float keywordScore,
    double fusedScore) {

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "fused=%.4f vector=%s keyword=%s", fusedScore,
        vectorRank == null ? "-" : String.format(java.util.Locale.ROOT, "#%d (%.4f)", vectorRank, vectorScore),
        keywordRank == null ? "-" : String.format(java.util.Locale.ROOT, "#%d (%.4f)", keywordRank, keywordScore));
  }
}
