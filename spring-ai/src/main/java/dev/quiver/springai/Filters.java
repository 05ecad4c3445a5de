package dev.quiver.springai;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/**
 * Spring AI filter expressions as Quiver filters, one to one: every {@link ExpressionType} of Spring AI 1.1
 * (EQ, NE, GT, GTE, LT, LTE, IN, NIN, AND, OR, NOT, ISNULL, ISNOTNULL) and groups.
 *
 * <p>The meanings are those of Spring AI's reference store ({@code SimpleVectorStore}, which evaluates them with
 * SpEL over the metadata map): a comparison never matches a document without the key; {@code NE}, {@code NIN} and
 * {@code NOT} do match it; {@code ISNULL} matches a document without the key (Spring AI metadata cannot hold
 * null) and {@code ISNOTNULL} one with it. Numbers compare as numbers across Integer, Long, Float and Double,
 * strings exactly and by code point; a string never equals a number. A key in quotes ({@code "the year" > 2020})
 * is the key without them, as Spring AI's own converters read it.
 *
 * <p>An expression type this adapter does not know (one added by a later Spring AI) is refused with an
 * {@link UnsupportedOperationException}. Values are converted as {@link Values} says. What Quiver cannot hold (a date, a list where one value is
 * expected) and an expression of the wrong shape are refused with an {@link IllegalArgumentException} that names
 * the expression; Quiver's own limits on filters (depth, conditions, values) apply and are refused likewise.
 */
final class Filters {
  private Filters() {}

  /** The Quiver filter for {@code expression}; {@link Filter#all()} for null. */
  static Filter toQuiver(@Nullable Expression expression) {
    return expression == null ? Filter.all() : expression(expression);
  }

  private static Filter expression(Expression e) {
    ExpressionType type = e.type();
    if (type == null) {
      throw refused(e, "it has no type");
    }
    switch (type) {
      case AND:
        return Filter.and(operand(e, e.left()), operand(e, e.right()));
      case OR:
        return Filter.or(operand(e, e.left()), operand(e, e.right()));
      case NOT:
        return Filter.not(operand(e, e.left()));
      case ISNULL:
        return Filter.not(Filter.exists(key(e)));
      case ISNOTNULL:
        return Filter.exists(key(e));
      case EQ:
        return new Filter.Eq(key(e), value(e));
      case NE:
        return Filter.not(new Filter.Eq(key(e), value(e)));
      case GT:
        return new Filter.Range(key(e), value(e), false, null, false);
      case GTE:
        return new Filter.Range(key(e), value(e), true, null, false);
      case LT:
        return new Filter.Range(key(e), null, false, value(e), false);
      case LTE:
        return new Filter.Range(key(e), null, false, value(e), true);
      case IN:
        return Filter.in(key(e), values(e));
      case NIN:
        return Filter.notIn(key(e), values(e));
      default: // a type added by a later Spring AI
        throw new UnsupportedOperationException(String.format(Locale.ROOT, "filter expression %s cannot be run by "
            + "Quiver: it does not support %s (it supports EQ, NE, GT, GTE, LT, LTE, IN, NIN, AND, OR, NOT, ISNULL "
            + "and ISNOTNULL)", Values.abbreviate(String.valueOf(e)), type));
    }
  }

  /** An operand of AND, OR or NOT: an expression or a group of one. */
  private static Filter operand(Expression parent, @Nullable Operand operand) {
    if (operand instanceof Expression e) {
      return expression(e);
    } else if (operand instanceof Group g && g.content() != null) {
      return expression(g.content());
    }
    throw refused(parent, "its operand " + operand + " is not an expression or a group");
  }

  private static String key(Expression e) {
    if (!(e.left() instanceof Key k) || k.key() == null) {
      throw refused(e, "its left operand " + e.left() + " is not a key");
    }
    String key = k.key().trim();
    boolean quoted = key.length() >= 2 && ((key.startsWith("\"") && key.endsWith("\""))
        || (key.startsWith("'") && key.endsWith("'")));
    return quoted ? key.substring(1, key.length() - 1) : key;
  }

  private static Object value(Expression e) {
    if (!(e.right() instanceof Value v) || v.value() == null) {
      throw refused(e, "its right operand " + e.right() + " is not a value");
    }
    if (v.value() instanceof Collection<?>) {
      throw refused(e, "its value is a list; only IN and NIN take a list");
    }
    return Values.toQuiver(v.value(), "filter expression " + e);
  }

  private static List<Object> values(Expression e) {
    if (!(e.right() instanceof Value v) || !(v.value() instanceof Collection<?> given)) {
      throw refused(e, "its right operand " + e.right() + " is not a list of values");
    }
    List<Object> out = new ArrayList<>(given.size());
    for (Object value : given) {
      if (value == null) {
        throw refused(e, "its list holds null");
      }
      out.add(Values.toQuiver(value, "filter expression " + e));
    }
    return out;
  }

  private static IllegalArgumentException refused(Expression e, String why) {
    return new IllegalArgumentException(String.format(Locale.ROOT, "filter expression %s cannot be run by "
        + "Quiver: %s", Values.abbreviate(String.valueOf(e)), why));
  }
}
