package dev.quiver.datasets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapper of the CLI (thread-safe once configured). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /**
   * Parses one JSONL line, which must hold exactly one JSON value; the message names {@code where} (file and
   * line) when it is not JSON or when anything but white space follows the value.
   */
  static JsonNode parseLine(String line, String where) {
    JsonNode node;
    try (JsonParser parser = MAPPER.createParser(line)) {
      node = MAPPER.readTree(parser);
      if (node == null) {
        throw new InputException(where + ": not valid JSON: no value");
      }
      int end = (int) Math.min(line.length(), parser.currentLocation().getCharOffset());
      JsonToken extra;
      try {
        extra = parser.nextToken();
      } catch (JsonProcessingException e) {
        extra = JsonToken.NOT_AVAILABLE; // junk that is not even a token
      }
      if (extra != null) {
        while (end < line.length() && Character.isWhitespace(line.charAt(end))) {
          end++;
        }
        String rest = line.substring(end).strip();
        throw new InputException(where + ": unexpected content after the JSON value at column " + (end + 1) + ": '"
            + (rest.length() > 40 ? rest.substring(0, 40) + "...' (" + rest.length() + " characters)" : rest + "'")
            + "; a JSON Lines file holds one object per line");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InputException(where + ": not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // reading a String
    }
  }

  /** One compact line of JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
