package dev.quiver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.datasets.Json;

/** {@code {"error": {"code": ..., "message": ...}}}: how a command run with {@code --json} reports failure. */
final class JsonError {
  private JsonError() {}

  static String of(String code, String message) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a two-string JSON object cannot fail to serialise", e);
    }
  }
}
