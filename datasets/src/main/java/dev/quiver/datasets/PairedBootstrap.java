package dev.quiver.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A paired bootstrap over queries: whether run B's mean score beats run A's by more than chance. Both runs
 * score the same queries in the same order; each resample draws that many queries with replacement and takes
 * the mean of B - A over them. The 95% interval is the 2.5th and 97.5th percentile of those means (the
 * percentile method, as in Sakai 2006 and Efron and Tibshirani 1993, chapter 16). An interval that does not
 * contain 0 is a difference this set of queries supports.
 *
 * <p>Seeded, so a table can be reproduced to the last digit.
 */
public final class PairedBootstrap {
  /** Resamples drawn unless told otherwise. */
  public static final int RESAMPLES = 10_000;

  private PairedBootstrap() {}

  /**
   * The mean difference {@code b - a} and its 95% interval.
   *
   * @param lower the 2.5th percentile of the resampled mean differences
   * @param upper the 97.5th percentile
   */
  public record Interval(double mean, double lower, double upper) {
    /** Whether the whole interval lies above 0: B beats A on these queries. */
    public boolean above0() {
      return lower > 0;
    }

    /** Whether the whole interval lies below 0: B loses to A on these queries. */
    public boolean below0() {
      return upper < 0;
    }
  }

  /** {@link #interval(double[], double[], int, long)} with {@value #RESAMPLES} resamples and seed 1. */
  public static Interval interval(double[] a, double[] b) {
    return interval(a, b, RESAMPLES, 1);
  }

  /**
   * @param a per-query scores of run A
   * @param b per-query scores of run B, for the same queries in the same order
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or {@code resamples < 1}
   */
  public static Interval interval(double[] a, double[] b, int resamples, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired runs must score the same queries; found " + a.length + " and "
          + b.length + " scores");
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("paired bootstrap needs at least one query; found none");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1; found " + resamples);
    }
    int n = a.length;
    double[] diff = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      diff[i] = b[i] - a[i];
      mean += diff[i];
    }
    mean /= n;
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += diff[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    return new Interval(mean, percentile(means, 0.025), percentile(means, 0.975));
  }

  /** Linear interpolation between closest ranks, as numpy's default. */
  private static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
