package dev.quiver.springai;

import java.util.HashMap;
import java.util.Map;

/**
 * Spring AI document metadata as Quiver attributes and back, each value keeping its Java type.
 *
 * <p>Quiver stores String, Long, Double and Boolean; Spring AI metadata commonly also hold Integer (a page number)
 * and Float. Such a value is stored as Quiver's nearest type ({@link Values}) and its type is recorded beside it in
 * the reserved attribute {@value QuiverVectorStore#TYPE_ATTRIBUTE_PREFIX}{@code <key>}, whose value is
 * {@code Integer} or {@code Float}; reading converts back by that record. Short and Byte come back as Long.
 */
final class MetadataCodec {
  static final String INTEGER = "Integer";
  static final String FLOAT = "Float";

  private MetadataCodec() {}

  /**
   * The attributes that store {@code metadata}.
   *
   * @throws IllegalArgumentException if a key starts with the reserved prefix or a value is of another type
   */
  static Map<String, Object> toAttributes(Map<String, Object> metadata, String documentId) {
    Map<String, Object> attributes = new HashMap<>();
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX)) {
        throw new IllegalArgumentException("metadata key '" + key + "' of document " + documentId + " starts with '"
            + QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX + "', which Quiver reserves for the types of metadata values; "
            + "rename the key");
      }
      Object value = e.getValue();
      attributes.put(key, Values.toQuiver(value, "metadata key '" + key + "' of document " + documentId));
      if (value instanceof Integer) {
        attributes.put(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX + key, INTEGER);
      } else if (value instanceof Float) {
        attributes.put(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX + key, FLOAT);
      }
    }
    return attributes;
  }

  /** The metadata that {@code attributes} store, as a new mutable map; reserved attributes are read, not returned. */
  static Map<String, Object> toMetadata(Map<String, Object> attributes) {
    Map<String, Object> metadata = new HashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX)) {
        continue;
      }
      Object type = attributes.get(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX + key);
      Object value = e.getValue();
      if (INTEGER.equals(type) && value instanceof Long l && l == l.intValue()) {
        value = l.intValue();
      } else if (FLOAT.equals(type) && value instanceof Double d) {
        value = d.floatValue();
      }
      metadata.put(key, value);
    }
    return metadata;
  }
}
