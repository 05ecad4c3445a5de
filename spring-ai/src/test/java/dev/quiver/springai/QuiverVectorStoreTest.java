package dev.quiver.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

class QuiverVectorStoreTest {
  @TempDir Path dir;
  private Quiver quiver;
  private QuiverVectorStore store;

  @BeforeEach
  void open() {
    quiver = SuiteStore.open(dir);
    store = SuiteStore.vectorStore(quiver);
  }

  @AfterEach
  void close() {
    quiver.close();
  }

  /** Four documents: a and c from BG with a year, b from NL without one, d from "bg" with a Long year. */
  private void addCountries() {
    store.add(List.of(
        doc("a", "Sofia in winter", Map.of("country", "BG", "year", 2020, "rating", 4.5, "active", true)),
        doc("b", "Amsterdam canals", Map.of("country", "NL", "rating", 3.0f, "active", false)),
        doc("c", "Plovdiv old town", Map.of("country", "BG", "year", 2023, "the city", "Plovdiv")),
        doc("d", "Varna by the sea", Map.of("country", "bg", "year", 2019L))));
  }

  private static Document doc(String id, String text, Map<String, Object> metadata) {
    return Document.builder().id(id).text(text).metadata(new HashMap<>(metadata)).build();
  }

  private Set<String> ids(SearchRequest.Builder request) {
    return store.similaritySearch(request.query("a city").topK(10).similarityThresholdAll().build()).stream()
        .map(Document::getId).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource(delimiter = ';', value = {
      "country == 'BG' ; a c",
      "country != 'BG' ; b d",
      "year > 2020 ; c",
      "year >= 2020 ; a c",
      "year < 2020 ; d",
      "year <= 2020 ; a d",
      "year == 2019 ; d",
      "year == 2019L ; d",
      "year == '2020' ; ''",
      "country in ['BG', 'NL'] ; a b c",
      "country nin ['BG'] ; b d",
      "year not in [2020, 2023] ; b d",
      "year IS NULL ; b",
      "year IS NOT NULL ; a c d",
      "not(country == 'BG') ; b d",
      "country == 'BG' && year > 2020 || country == 'NL' ; b c",
      "country == 'BG' && (year > 2021 || year < 2020) ; c",
      "\"the city\" == 'Plovdiv' ; c",
      "rating == 3.0 ; b",
      "rating > 4.0 ; a",
      "active == true ; a",
      "active != true ; b c d",
      "country > 'B' && country < 'C' ; a c"})
  void textFilterMatchesAsSpringAiDefinesIt(String filter, String expected) {
    addCountries();
    Set<String> want = expected.isBlank() ? Set.of() : Set.of(expected.trim().split(" "));
    assertThat(ids(SearchRequest.builder().filterExpression(filter.trim()))).isEqualTo(want);
  }

  @Test
  void builtExpressionsMatchTheirTextForms() {
    addCountries();
    FilterExpressionBuilder b = new FilterExpressionBuilder();
    assertThat(ids(SearchRequest.builder().filterExpression(
        b.and(b.eq("country", "BG"), b.not(b.lt("year", 2021))).build()))).containsExactly("c");
    assertThat(ids(SearchRequest.builder().filterExpression(b.in("year", 2019L, 2023).build())))
        .containsExactlyInAnyOrder("c", "d");
    assertThat(ids(SearchRequest.builder().filterExpression(b.isNull("year").build()))).containsExactly("b");
    assertThat(ids(SearchRequest.builder().filterExpression(b.isNotNull("the city").build()))).containsExactly("c");
    assertThat(ids(SearchRequest.builder().filterExpression(b.or(b.eq("country", "NL"), b.gte("year", 2023))
        .build()))).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void deleteByTextFilterDeletesItsMatchesOnly() {
    addCountries();
    store.delete("country == 'BG' || year IS NULL");
    assertThat(ids(SearchRequest.builder())).containsExactly("d");
  }

  @Test
  void deleteByIdsSkipsIdsNotStored() {
    addCountries();
    store.delete(List.of("a", "no-such-id", "c"));
    assertThat(ids(SearchRequest.builder())).containsExactlyInAnyOrder("b", "d");
  }

  @Test
  void filterValueQuiverCannotHoldIsRefusedNamingTheExpression() {
    addCountries();
    Filter.Expression onDate = new Filter.Expression(Filter.ExpressionType.GT, new Filter.Key("when"),
        new Filter.Value(new Date(0)));
    assertThatThrownBy(() -> store.similaritySearch(SearchRequest.builder().query("x").filterExpression(onDate)
        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Date").hasMessageContaining("when");
    Filter.Expression eqList = new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("year"),
        new Filter.Value(List.of(2020, 2023)));
    assertThatThrownBy(() -> store.delete(eqList))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only IN and NIN take a list");
    Filter.Expression inOne = new Filter.Expression(Filter.ExpressionType.IN, new Filter.Key("year"),
        new Filter.Value(2020));
    assertThatThrownBy(() -> store.delete(inOne))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a list of values");
    assertThat(quiver.count()).isEqualTo(4); // refused deletes deleted nothing
  }

  @Test
  void metadataKeepTheirJavaTypesThroughAReopen() {
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("page", 7);
    metadata.put("big", 1746714878034235396L);
    metadata.put("ratio", 1.1f);
    metadata.put("tiny", Float.MIN_VALUE);
    metadata.put("price", 0.1);
    metadata.put("draft", false);
    metadata.put("blank", " ");
    store.add(List.of(doc("m", "typed metadata", metadata)));
    quiver.close();
    quiver = SuiteStore.open(dir);
    store = SuiteStore.vectorStore(quiver);

    Document found = store.similaritySearch(SearchRequest.builder().query("typed metadata").topK(1).build()).get(0);
    Map<String, Object> expected = new HashMap<>(metadata);
    expected.put("distance", found.getMetadata().get("distance"));
    assertThat(found.getMetadata()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(found.getMetadata().get("page")).isInstanceOf(Integer.class);
    assertThat(found.getMetadata().get("ratio")).isInstanceOf(Float.class);
    assertThat(ids(SearchRequest.builder().filterExpression("ratio == 1.1"))).containsExactly("m");
  }

  @Test
  void metadataQuiverCannotHoldIsRefusedAndNothingIsWritten() {
    Document ok = doc("ok", "fine", Map.of("k", "v"));
    Document list = doc("list", "tags", Map.of("tags", List.of("a", "b")));
    assertThatThrownBy(() -> store.add(List.of(ok, list)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata key 'tags' of document list").hasMessageContaining("java.util");
    Document reserved = doc("r", "reserved", Map.of(QuiverVectorStore.TYPE_ATTRIBUTE_PREFIX + "k", "Integer"));
    assertThatThrownBy(() -> store.add(List.of(reserved)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
    assertThat(quiver.count()).isZero();
  }

  @Test
  void scoresAreCosinesInZeroToOneBestFirstWithDistanceBeside() {
    addCountries();
    List<Document> found = store.similaritySearch(SearchRequest.builder().query("Sofia in winter").topK(4)
        .similarityThresholdAll().build());
    assertThat(found).hasSize(4);
    assertThat(found.get(0).getId()).isEqualTo("a");
    assertThat(found.get(0).getScore()).isGreaterThan(0.999).isLessThanOrEqualTo(1.0);
    for (int i = 0; i < found.size(); i++) {
      Document d = found.get(i);
      assertThat(d.getScore()).isBetween(0.0, 1.0);
      assertThat((Double) d.getMetadata().get("distance")).isEqualTo(1.0 - d.getScore());
      if (i > 0) {
        assertThat(d.getScore()).isLessThanOrEqualTo(found.get(i - 1).getScore());
      }
    }

    double second = found.get(1).getScore();
    List<Document> atThreshold = store.similaritySearch(SearchRequest.builder().query("Sofia in winter").topK(4)
        .similarityThreshold(second).build());
    assertThat(atThreshold).extracting(Document::getId).containsExactly("a", found.get(1).getId()); // inclusive
    assertThat(store.similaritySearch(SearchRequest.builder().query("Sofia in winter").topK(1).build()))
        .extracting(Document::getId).containsExactly("a");
    assertThat(store.similaritySearch(SearchRequest.builder().query("Sofia in winter").topK(0).build())).isEmpty();
  }

  @Test
  void similarityThresholdAllReturnsOrthogonalButNotOppositeDocuments(@TempDir Path other) {
    FixedEmbeddingModel model = new FixedEmbeddingModel(Map.of("east", new float[] {1, 0},
        "north", new float[] {0, 1}, "west", new float[] {-1, 0}));
    try (Quiver q = Quiver.open(other.resolve("compass.quiver"), QuiverOptions.builder().dimensions(2)
        .modelId("compass").build())) {
      QuiverVectorStore compass = QuiverVectorStore.builder(q, model).build();
      compass.add(List.of(doc("e", "east", Map.of()), doc("n", "north", Map.of()), doc("w", "west", Map.of())));
      List<Document> found = compass.similaritySearch(SearchRequest.builder().query("east").topK(3)
          .similarityThresholdAll().build());
      assertThat(found).extracting(Document::getId).containsExactly("e", "n");
      assertThat(found).extracting(Document::getScore).containsExactly(1.0, 0.0);
    }
  }

  @Test
  void storeOfEuclideanDistanceIsRefused(@TempDir Path other) {
    try (Quiver q = Quiver.open(other.resolve("l2.quiver"), QuiverOptions.builder().dimensions(384)
        .modelId("all-minilm-l6-v2-q").metric(Metric.L2).build())) {
      assertThatThrownBy(() -> QuiverVectorStore.builder(q, MiniLmEmbeddingModel.INSTANCE).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L2").hasMessageContaining("COSINE");
    }
  }

  @Test
  void eachOperationIsASpringAiObservationOfQuiver() {
    List<VectorStoreObservationContext> seen = new ArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return context instanceof VectorStoreObservationContext;
      }

      @Override
      public void onStop(Observation.Context context) {
        seen.add((VectorStoreObservationContext) context);
      }
    });
    QuiverVectorStore observed = QuiverVectorStore.builder(quiver, MiniLmEmbeddingModel.INSTANCE)
        .observationRegistry(registry).build();
    observed.add(List.of(doc("o", "observed", Map.of())));
    observed.similaritySearch("observed");
    observed.delete(List.of("o"));
    assertThat(seen).extracting(VectorStoreObservationContext::getOperationName)
        .containsExactly("add", "query", "delete");
    assertThat(seen.get(1).getDatabaseSystem()).isEqualTo(QuiverVectorStore.DATABASE_SYSTEM);
    assertThat(seen.get(1).getDimensions()).isEqualTo(384);
    assertThat(seen.get(1).getSimilarityMetric()).isEqualTo("cosine");
    assertThat(seen.get(1).getQueryResponse()).extracting(Document::getId).containsExactly("o");
  }

  @Test
  void nativeClientIsTheQuiverStore() {
    assertThat(store.<Quiver>getNativeClient()).containsSame(quiver);
    assertThat(store.quiver()).isSameAs(quiver);
  }
}
