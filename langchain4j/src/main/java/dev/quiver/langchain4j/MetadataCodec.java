package dev.quiver.langchain4j;

import dev.langchain4j.data.document.Metadata;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j {@link Metadata} as Quiver attributes and back, each value keeping its Java type.
 *
 * <p>Quiver stores String, Long, Double and Boolean; LangChain4j metadata also holds Integer, Float and UUID.
 * Such a value is stored as Quiver's nearest type ({@link Values}), and its original type is recorded beside
 * it in the reserved attribute {@value QuiverEmbeddingStore#TYPE_ATTRIBUTE_PREFIX}{@code <key>}, whose value
 * is {@code Integer}, {@code Float} or {@code UUID}. Reading converts back by that record; an attribute without
 * one (String, Long, Double, or written by other Quiver code) comes back as stored, except that a Boolean,
 * which LangChain4j metadata cannot hold, comes back as the string {@code "true"} or {@code "false"}.
 */
final class MetadataCodec {
  static final String INTEGER = "Integer";
  static final String FLOAT = "Float";
  static final String UUID_TYPE = "UUID";

  private MetadataCodec() {}

  /**
   * The attributes that store {@code metadata}.
   *
   * @throws IllegalArgumentException if a key starts with the reserved prefix
   */
  static Map<String, Object> toAttributes(Metadata metadata) {
    Map<String, Object> attributes = new HashMap<>();
    for (Map.Entry<String, Object> e : metadata.toMap().entrySet()) {
      String key = e.getKey();
      if (key.startsWith(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX)) {
        throw new IllegalArgumentException("metadata key '" + key + "' starts with '"
            + QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + "', which Quiver reserves for the types of metadata "
            + "values; rename the key");
      }
      Object value = e.getValue();
      attributes.put(key, Values.toQuiver(value, key));
      String type = value instanceof Integer ? INTEGER : value instanceof Float ? FLOAT
          : value instanceof UUID ? UUID_TYPE : null;
      if (type != null) {
        attributes.put(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + key, type);
      }
    }
    return attributes;
  }

  /** The metadata that {@code attributes} store; reserved attributes are read, not returned. */
  static Metadata toMetadata(Map<String, Object> attributes) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX)) {
        continue;
      }
      Object type = attributes.get(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + key);
      values.put(key, fromQuiver(e.getValue(), type));
    }
    return new Metadata(values);
  }

  /** A stored value as its recorded type; as stored when the record is missing or does not fit. */
  private static Object fromQuiver(Object value, Object type) {
    if (INTEGER.equals(type) && value instanceof Long l && l == l.intValue()) {
      return l.intValue();
    } else if (FLOAT.equals(type) && value instanceof Double d) {
      return d.floatValue();
    } else if (UUID_TYPE.equals(type) && value instanceof String s) {
      try {
        return UUID.fromString(s);
      } catch (IllegalArgumentException notAUuid) {
        return s;
      }
    } else if (value instanceof Boolean b) {
      return b.toString();
    }
    return value;
  }
}
