package dev.quiver.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.Item;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Items from a JSON Lines file, one object a line; blank lines are skipped; a name ending in {@code .gz} is
 * read through gzip. Two layouts are accepted, line by line:
 *
 * <ul>
 *   <li>Quiver's: {@code id} (string or number), {@code text} (string), optional {@code attributes} (an object
 *       whose values are strings, integers (kept as longs), other numbers (doubles) or booleans, each keeping its
 *       type) and {@code timestamp} (epoch
 *       milliseconds, an integer). Other fields, such as the {@code vector} that {@code quiver export} writes,
 *       are ignored.
 *   <li>BEIR's corpus: {@code _id}, {@code title}, {@code text}: the title, when not empty, is prepended to the
 *       text on its own line; other string fields, and the string fields of a {@code metadata} object, become
 *       attributes.
 * </ul>
 *
 * <p>{@link #open} reads the whole file once to check every line before the first item is handed out, so a
 * malformed line 9,000 fails the command before anything is written. Errors name the file and the line.
 *
 * <p>The file must be UTF-8: a line holding bytes that are not UTF-8 is refused with its number (never replaced
 * by U+FFFD); a byte order mark at the start of the file is skipped. A line holds exactly one JSON value:
 * anything after it but white space ({@code {..}{..}}, {@code {..} junk}) is refused.
 */
public final class JsonlItemReader implements ItemSource {
  private final String name;
  private final InputStream reader;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final long expected;
  private long lineNumber;
  private Item next;

  private JsonlItemReader(String name, InputStream reader, long expected) {
    this.name = name;
    this.reader = reader;
    this.expected = expected;
  }

  /** Opens what {@link Opener} yields. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** Checks every line of {@code file}, then opens it for reading. */
  public static JsonlItemReader open(Path file) {
    return open(file.toString(), () -> Files.newInputStream(file));
  }

  /**
   * Checks every line of the stream {@code opener} yields, then opens it a second time for reading.
   *
   * @param name the file name used in messages; a name ending in {@code .gz} is decompressed
   * @throws InputException naming the file and line of the first malformed line
   */
  public static JsonlItemReader open(String name, Opener opener) {
    long count = 0;
    try (JsonlItemReader check = new JsonlItemReader(name, reader(name, opener), -1)) {
      while (check.hasNext()) {
        check.next();
        count++;
      }
    }
    return new JsonlItemReader(name, reader(name, opener), count);
  }

  private static InputStream reader(String name, Opener opener) {
    try {
      InputStream in = opener.open();
      if (name.endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return new BufferedInputStream(in, 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    try {
      String line;
      while ((line = readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          String where = name + ":" + lineNumber;
          next = toItem(Json.parseLine(line, where), where);
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(name + ":" + (lineNumber + 1) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end. Lines are split
   * as bytes and each decoded strictly, so a byte that is not UTF-8 is reported on its own line.
   */
  private String readLine() throws IOException {
    line.reset();
    int b;
    boolean any = false;
    while ((b = reader.read()) != -1 && b != '\n') {
      any = true;
      line.write(b);
    }
    if (!any && b == -1) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    int from = 0;
    int to = bytes.length;
    if (lineNumber == 0 && to >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      from = 3; // a byte order mark
    }
    if (to > from && bytes[to - 1] == '\r') {
      to--;
    }
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      String at = e instanceof MalformedInputException m ? firstBad(bytes, from, to) : "";
      throw new InputException(name + ":" + (lineNumber + 1) + ": not valid UTF-8" + at
          + "; the file must be UTF-8 (convert it first, e.g. iconv -f latin1 -t utf-8)");
    }
  }

  /** " (byte 0xE9 at column N)" for the first byte of {@code bytes[from, to)} that does not decode. */
  private String firstBad(byte[] bytes, int from, int to) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(to - from + 1);
    java.nio.charset.CoderResult r = d.decode(in, out, true);
    if (!r.isError()) {
      return "";
    }
    return String.format(java.util.Locale.ROOT, " (byte 0x%02X at byte %d of the line)", bytes[in.position()] & 0xff,
        in.position() - from + 1);
  }

  @Override
  public Item next() {
    if (!hasNext()) {
      throw new NoSuchElementException(name + " has no more items");
    }
    Item item = next;
    next = null;
    return item;
  }

  @Override
  public long expectedCount() {
    return expected;
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line's object as an item; {@code where} is "file:line" for messages. */
  static Item toItem(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new InputException(where + ": expected a JSON object; found " + kind(node));
    }
    boolean beir = node.has("_id") && !node.has("id");
    String idField = beir ? "_id" : "id";
    JsonNode idNode = node.get(idField);
    if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
      throw new InputException(where + ": missing \"id\" (or BEIR \"_id\"): expected a string or integer; found "
          + (idNode == null ? "no such field" : kind(idNode)));
    }
    JsonNode textNode = node.get("text");
    if (textNode == null || !textNode.isTextual()) {
      throw new InputException(where + ": missing \"text\": expected a string; found "
          + (textNode == null ? "no such field" : kind(textNode)));
    }
    String text = textNode.asText();
    Map<String, Object> attributes = new LinkedHashMap<>();
    Long timestamp = null;
    if (beir) {
      JsonNode title = node.get("title");
      if (title != null && title.isTextual() && !title.asText().isBlank()) {
        text = title.asText() + "\n" + text;
      }
      node.properties().forEach(f -> {
        String key = f.getKey();
        if (!key.equals("_id") && !key.equals("title") && !key.equals("text") && f.getValue().isTextual()) {
          attributes.put(key, f.getValue().asText());
        }
      });
      JsonNode metadata = node.get("metadata");
      if (metadata != null && metadata.isObject()) {
        metadata.properties().forEach(f -> {
          if (f.getValue().isTextual()) {
            attributes.putIfAbsent(f.getKey(), f.getValue().asText());
          }
        });
      }
    } else {
      JsonNode attrs = node.get("attributes");
      if (attrs != null && !attrs.isNull()) {
        if (!attrs.isObject()) {
          throw new InputException(where + ": \"attributes\" must be an object of strings, numbers and booleans; "
              + "found " + kind(attrs));
        }
        attrs.properties().forEach(f -> attributes.put(f.getKey(), attributeValue(where, f.getKey(), f.getValue())));
      }
      JsonNode ts = node.get("timestamp");
      if (ts != null && !ts.isNull()) {
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
          throw new InputException(where + ": \"timestamp\" must be epoch milliseconds (an integer); found "
              + kind(ts) + " " + ts);
        }
        timestamp = ts.asLong();
      }
    }
    try {
      return new Item(idNode.asText(), text, attributes, timestamp);
    } catch (IllegalArgumentException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
  }

  /** A JSON value as the attribute type it maps to: string, long, double or boolean. */
  private static Object attributeValue(String where, String key, JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    } else if (v.isBoolean()) {
      return v.booleanValue();
    } else if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw new InputException(where + ": attribute \"" + key + "\" is the integer " + v + ", outside the range "
            + "of a long; write it as a string");
      }
      return v.longValue();
    } else if (v.isNumber()) {
      double d = v.doubleValue();
      if (Double.isInfinite(d)) {
        throw new InputException(where + ": attribute \"" + key + "\" is " + v.asText() + ", beyond the range of "
            + "a double; write it as a string");
      }
      return d;
    }
    throw new InputException(where + ": attribute \"" + key + "\" must be a string, number or boolean; found "
        + kind(v));
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

}
