package dev.quiver.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapper of the CLI (thread-safe once configured). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** Parses one JSONL line; the message names {@code where} (file and line) when it is not JSON. */
  static JsonNode parseLine(String line, String where) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InputException(where + ": not valid JSON: " + e.getOriginalMessage());
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
