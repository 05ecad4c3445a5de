package dev.quiver.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Explanation;
import dev.quiver.Filter;
import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.KeywordSideState;
import dev.quiver.Metric;
import dev.quiver.Problem;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.StoreInfo;
import dev.quiver.VectorSideState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The wire format, in one place: every JSON document the server writes and the client reads, and back.
 *
 * <p>Values keep their type: a long is a JSON integer, a double a JSON number with a fraction or exponent (Jackson
 * writes {@code 5.0}, never {@code 5}), so {@code eq("n", 5L)} and {@code eq("n", 5.0)} stay two filters. Numbers
 * are read as exact decimals and rounded once to float or double, so every float of a vector and every score comes
 * back bit for bit. A non-finite double or negative zero, which an exact decimal cannot hold, travels as {@code
 * {"double":"Infinity"}} where it is an attribute value (a string would be taken for a string value), and as the
 * string {@code "Infinity"} (or {@code "-0.0"}) where only a number can stand.
 *
 * <p>Reading checks the shape: a missing or mistyped field is an {@link IllegalArgumentException} naming the field,
 * what was expected and what was found; the records' own checks (a filter's limits, an item's) apply as they do in
 * the process that built them.
 */
final class Wire {
  /** Version of this format; the endpoint file carries it, and a client refuses another. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Wire() {}

  // ---- documents

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** One JSON document; bad JSON is bad input. */
  static JsonNode parse(byte[] json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException(what + ": expected a JSON document; found nothing");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  // ---- errors

  /** {@code {"error":{"code":..., "message":...}}}. */
  static ObjectNode error(String code, String message) {
    ObjectNode e = object();
    e.put("code", code);
    e.put("message", message);
    ObjectNode root = object();
    root.set("error", e);
    return root;
  }

  /** The code of an exception on the wire: an {@link ErrorCode} name, or one of the plain codes below. */
  static String code(RuntimeException e) {
    if (e instanceof QuiverException q) {
      return q.code().name();
    }
    return e instanceof IllegalArgumentException ? BAD_INPUT : ILLEGAL_STATE;
  }

  static final String BAD_INPUT = "BAD_INPUT";
  static final String ILLEGAL_STATE = "ILLEGAL_STATE";
  static final String UNAUTHORIZED = "UNAUTHORIZED";
  static final String NOT_FOUND = "NOT_FOUND";
  static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

  /**
   * The exception an error document stands for: the same type the store threw in the server ({@link
   * QuiverException} with its code for {@code store}, {@link IllegalArgumentException} for bad input, {@link
   * IllegalStateException} for a closed store), or a {@link QuiverException} {@link ErrorCode#IO} for anything
   * else (a refused token, an unknown endpoint).
   */
  static RuntimeException exception(int httpStatus, JsonNode body, Path store) {
    JsonNode e = body.path("error");
    String code = e.path("code").asText("");
    String message = e.path("message").asText("the server answered HTTP " + httpStatus + " without a message");
    if (code.equals(BAD_INPUT)) {
      return new IllegalArgumentException(message);
    }
    if (code.equals(ILLEGAL_STATE)) {
      return new IllegalStateException(message);
    }
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return new QuiverException(c, store, message);
      }
    }
    return new QuiverException(ErrorCode.IO, store, "the server of " + store + " refused the request (HTTP "
        + httpStatus + (code.isEmpty() ? "" : " " + code) + "): " + message);
  }

  // ---- attribute values and filters

  /** A String, Long, Double or Boolean, keeping its type. */
  static JsonNode value(Object v) {
    if (v instanceof String s) {
      return NODES.textNode(s);
    } else if (v instanceof Long l) {
      return NODES.numberNode(l);
    } else if (v instanceof Double d) {
      if (plain(d)) {
        return NODES.numberNode(d);
      }
      ObjectNode tagged = object();
      tagged.put("double", d.toString());
      return tagged;
    } else if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    throw new IllegalArgumentException("attribute value of type " + v.getClass().getName() + "; expected a String, "
        + "Long, Double or Boolean");
  }

  static Object value(JsonNode n, String where) {
    if (n.isTextual()) {
      return n.textValue();
    } else if (n.isIntegralNumber()) {
      if (!n.canConvertToLong()) {
        throw new IllegalArgumentException(where + ": integer " + n + " is out of the range of a long");
      }
      return n.longValue();
    } else if (n.isNumber()) {
      return n.decimalValue().doubleValue();
    } else if (n.isBoolean()) {
      return n.booleanValue();
    } else if (n.isObject() && n.size() == 1 && n.path("double").isTextual()) {
      return nonFinite(n.get("double").textValue(), where);
    }
    throw new IllegalArgumentException(where + ": expected a string, number, boolean or {\"double\": "
        + "\"Infinity\"}; found " + describe(n));
  }

  private static double nonFinite(String s, String where) {
    switch (s) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      case "-0.0":
        return -0.0;
      default:
        throw new IllegalArgumentException(where + ": expected Infinity, -Infinity, NaN or -0.0; found '" + s + "'");
    }
  }

  /** A filter as a tree: {@code {"op":"eq","key":..,"value":..}}, {@code {"op":"and","filters":[..]}}, ... */
  static ObjectNode filter(Filter f) {
    ObjectNode n = object();
    if (f instanceof Filter.Eq eq) {
      n.put("op", "eq").put("key", eq.key()).set("value", value(eq.value()));
    } else if (f instanceof Filter.In in) {
      ArrayNode values = n.put("op", "in").put("key", in.key()).putArray("values");
      in.values().forEach(v -> values.add(value(v)));
    } else if (f instanceof Filter.Range r) {
      n.put("op", "range").put("key", r.key());
      if (r.lower() != null) {
        n.set("lower", value(r.lower()));
      }
      n.put("lowerInclusive", r.lowerInclusive());
      if (r.upper() != null) {
        n.set("upper", value(r.upper()));
      }
      n.put("upperInclusive", r.upperInclusive());
    } else if (f instanceof Filter.Exists e) {
      n.put("op", "exists").put("key", e.key());
    } else if (f instanceof Filter.Contains c) {
      n.put("op", "contains").put("key", c.key()).put("substring", c.substring());
    } else if (f instanceof Filter.And and) {
      ArrayNode list = n.put("op", "and").putArray("filters");
      and.filters().forEach(x -> list.add(filter(x)));
    } else if (f instanceof Filter.Or or) {
      ArrayNode list = n.put("op", "or").putArray("filters");
      or.filters().forEach(x -> list.add(filter(x)));
    } else if (f instanceof Filter.Not not) {
      n.put("op", "not").set("filter", filter(not.filter()));
    } else if (f instanceof Filter.TimeRange t) {
      n.put("op", "timeRange").put("from", t.fromInclusive()).put("to", t.toExclusive());
    } else if (f.equals(Filter.all())) {
      n.put("op", "all");
    } else {
      throw new IllegalArgumentException("filter of type " + f.getClass().getName() + " has no wire form");
    }
    return n;
  }

  static Filter filter(JsonNode n, String where) {
    requireObject(n, where);
    String op = text(n, "op", where);
    String at = where + " (" + op + ")";
    switch (op) {
      case "all":
        return Filter.all();
      case "eq":
        return new Filter.Eq(text(n, "key", at), value(field(n, "value", at), at + ".value"));
      case "in": {
        Set<Object> values = new LinkedHashSet<>();
        for (JsonNode v : array(n, "values", at)) {
          values.add(value(v, at + ".values"));
        }
        return new Filter.In(text(n, "key", at), values);
      }
      case "range": {
        JsonNode lower = n.get("lower");
        JsonNode upper = n.get("upper");
        return new Filter.Range(text(n, "key", at), lower == null || lower.isNull() ? null
            : value(lower, at + ".lower"), bool(n, "lowerInclusive", at), upper == null || upper.isNull() ? null
            : value(upper, at + ".upper"), bool(n, "upperInclusive", at));
      }
      case "exists":
        return new Filter.Exists(text(n, "key", at));
      case "contains":
        return new Filter.Contains(text(n, "key", at), text(n, "substring", at));
      case "and":
      case "or": {
        List<Filter> list = new ArrayList<>();
        int i = 0;
        for (JsonNode x : array(n, "filters", at)) {
          list.add(filter(x, at + ".filters[" + i++ + "]"));
        }
        return op.equals("and") ? new Filter.And(list) : new Filter.Or(list);
      }
      case "not":
        return new Filter.Not(filter(field(n, "filter", at), at + ".filter"));
      case "timeRange":
        return new Filter.TimeRange(longValue(n, "from", at), longValue(n, "to", at));
      default:
        throw new IllegalArgumentException(where + ": unknown filter op '" + op + "'; expected all, eq, in, range, "
            + "exists, contains, and, or, not or timeRange");
    }
  }

  // ---- search

  static ObjectNode request(SearchRequest r) {
    ObjectNode n = object();
    if (r.text() != null) {
      n.put("text", r.text());
    }
    float[] vector = r.queryVector();
    if (vector != null) {
      n.set("vector", floats(vector));
    }
    n.put("limit", r.limit());
    n.put("mode", r.mode().name());
    n.set("filter", filter(r.filter()));
    n.put("includeText", r.includeText());
    n.put("snippets", r.snippets());
    if (r.fusion() != null) {
      n.set("fusion", fusion(r.fusion()));
    }
    if (r.minVectorScore() != Double.NEGATIVE_INFINITY) {
      n.set("minVectorScore", number(r.minVectorScore()));
    }
    return n;
  }

  static SearchRequest request(JsonNode n) {
    String where = "search request";
    requireObject(n, where);
    JsonNode text = n.get("text");
    JsonNode vector = n.get("vector");
    SearchRequest r;
    if (text != null && !text.isNull()) {
      r = SearchRequest.of(text(n, "text", where));
      if (vector != null && !vector.isNull()) {
        r = r.queryVector(floats(vector, where + ".vector"));
      }
    } else if (vector != null && !vector.isNull()) {
      r = SearchRequest.of(floats(vector, where + ".vector"));
    } else {
      throw new IllegalArgumentException(where + ": expected \"text\" or \"vector\"; found neither");
    }
    r = r.mode(enumValue(SearchMode.class, text(n, "mode", where), where + ".mode"))
        .limit((int) longValue(n, "limit", where))
        .filter(filter(field(n, "filter", where), where + ".filter"))
        .includeText(bool(n, "includeText", where))
        .snippets(bool(n, "snippets", where));
    JsonNode fusion = n.get("fusion");
    if (fusion != null && !fusion.isNull()) {
      r = r.fusion(fusion(fusion, where + ".fusion"));
    }
    JsonNode min = n.get("minVectorScore");
    if (min != null && !min.isNull()) {
      r = r.minVectorScore(doubleValue(min, where + ".minVectorScore"));
    }
    return r;
  }

  static ObjectNode fusion(Fusion f) {
    ObjectNode n = object();
    if (f instanceof Fusion.Rrf rrf) {
      n.put("kind", "rrf").put("k", rrf.k());
    } else if (f instanceof Fusion.WeightedSum w) {
      n.put("kind", "weightedSum").put("normalization", w.normalization().name()).put("vectorWeight",
          w.vectorWeight());
    }
    return n;
  }

  static Fusion fusion(JsonNode n, String where) {
    requireObject(n, where);
    String kind = text(n, "kind", where);
    switch (kind) {
      case "rrf":
        return new Fusion.Rrf((int) longValue(n, "k", where));
      case "weightedSum":
        return new Fusion.WeightedSum(enumValue(Fusion.Normalization.class, text(n, "normalization", where),
            where + ".normalization"), doubleValue(field(n, "vectorWeight", where), where + ".vectorWeight"));
      default:
        throw new IllegalArgumentException(where + ": unknown fusion kind '" + kind + "'; expected rrf or "
            + "weightedSum");
    }
  }

  static ObjectNode result(SearchResult result) {
    ObjectNode n = object();
    ArrayNode hits = n.putArray("hits");
    for (Hit h : result.hits()) {
      ObjectNode hit = hits.addObject();
      hit.put("id", h.id());
      hit.set("score", number(h.score()));
      hit.set("attributes", attributes(h.attributes()));
      if (h.text() != null) {
        hit.put("text", h.text());
      }
      if (h.timestamp() != null) {
        hit.put("timestamp", h.timestamp());
      }
      if (h.snippet() != null) {
        hit.put("snippet", h.snippet());
      }
      Explanation e = h.explanation();
      if (e != null) {
        ObjectNode x = hit.putObject("explanation");
        if (e.vectorRank() != null) {
          x.put("vectorRank", e.vectorRank());
        }
        if (e.vectorScore() != null) {
          x.set("vectorScore", number(e.vectorScore()));
        }
        if (e.keywordRank() != null) {
          x.put("keywordRank", e.keywordRank());
        }
        if (e.keywordScore() != null) {
          x.set("keywordScore", number(e.keywordScore()));
        }
        x.set("fusedScore", number(e.fusedScore()));
      }
    }
    ArrayNode answered = n.putArray("answered");
    result.answered().stream().map(Side::name).sorted().forEach(answered::add);
    ArrayNode degradations = n.putArray("degradations");
    for (Degradation d : result.degradations()) {
      degradations.addObject().put("side", d.side().name()).put("reason", d.reason().name()).put("detail",
          d.detail());
    }
    return n;
  }

  static SearchResult result(JsonNode n) {
    String where = "search result";
    requireObject(n, where);
    List<Hit> hits = new ArrayList<>();
    int i = 0;
    for (JsonNode h : array(n, "hits", where)) {
      String at = where + ".hits[" + i++ + "]";
      JsonNode x = h.get("explanation");
      Explanation e = null;
      if (x != null && !x.isNull()) {
        String xt = at + ".explanation";
        e = new Explanation(x.has("vectorRank") ? (int) longValue(x, "vectorRank", xt) : null,
            x.has("vectorScore") ? floatValue(x.get("vectorScore"), xt + ".vectorScore") : null,
            x.has("keywordRank") ? (int) longValue(x, "keywordRank", xt) : null,
            x.has("keywordScore") ? floatValue(x.get("keywordScore"), xt + ".keywordScore") : null,
            doubleValue(field(x, "fusedScore", xt), xt + ".fusedScore"));
      }
      hits.add(new Hit(text(h, "id", at), doubleValue(field(h, "score", at), at + ".score"),
          attributes(field(h, "attributes", at), at + ".attributes"), optionalText(h, "text", at),
          h.has("timestamp") && !h.get("timestamp").isNull() ? longValue(h, "timestamp", at) : null, e,
          optionalText(h, "snippet", at)));
    }
    Set<Side> answered = EnumSet.noneOf(Side.class);
    for (JsonNode s : array(n, "answered", where)) {
      answered.add(enumValue(Side.class, s.asText(), where + ".answered"));
    }
    List<Degradation> degradations = new ArrayList<>();
    for (JsonNode d : array(n, "degradations", where)) {
      degradations.add(new Degradation(enumValue(Side.class, text(d, "side", where), where + ".side"),
          enumValue(Degradation.Reason.class, text(d, "reason", where), where + ".reason"),
          text(d, "detail", where)));
    }
    return SearchResult.of(hits, answered, degradations);
  }

  // ---- status, verify, items

  static ObjectNode status(Quiver.Status s, int count) {
    ObjectNode n = object();
    n.put("count", count);
    StoreInfo v = s.vectors();
    if (v != null) {
      ObjectNode f = n.putObject("vectors");
      f.put("file", v.file().toString());
      f.put("dimensions", v.dimensions());
      f.put("metric", v.metric().name());
      if (v.modelId() != null) {
        f.put("modelId", v.modelId());
      }
      f.put("items", v.items());
      f.put("vectors", v.vectors());
      f.put("sequence", v.sequence());
      f.put("journalMode", v.journalMode());
      f.put("synchronous", v.synchronous());
      f.put("filesystem", v.filesystem());
      f.put("sqliteVersion", v.sqliteVersion());
      f.put("simd", v.simd());
      f.put("kernels", v.kernels());
      f.put("fileBytes", v.fileBytes());
    }
    n.put("vectorSide", s.vectorSide().name());
    if (s.vectorProblem() != null) {
      n.put("vectorProblem", s.vectorProblem());
    }
    n.put("keywordSide", s.keywordSide().name());
    if (s.keywordProblem() != null) {
      n.put("keywordProblem", s.keywordProblem());
    }
    n.put("keywordItems", s.keywordItems());
    n.put("keywordLag", s.keywordLag());
    n.put("lostCommits", s.lostCommits());
    ArrayNode notices = n.putArray("notices");
    s.notices().forEach(notices::add);
    return n;
  }

  static Quiver.Status status(JsonNode n) {
    String where = "status";
    requireObject(n, where);
    StoreInfo info = null;
    JsonNode f = n.get("vectors");
    if (f != null && !f.isNull()) {
      String at = where + ".vectors";
      info = StoreInfo.builder()
          .file(Path.of(text(f, "file", at)), (int) longValue(f, "dimensions", at),
              enumValue(Metric.class, text(f, "metric", at), at + ".metric"), optionalText(f, "modelId", at))
          .contents((int) longValue(f, "items", at), (int) longValue(f, "vectors", at), longValue(f, "sequence", at))
          .sqlite(text(f, "journalMode", at), text(f, "synchronous", at), text(f, "filesystem", at),
              text(f, "sqliteVersion", at), longValue(f, "fileBytes", at))
          .kernels(bool(f, "simd", at), text(f, "kernels", at))
          .build();
    }
    List<String> notices = new ArrayList<>();
    for (JsonNode x : array(n, "notices", where)) {
      notices.add(x.asText());
    }
    return Quiver.Status.builder()
        .vectorSide(info, enumValue(VectorSideState.class, text(n, "vectorSide", where), where + ".vectorSide"),
            optionalText(n, "vectorProblem", where))
        .keywordSide(enumValue(KeywordSideState.class, text(n, "keywordSide", where), where + ".keywordSide"),
            optionalText(n, "keywordProblem", where), (int) longValue(n, "keywordItems", where),
            longValue(n, "keywordLag", where))
        .lostCommits(longValue(n, "lostCommits", where))
        .notices(notices)
        .build();
  }

  static int count(JsonNode n) {
    return (int) longValue(n, "count", "status");
  }

  static ObjectNode problems(List<Problem> problems) {
    ObjectNode n = object();
    ArrayNode list = n.putArray("problems");
    for (Problem p : problems) {
      list.addObject().put("side", p.side().name()).put("kind", p.kind().name()).put("detail", p.detail());
    }
    return n;
  }

  static List<Problem> problems(JsonNode n) {
    String where = "verify";
    List<Problem> problems = new ArrayList<>();
    for (JsonNode p : array(n, "problems", where)) {
      problems.add(new Problem(enumValue(Side.class, text(p, "side", where), where + ".side"),
          enumValue(Problem.Kind.class, text(p, "kind", where), where + ".kind"), text(p, "detail", where)));
    }
    return problems;
  }

  /** One line of the export stream: the item and its vector, in the CLI's export order of fields. */
  static ObjectNode item(Item item, float[] vector) {
    ObjectNode n = object();
    n.put("id", item.id());
    if (item.text() != null) {
      n.put("text", item.text());
    }
    n.set("attributes", attributes(item.attributes()));
    if (item.timestamp() != null) {
      n.put("timestamp", item.timestamp());
    }
    n.set("vector", floats(vector));
    return n;
  }

  /** An item of the export stream. */
  record Exported(Item item, float[] vector) {}

  /** The line the export stream ends with when every item was sent: {@code {"end":{"items":N}}}. */
  static ObjectNode end(long items) {
    ObjectNode n = object();
    n.putObject("end").put("items", items);
    return n;
  }

  static Exported item(JsonNode n, String where) {
    requireObject(n, where);
    Long timestamp = n.has("timestamp") && !n.get("timestamp").isNull() ? longValue(n, "timestamp", where) : null;
    return new Exported(new Item(text(n, "id", where), optionalText(n, "text", where),
        attributes(field(n, "attributes", where), where + ".attributes"), timestamp),
        floats(field(n, "vector", where), where + ".vector"));
  }

  static JsonNode parseLine(String line, String where) {
    return parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), where);
  }

  // ---- pieces

  private static ObjectNode attributes(Map<String, Object> attributes) {
    ObjectNode n = object();
    new TreeMap<>(attributes).forEach((k, v) -> n.set(k, value(v)));
    return n;
  }

  private static Map<String, Object> attributes(JsonNode n, String where) {
    requireObject(n, where);
    Map<String, Object> map = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      map.put(e.getKey(), value(e.getValue(), where + "." + e.getKey()));
    }
    return map;
  }

  private static ArrayNode floats(float[] vector) {
    ArrayNode a = NODES.arrayNode(vector.length);
    for (float x : vector) {
      a.add(number(x));
    }
    return a;
  }

  private static float[] floats(JsonNode n, String where) {
    if (!n.isArray()) {
      throw new IllegalArgumentException(where + ": expected an array of numbers; found " + describe(n));
    }
    float[] v = new float[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = floatValue(n.get(i), where + "[" + i + "]");
    }
    return v;
  }

  /** A double that may be non-finite, as a number or as the string Java prints it as. */
  private static JsonNode number(double d) {
    return plain(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
  }

  private static JsonNode number(@Nullable Float f) {
    return f == null ? NODES.nullNode() : plain(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
  }

  /**
   * Whether a JSON number carries {@code d} exactly: finite, and not negative zero, which an exact decimal
   * (numbers are read as {@link java.math.BigDecimal}) cannot hold.
   */
  private static boolean plain(double d) {
    return Double.isFinite(d) && Double.doubleToRawLongBits(d) != Long.MIN_VALUE;
  }

  private static double doubleValue(JsonNode n, String where) {
    if (n.isNumber()) {
      return n.decimalValue().doubleValue();
    }
    if (n.isTextual()) {
      return nonFinite(n.textValue(), where);
    }
    throw new IllegalArgumentException(where + ": expected a number; found " + describe(n));
  }

  private static float floatValue(JsonNode n, String where) {
    if (n.isNumber()) {
      return n.decimalValue().floatValue();
    }
    if (n.isTextual()) {
      return (float) nonFinite(n.textValue(), where);
    }
    throw new IllegalArgumentException(where + ": expected a number; found " + describe(n));
  }

  private static void requireObject(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object; found " + describe(n));
    }
  }

  private static JsonNode field(JsonNode n, String name, String where) {
    JsonNode f = n.get(name);
    if (f == null || f.isNull()) {
      throw new IllegalArgumentException(where + ": expected field \"" + name + "\"; found none");
    }
    return f;
  }

  private static String text(JsonNode n, String name, String where) {
    JsonNode f = field(n, name, where);
    if (!f.isTextual()) {
      throw new IllegalArgumentException(where + "." + name + ": expected a string; found " + describe(f));
    }
    return f.textValue();
  }

  private static @Nullable String optionalText(JsonNode n, String name, String where) {
    JsonNode f = n.get(name);
    return f == null || f.isNull() ? null : text(n, name, where);
  }

  private static long longValue(JsonNode n, String name, String where) {
    JsonNode f = field(n, name, where);
    if (!f.isIntegralNumber() || !f.canConvertToLong()) {
      throw new IllegalArgumentException(where + "." + name + ": expected an integer; found " + describe(f));
    }
    return f.longValue();
  }

  private static boolean bool(JsonNode n, String name, String where) {
    JsonNode f = field(n, name, where);
    if (!f.isBoolean()) {
      throw new IllegalArgumentException(where + "." + name + ": expected true or false; found " + describe(f));
    }
    return f.booleanValue();
  }

  private static JsonNode array(JsonNode n, String name, String where) {
    JsonNode f = field(n, name, where);
    if (!f.isArray()) {
      throw new IllegalArgumentException(where + "." + name + ": expected an array; found " + describe(f));
    }
    return f;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String where) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name());
      }
      throw new IllegalArgumentException(where + ": expected one of " + String.join(", ", names) + "; found '"
          + name + "'", e);
    }
  }

  private static String describe(JsonNode n) {
    String s = n.toString();
    return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
  }
}
