package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The text of one {@code --filter}: a hand-written recursive-descent parser from the expression syntax to a
 * {@link Filter}. The grammar, loosest binding first:
 *
 * <pre>
 * expr    := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | primary
 * primary := '(' expr ')'
 *          | 'has' '(' KEY ')' | 'exists' KEY
 *          | 'timeRange' '(' TIME ',' TIME ')'          [FROM, TO): epoch millis, an ISO date or date-time
 *          | KEY ('=' | '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') VALUE
 *          | KEY ['not'] 'in' '(' VALUE (',' VALUE)* ')'
 *          | KEY 'contains' VALUE                       a string attribute holding VALUE, case-sensitive
 * VALUE   := WORD | "quoted" | 'quoted' | 'num' '(' NUMBER ')' | 'bool' '(' true|false ')'
 * </pre>
 *
 * A bare WORD is any run of characters other than white space and {@code ( ) , = ! < > " '}. As a value it
 * is loose, as {@code --filter KEY=VALUE} always was: in equality and {@code in} it matches the text and, when
 * the text spells one, the number or boolean too ({@code 3} matches "3", 3 and 3.0); as a range bound it is the
 * number it spells, else the text. A quoted value is exactly that string ({@code \"} and {@code \\} escape);
 * {@code num(3)} and {@code bool(true)} are exactly that number (a long, or a double when written with a point
 * or an exponent) or boolean. Keywords ({@code and or not in contains has exists}) are lower case; a key spelled like
 * one is quoted.
 *
 * <p>Bad text is a {@link SyntaxException} naming the 1-based column, what was expected and what was found.
 */
final class FilterExpression {
  /** Bad filter text: {@link #getMessage()} says where, what was expected and what was found. */
  static final class SyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int column;

    SyntaxException(String message, int column) {
      super(message);
      this.column = column;
    }

    /** 1-based column of the character where the problem was found (one past the end at the end). */
    int column() {
      return column;
    }
  }

  private enum Kind { WORD, STRING, LPAREN, RPAREN, COMMA, OP, END }

  private record Token(Kind kind, String text, int column) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equals(word);
    }

    String describe() {
      return switch (kind) {
        case END -> "the end";
        case STRING -> "the string \"" + text + "\"";
        default -> "'" + text + "'";
      };
    }
  }

  /** Characters that end a bare word. */
  private static final String SPECIAL = "(),=!<>\"'";

  private final String text;
  private final List<Token> tokens;
  private int next;
  private int depth;

  private FilterExpression(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /**
   * The filter {@code text} describes.
   *
   * @throws SyntaxException if {@code text} is not in the grammar, or the filter it describes is refused by
   *     {@link Filter} (a key too long, a boolean range bound, too deep)
   */
  static Filter parse(String text) {
    FilterExpression p = new FilterExpression(text);
    if (p.peek().kind == Kind.END) {
      throw new SyntaxException("expected a filter such as room=ops or 'priority >= 3' at column 1, found the "
          + "end", 1);
    }
    Filter f = p.or();
    Token after = p.peek();
    if (after.kind != Kind.END) {
      throw p.error("'and', 'or' or the end after a condition", after);
    }
    return f;
  }

  private Filter or() {
    Token start = peek();
    List<Filter> operands = new ArrayList<>();
    operands.add(and());
    while (peek().isWord("or")) {
      next++;
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : build(() -> Filter.or(operands.toArray(Filter[]::new)),
        start);
  }

  private Filter and() {
    Token start = peek();
    List<Filter> operands = new ArrayList<>();
    operands.add(unary());
    while (peek().isWord("and")) {
      next++;
      operands.add(unary());
    }
    return operands.size() == 1 ? operands.get(0) : build(() -> Filter.and(operands.toArray(Filter[]::new)),
        start);
  }

  private Filter unary() {
    Token t = peek();
    // 'not' is a key when an operator or 'in' follows it: not = 3, not in (a)
    if (t.isWord("not") && !isOperatorStart(peek(1))) {
      next++;
      enter(t);
      Filter inner = unary();
      depth--;
      return build(() -> Filter.not(inner), t);
    }
    return primary();
  }

  private Filter primary() {
    Token t = peek();
    if (t.kind == Kind.LPAREN) {
      next++;
      enter(t);
      Filter inner = or();
      depth--;
      expect(Kind.RPAREN, "')' to close the '(' at column " + t.column);
      return inner;
    }
    if (t.isWord("has") && peek(1).kind == Kind.LPAREN) {
      next += 2;
      String key = key("an attribute name after 'has('");
      expect(Kind.RPAREN, "')' after 'has(" + key + "'");
      return build(() -> Filter.exists(key), t);
    }
    if (t.isWord("exists") && isKey(peek(1)) && !isOperatorStart(peek(1))) {
      next++;
      String key = key("an attribute name after 'exists'");
      return build(() -> Filter.exists(key), t);
    }
    if (t.isWord("timeRange") && peek(1).kind == Kind.LPAREN) {
      next += 2;
      long from = time("a time after 'timeRange('");
      expect(Kind.COMMA, "',' between the two times of timeRange");
      long to = time("a second time in timeRange");
      expect(Kind.RPAREN, "')' after the two times of timeRange");
      return build(() -> Filter.timeRange(from, to), t);
    }
    if (!isKey(t)) {
      throw error("a condition (KEY = VALUE, KEY in (...), has(KEY), not ..., or '(')", t);
    }
    String key = key("an attribute name");
    Token op = peek();
    if (op.kind == Kind.OP) {
      next++;
      Value v = value("a value after '" + op.text + "'");
      return build(() -> compare(key, op.text, v), t);
    }
    if (op.isWord("contains")) {
      next++;
      Token at = peek();
      Value v = value("a string after 'contains'");
      if (!(v.exact() instanceof String substring)) {
        throw error("a string after 'contains' (it matches string attributes that hold it)", at);
      }
      return build(() -> Filter.contains(key, substring), t);
    }
    boolean negated = op.isWord("not") && peek(1).isWord("in");
    if (op.isWord("in") || negated) {
      next += negated ? 2 : 1;
      String in = negated ? "not in (" : "in (";
      expect(Kind.LPAREN, "'(' after '" + (negated ? "not in" : "in") + "'");
      Set<Object> values = new LinkedHashSet<>();
      values.addAll(value("a value after '" + in + "'").matching());
      while (peek().kind == Kind.COMMA) {
        next++;
        values.addAll(value("a value after ','").matching());
      }
      expect(Kind.RPAREN, "',' or ')' in the list after '" + in + "'");
      Filter inFilter = build(() -> Filter.in(key, List.copyOf(values)), t);
      return negated ? build(() -> Filter.not(inFilter), t) : inFilter;
    }
    throw error("an operator after '" + key + "' (=, !=, <, <=, >, >=, in, not in, contains: key=value, "
        + "key >= 3, key in (a,b), key contains text)", op);
  }

  /** A value as written: loose (a bare word) or exact (quoted, num(...), bool(...)). */
  private record Value(Object exact, boolean loose) {
    /** What equality with this value matches. */
    List<Object> matching() {
      if (!loose) {
        return List.of(exact);
      }
      Object typed = typed((String) exact);
      return typed == null ? List.of(exact) : List.of(exact, typed);
    }

    /** This value as a range bound. */
    Object bound() {
      if (!loose) {
        return exact;
      }
      Object typed = typed((String) exact);
      return typed instanceof Boolean || typed == null ? exact : typed;
    }
  }

  private static Filter compare(String key, String op, Value v) {
    return switch (op) {
      case "=", "==" -> equal(key, v);
      case "!=" -> Filter.not(equal(key, v));
      case ">" -> new Filter.Range(key, v.bound(), false, null, false);
      case ">=" -> new Filter.Range(key, v.bound(), true, null, false);
      case "<" -> new Filter.Range(key, null, false, v.bound(), false);
      case "<=" -> new Filter.Range(key, null, false, v.bound(), true);
      default -> throw new IllegalStateException("operator " + op); // the tokenizer makes only these
    };
  }

  private static Filter equal(String key, Value v) {
    List<Object> values = v.matching();
    return values.size() == 1 ? new Filter.Eq(key, values.get(0)) : Filter.in(key, values);
  }

  /**
   * The number or boolean {@code text} spells, or null: as {@code --filter KEY=VALUE} has always read it
   * ({@code true}, {@code false}, a long, else a double other than NaN).
   */
  static @Nullable Object typed(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notLong) {
      try {
        double d = Double.parseDouble(text);
        return Double.isNaN(d) ? null : d;
      } catch (NumberFormatException notNumber) {
        return null;
      }
    }
  }

  private Value value(String expected) {
    Token t = peek();
    if (t.kind == Kind.STRING) {
      next++;
      return new Value(t.text, false);
    }
    if (t.kind != Kind.WORD) {
      throw error(expected, t);
    }
    if ((t.text.equals("num") || t.text.equals("bool")) && peek(1).kind == Kind.LPAREN) {
      next += 2;
      Token arg = peek();
      Object exact = arg.kind == Kind.WORD ? literal(t.text, arg.text) : null;
      if (exact == null) {
        throw error(t.text.equals("num") ? "a number inside 'num('" : "true or false inside 'bool('", arg);
      }
      next++;
      expect(Kind.RPAREN, "')' after '" + t.text + "(" + arg.text + "'");
      return new Value(exact, false);
    }
    next++;
    return new Value(t.text, true);
  }

  private static @Nullable Object literal(String function, String text) {
    if (function.equals("bool")) {
      return text.equals("true") || text.equals("false") ? Boolean.parseBoolean(text) : null;
    }
    Object typed = typed(text);
    return typed instanceof Boolean ? null : typed;
  }

  private long time(String expected) {
    Token t = peek();
    if (t.kind != Kind.WORD && t.kind != Kind.STRING) {
      throw error(expected, t);
    }
    try {
      long millis = t.text.matches("-?\\d+") ? Long.parseLong(t.text) : TimeSpec.instant(t.text, false);
      next++;
      return millis;
    } catch (IllegalArgumentException e) {
      throw error(expected + " (epoch milliseconds, 2026-11-01 or 2026-11-01T09:30:00Z)", t);
    }
  }

  private String key(String expected) {
    Token t = peek();
    if (!isKey(t)) {
      throw error(expected, t);
    }
    next++;
    return t.text;
  }

  private static boolean isKey(Token t) {
    return t.kind == Kind.WORD || t.kind == Kind.STRING;
  }

  private static boolean isOperatorStart(Token t) {
    return t.kind == Kind.OP || t.isWord("in") || t.isWord("contains");
  }

  private void expect(Kind kind, String expected) {
    Token t = peek();
    if (t.kind != kind) {
      throw error(expected, t);
    }
    next++;
  }

  private void enter(Token t) {
    if (++depth >= Filter.MAX_DEPTH) {
      throw new SyntaxException(String.format(Locale.ROOT, "expected at most %d levels of nesting (Filter"
          + ".MAX_DEPTH) at column %d, found more", Filter.MAX_DEPTH, t.column), t.column);
    }
  }

  /** Builds a filter, turning the library's refusal into a syntax error at {@code at}. */
  private Filter build(java.util.function.Supplier<Filter> filter, Token at) {
    try {
      return filter.get();
    } catch (SyntaxException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SyntaxException(e.getMessage() + " (in the condition at column " + at.column + ")", at.column);
    }
  }

  private Token peek() {
    return peek(0);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private SyntaxException error(String expected, Token found) {
    return new SyntaxException("expected " + expected + " at column " + found.column + ", found "
        + found.describe(), found.column);
  }

  private static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        tokens.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c),
            column));
        i++;
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        boolean two = i + 1 < text.length() && text.charAt(i + 1) == '=';
        if (c == '!' && !two) {
          throw new SyntaxException("expected '!=' at column " + column + ", found '!'", column);
        }
        tokens.add(new Token(Kind.OP, text.substring(i, i + (two ? 2 : 1)), column));
        i += two ? 2 : 1;
      } else if (c == '"' || c == '\'') {
        StringBuilder s = new StringBuilder();
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != c) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length() && (text.charAt(j + 1) == c || text.charAt(j + 1) == '\\')) {
            j++;
            d = text.charAt(j);
          }
          s.append(d);
          j++;
        }
        if (j >= text.length()) {
          throw new SyntaxException("expected a closing " + c + " for the string opened at column " + column
              + ", found the end", text.length() + 1);
        }
        tokens.add(new Token(Kind.STRING, s.toString(), column));
        i = j + 1;
      } else {
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && SPECIAL.indexOf(text.charAt(j)) < 0) {
          j++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(i, j), column));
        i = j;
      }
    }
    tokens.add(new Token(Kind.END, "", text.length() + 1));
    return tokens;
  }
}
