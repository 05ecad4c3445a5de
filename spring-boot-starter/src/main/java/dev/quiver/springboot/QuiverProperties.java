package dev.quiver.springboot;

import dev.quiver.QuiverOptions;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quiver.*} properties of the auto-configured store.
 *
 * <pre>
 * quiver.path=data/chat.quiver
 * quiver.primary-database=data/chat.db
 * quiver.keyword=true
 * quiver.fusion.method=z-score
 * quiver.fusion.vector-weight=0.5
 * quiver.candidate-window=100
 * quiver.full-sync=false
 * quiver.serve.enabled=false
 * quiver.serve.port=0
 * </pre>
 *
 * <p>Each maps to the {@link QuiverOptions} setting of the same name; the starter checks the values
 * and names the property of a bad one.
 */
@ConfigurationProperties("quiver")
public class QuiverProperties {
  private @Nullable Path path;
  private @Nullable Path primaryDatabase;
  private boolean keyword = true;
  private @Nullable String modelId;
  private int dimensions;
  private final Fusion fusion = new Fusion();
  private int candidateWindow = QuiverOptions.DEFAULT_CANDIDATE_WINDOW;
  private boolean fullSync;
  private final Serve serve = new Serve();

  /** The store file; required. */
  public @Nullable Path getPath() {
    return path;
  }

  public void setPath(@Nullable Path path) {
    this.path = path;
  }

  /** The application's own database, which Quiver refuses to open as its store however it is reached; default none. */
  public @Nullable Path getPrimaryDatabase() {
    return primaryDatabase;
  }

  public void setPrimaryDatabase(@Nullable Path primaryDatabase) {
    this.primaryDatabase = primaryDatabase;
  }

  /** Whether the store keeps a BM25 keyword index beside its vectors ({@code <path>-keyword/}); default true. */
  public boolean isKeyword() {
    return keyword;
  }

  public void setKeyword(boolean keyword) {
    this.keyword = keyword;
  }

  /**
   * The embedding model's name, for a store whose vectors the application brings (no {@code Embedder} bean), for
   * example through Spring AI's {@code VectorStore}; default none.
   */
  public @Nullable String getModelId() {
    return modelId;
  }

  public void setModelId(@Nullable String modelId) {
    this.modelId = modelId;
  }

  /** The vector length of such a store; 0 (the default) for the embedder's, or the existing file's. */
  public int getDimensions() {
    return dimensions;
  }

  public void setDimensions(int dimensions) {
    this.dimensions = dimensions;
  }

  /** How hybrid search merges the vector and keyword candidates ({@code quiver.fusion.*}). */
  public Fusion getFusion() {
    return fusion;
  }

  /**
   * How many candidates each side contributes to a hybrid search before fusion, 1 to 10000; default
   * {@value QuiverOptions#DEFAULT_CANDIDATE_WINDOW}. A search for more hits than this uses its own limit.
   */
  public int getCandidateWindow() {
    return candidateWindow;
  }

  public void setCandidateWindow(int candidateWindow) {
    this.candidateWindow = candidateWindow;
  }

  /**
   * Whether each commit is durable across power loss ({@code synchronous=FULL} under WAL) rather than only across a
   * crash of the process; default false. Network filesystems always get FULL.
   */
  public boolean isFullSync() {
    return fullSync;
  }

  public void setFullSync(boolean fullSync) {
    this.fullSync = fullSync;
  }

  /** Whether other processes may read the store through this one ({@code quiver.serve.*}). */
  public Serve getServe() {
    return serve;
  }

  /**
   * {@code quiver.serve.*}: a {@code dev.quiver.server.QuiverServer} of the store, so that {@code quiver search},
   * {@code stats}, {@code verify} and {@code export} work while the application holds it. It listens on 127.0.0.1
   * only, every request needs the token of the endpoint file {@code <path>-endpoint} (mode 600), and it stops
   * before the store closes.
   */
  public static class Serve {
    private boolean enabled;
    private int port;

    /** Whether to start the server; default false. */
    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The TCP port on 127.0.0.1, 0 to 65535; 0 (the default) for one the system picks. */
    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }
  }

  /** The fusion methods of {@code dev.quiver.Fusion}. */
  public enum FusionMethod {
    /** A weighted sum of z-score-normalised scores ({@code Fusion.zScore}); the default. */
    Z_SCORE,
    /** A weighted sum of min-max-normalised scores ({@code Fusion.minMax}). */
    MIN_MAX,
    /** Reciprocal rank fusion ({@code Fusion.rrf}). */
    RRF
  }

  /**
   * {@code quiver.fusion.*}: the method, and its one parameter. Unset, the store fuses as
   * {@link QuiverOptions#DEFAULT_FUSION} does (z-score, vector weight 0.5).
   */
  public static class Fusion {
    private FusionMethod method = FusionMethod.Z_SCORE;
    private @Nullable Double vectorWeight;
    private @Nullable Integer rrfK;

    /** {@code z-score} (the default), {@code min-max} or {@code rrf}. */
    public FusionMethod getMethod() {
      return method;
    }

    public void setMethod(FusionMethod method) {
      this.method = method;
    }

    /** For z-score and min-max: the vector side's weight in [0, 1], the keyword side gets the rest; default 0.5. */
    public @Nullable Double getVectorWeight() {
      return vectorWeight;
    }

    public void setVectorWeight(@Nullable Double vectorWeight) {
      this.vectorWeight = vectorWeight;
    }

    /** For rrf: the constant k in {@code 1 / (k + rank)}, at least 0; default 60. */
    public @Nullable Integer getRrfK() {
      return rrfK;
    }

    public void setRrfK(@Nullable Integer rrfK) {
      this.rrfK = rrfK;
    }
  }
}
