package dev.quiver.keyword;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;

/**
 * The documents with a term of {@code field} that contains {@code substring}: {@link dev.quiver.Filter#contains}
 * on the keyword side.
 *
 * <p>Why not a {@code WildcardQuery("*" + escaped + "*")}: its automaton must be determinized, and Lucene refuses
 * one past its work limit, which a substring near {@link dev.quiver.Item#MAX_ATTRIBUTE_VALUE_LENGTH} can pass;
 * escaping {@code *}, {@code ?} and {@code \} is one more thing to get wrong. This query tests every term of the
 * field instead, as a leading wildcard would visit them all anyway, so any substring the filter accepts runs.
 *
 * <p>Matching bytes is matching chars: both strings are well-formed UTF-16 ({@code Filter} checks), UTF-8 is
 * self-synchronizing and a well-formed substring neither starts nor ends inside a surrogate pair, so the UTF-8
 * bytes of {@code substring} occur in a term's bytes exactly when {@link String#contains} says so.
 */
final class SubstringQuery extends MultiTermQuery {
  private final String substring;
  private final byte[] bytes;

  SubstringQuery(String field, String substring) {
    super(field, CONSTANT_SCORE_BLENDED_REWRITE);
    this.substring = substring;
    this.bytes = substring.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
    return new FilteredTermsEnum(terms.iterator(), false) {
      @Override
      protected AcceptStatus accept(BytesRef term) {
        return contains(term, bytes) ? AcceptStatus.YES : AcceptStatus.NO;
      }
    };
  }

  /** Whether {@code needle} occurs in {@code term}'s bytes; a plain scan, as terms are at most a few KB. */
  static boolean contains(BytesRef term, byte[] needle) {
    int last = term.offset + term.length - needle.length;
    outer:
    for (int start = term.offset; start <= last; start++) {
      for (int i = 0; i < needle.length; i++) {
        if (term.bytes[start + i] != needle[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** One leaf, as every term query counts against the clause limit; its terms are found only while searching. */
  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    return (field.equals(defaultField) ? "" : field + ":") + "*contains(" + substring + ")*";
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other) && Arrays.equals(bytes, ((SubstringQuery) other).bytes);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Arrays.hashCode(bytes);
  }
}
