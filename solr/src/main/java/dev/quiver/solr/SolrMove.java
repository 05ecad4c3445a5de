package dev.quiver.solr;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.StoreInfo;
import dev.quiver.spi.AttributeOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Moves items with their vectors, as they are (no embedder runs), from an embedded store into a collection and
 * back. The model id and dimensions travel with the vectors: the collection records the store's model, or
 * refuses vectors of another ({@link ErrorCode#MODEL_MISMATCH}); the way back refuses a store of another model.
 *
 * <p>Both ways go in id order (code point order, in which both the store file and Solr's id sort list items) and
 * resume where an interrupted run stopped:
 * <ul>
 *   <li>into the collection, after the greatest id it holds. The batch in flight when a run stopped may have
 *       reached one shard and not the other, so the last batch's worth of items before that id are read back and
 *       written again where they differ;
 *   <li>back into a store, after the greatest id the store holds: each batch is one transaction there.
 * </ul>
 * A run after a finished move writes nothing. Items changed in the source below the cursor since the last run
 * are not picked up: a move copies a store that is no longer written to.
 */
public final class SolrMove {
  /** Items per Solr update request or store transaction unless set. */
  public static final int DEFAULT_BATCH = 500;

  private final int batchSize;
  private final long limit;
  private final LongConsumer progress;

  private SolrMove(Builder b) {
    batchSize = b.batchSize;
    limit = b.limit;
    progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What a move did: items written, and items the target already held as the source has them. */
  public record Report(long written, long unchanged) {}

  /**
   * Copies every item of {@code source} after the greatest id {@code target} holds, with its vector.
   *
   * @throws QuiverException MODEL_MISMATCH when the collection holds another model's vectors, or other
   *     dimensions; CORRUPT when the store's vector file is damaged; IO when Solr fails
   * @throws IllegalArgumentException when the store records no model id, or compares by another metric
   */
  public Report intoSolr(Quiver source, SolrQuiver target) {
    StoreInfo info = movable(source);
    target.requireModel(info.modelId(), info.dimensions());
    IntoSolr run = new IntoSolr(target, target.lastId().orElse(null));
    source.forEach(run::accept);
    run.finish();
    return new Report(run.written, run.unchanged);
  }

  /**
   * What {@link #intoSolr} checks of the store before it reads an item: a readable vector file that records its
   * model and compares by cosine. Returns the file's description (model id, dimensions).
   *
   * @throws QuiverException CORRUPT when the vector file is damaged or quarantined
   * @throws IllegalArgumentException when the store records no model id, or compares by another metric
   */
  public static StoreInfo movable(Quiver source) {
    StoreInfo info = source.status().vectors();
    if (info == null) {
      throw new QuiverException(ErrorCode.CORRUPT, source.path(), "store " + source.path() + " has no readable "
          + "vector file: " + source.status().vectorProblem());
    }
    if (info.modelId() == null) {
      throw new IllegalArgumentException("store " + source.path() + " records no model id (its vectors came from "
          + "the caller); a collection needs one to refuse other models' vectors");
    }
    if (info.metric() != Metric.COSINE) {
      throw new IllegalArgumentException("store " + source.path() + " compares vectors by " + info.metric()
          + "; a Quiver collection compares by cosine");
    }
    return info;
  }

  /** The state of one move into a collection, fed item by item in id order. */
  private final class IntoSolr {
    private final SolrQuiver target;
    private final @Nullable String cursor;
    /** The source's last items at or before the cursor: the batch that may have been in flight. */
    private final Deque<Map.Entry<Item, float @Nullable []>> recent = new ArrayDeque<>();
    private final List<Item> items = new ArrayList<>();
    private final List<float @Nullable []> vectors = new ArrayList<>();
    private boolean pastCursor;
    long written;
    long unchanged;

    IntoSolr(SolrQuiver target, @Nullable String cursor) {
      this.target = target;
      this.cursor = cursor;
      pastCursor = cursor == null;
    }

    void accept(Item item, float @Nullable [] vector) {
      if (!pastCursor && AttributeOrder.compareStrings(item.id(), cursor) <= 0) {
        recent.addLast(Map.entry(item, vector == null ? new float[0] : vector)); // Map.entry refuses null
        if (recent.size() > batchSize) {
          recent.removeFirst();
          unchanged++;
          progress.accept(1);
        }
        return;
      }
      if (!pastCursor) {
        pastCursor = true;
        rewriteRecent();
      }
      if (written + items.size() < limit) {
        items.add(item);
        vectors.add(vector);
        if (items.size() == batchSize) {
          flush();
        }
      }
    }

    void finish() {
      if (!pastCursor) {
        rewriteRecent();
      }
      flush();
    }

    /** Writes again those of the recent items that the collection does not hold as the source has them. */
    private void rewriteRecent() {
      List<String> ids = recent.stream().map(e -> e.getKey().id()).toList();
      Map<String, Map.Entry<Item, float @Nullable []>> held = target.getWithVectors(ids);
      for (Map.Entry<Item, float @Nullable []> e : recent) {
        float[] vector = e.getValue().length == 0 ? null : e.getValue();
        Map.Entry<Item, float @Nullable []> there = held.get(e.getKey().id());
        if (there != null && there.getKey().equals(e.getKey()) && Arrays.equals(there.getValue(), vector)) {
          unchanged++;
          progress.accept(1);
        } else if (written + items.size() < limit) {
          items.add(e.getKey());
          vectors.add(vector);
        }
      }
      recent.clear();
      flush();
    }

    private void flush() {
      if (!items.isEmpty()) {
        target.index(items, vectors);
        written += items.size();
        progress.accept(items.size());
        items.clear();
        vectors.clear();
      }
    }
  }

  /**
   * Copies every item of {@code source} after the greatest id {@code target} holds, with its vector, one
   * transaction a batch.
   *
   * @throws QuiverException MODEL_MISMATCH when the store holds another model's vectors than the collection
   *     recorded, or other dimensions; IO when Solr fails
   * @throws IllegalArgumentException when the collection has recorded no model
   */
  public Report fromSolr(SolrQuiver source, Quiver target) {
    String model = source.modelId().orElseThrow(() -> new IllegalArgumentException("collection "
        + source.collection() + " records no model: no store or embedder has written vectors to it"));
    StoreInfo info = target.status().vectors();
    if (info != null && ((info.modelId() != null && !info.modelId().equals(model))
        || info.dimensions() != source.dimensions())) {
      throw new QuiverException(ErrorCode.MODEL_MISMATCH, target.path(), "store " + target.path() + " holds "
          + info.dimensions() + "-dimensional vectors of model " + info.modelId() + "; collection "
          + source.collection() + " holds " + source.dimensions() + "-dimensional vectors of " + model
          + ". Move into a new store");
    }
    String[] last = {null};
    target.forEach((item, vector) -> last[0] = item.id()); // id order: the last one is the greatest
    long[] written = {0};
    source.forEachAfter(last[0], batchSize, (items, vectors) -> {
      int n = (int) Math.min(items.size(), limit - written[0]);
      target.index(items.subList(0, n), vectors.subList(0, n));
      written[0] += n;
      progress.accept(n);
      return written[0] < limit;
    });
    return new Report(written[0], 0);
  }

  /** How a move runs: batch size, an optional limit, and a progress listener. */
  public static final class Builder {
    private int batchSize = DEFAULT_BATCH;
    private long limit = Long.MAX_VALUE;
    private LongConsumer progress = n -> {};

    private Builder() {}

    /** Items per Solr update request (into a collection) or per store transaction (back); default 500. */
    public Builder batchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batch size must be at least 1; found " + value);
      }
      batchSize = value;
      return this;
    }

    /** Stops after writing this many items (a move in parts); the next run resumes after them. */
    public Builder limit(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("limit must be at least 0; found " + value);
      }
      limit = value;
      return this;
    }

    /** Hears the number of items each step wrote or found unchanged, for a progress bar. */
    public Builder progress(LongConsumer value) {
      progress = java.util.Objects.requireNonNull(value, "progress");
      return this;
    }

    public SolrMove build() {
      return new SolrMove(this);
    }
  }
}
