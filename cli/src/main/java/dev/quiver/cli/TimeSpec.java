package dev.quiver.cli;

import dev.quiver.Filter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code --since} and {@code --until}: a point in time as a user types it, in epoch milliseconds, the unit of
 * {@link dev.quiver.Item#timestamp()}. Accepted: an ISO date ({@code 2026-11-01}, a day in UTC), a date-time
 * with an offset ({@code 2026-11-01T09:30:00+01:00}, {@code 2026-11-01T08:30Z}) or without one (UTC), and a
 * duration back from now ({@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}, or ISO {@code PT12H}).
 */
final class TimeSpec {
  static final String FORMS = "an ISO date (2026-11-01, UTC), a date-time (2026-11-01T09:30:00+01:00, or UTC "
      + "without an offset) or a duration back from now (90s, 30m, 12h, 7d, 2w, PT12H)";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhdw])");

  private TimeSpec() {}

  /**
   * {@code text} in epoch milliseconds. A date is the start of its UTC day, or with {@code until} the start of
   * the next one, so that {@code --until 2026-11-30} includes the whole of November 30.
   *
   * @throws IllegalArgumentException if {@code text} is none of {@link #FORMS}
   */
  static long instant(String text, boolean until) {
    return instant(text, until, Clock.systemUTC());
  }

  static long instant(String text, boolean until, Clock clock) {
    String t = text.strip();
    Duration back = duration(t);
    if (back != null) {
      return clock.instant().minus(back).toEpochMilli();
    }
    try {
      if (t.length() == 10) {
        LocalDate day = LocalDate.parse(t);
        return (until ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      try {
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
      } catch (DateTimeParseException noOffset) {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("expected " + FORMS + "; found '" + text + "'", e);
    }
  }

  private static @Nullable Duration duration(String t) {
    Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expected " + FORMS + "; found '" + t + "' (" + e.getMessage() + ")",
            e);
      }
    }
    return null;
  }

  /**
   * The time range of {@code --since} and {@code --until}, either of which may be null; null when both are.
   *
   * @throws IllegalArgumentException if either is malformed, or the range ends before it starts
   */
  static @Nullable Filter range(@Nullable String since, @Nullable String until) {
    if (since == null && until == null) {
      return null;
    }
    long from = since == null ? Long.MIN_VALUE : instant(since, false);
    long to = until == null ? Long.MAX_VALUE : instant(until, true);
    if (to < from) {
      throw new IllegalArgumentException("--until " + until + " (" + Instant.ofEpochMilli(to) + ") is before --since "
          + since + " (" + Instant.ofEpochMilli(from) + "); expected a range that ends after it starts");
    }
    return Filter.timeRange(from, to);
  }
}
