package dev.quiver.internal.storefile;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams the item rows of a cursor to a consumer with reading and checking on two threads: the caller's
 * thread steps SQLite and copies the columns out, a decoder thread checks each row's checksum, decodes it and
 * hands it on, in cursor order. On a machine with two cores an open then costs about the larger of the two
 * halves rather than their sum. A store smaller than one batch is read on the caller's thread alone.
 *
 * <p>Each row's vector is decoded into one array that is reused for the next row: the consumer must copy it
 * before it returns (the arena does), which spares the load a garbage array per row.
 *
 * <p>The first failure on either side stops both and is rethrown to the caller, so a damaged row still fails
 * the open with the same {@link dev.quiver.QuiverException} as a read on one thread.
 */
final class PipelinedRows {
  /** Rows handed over at a time: large enough that the hand-over is rare, small enough to stay in cache. */
  static final int BATCH = 1_024;
  /** Batches read ahead of the decoder: bounds the rows held in flight to a few MB. */
  private static final int QUEUED = 8;
  private static final RowCodec.RawRow[] END = new RowCodec.RawRow[0];

  private PipelinedRows() {}

  /** Reads every row of {@code rs} (columns as {@link RowCodec#raw}) and passes each, checked, to {@code consumer}. */
  static void stream(ResultSet rs, Path file, int dimensions, Consumer<StoredRow> consumer) throws SQLException {
    RowCodec.RawRow[] batch = new RowCodec.RawRow[BATCH];
    int n = 0;
    while (n < BATCH && rs.next()) {
      batch[n++] = RowCodec.raw(rs, true);
    }
    if (n < BATCH) { // the whole store fits in one batch: no second thread
      decodeAll(batch, n, file, dimensions, consumer, new float[dimensions]);
      return;
    }
    Decoder decoder = new Decoder(file, dimensions, consumer);
    Thread thread = new Thread(decoder, "quiver-load " + file.getFileName());
    thread.setDaemon(true);
    thread.start();
    try {
      decoder.hand(batch);
      while (true) {
        batch = new RowCodec.RawRow[BATCH];
        n = 0;
        while (n < BATCH && rs.next()) {
          batch[n++] = RowCodec.raw(rs, true);
        }
        if (n > 0) {
          decoder.hand(n == BATCH ? batch : Arrays.copyOf(batch, n));
        }
        if (n < BATCH) {
          break;
        }
      }
      decoder.hand(END);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while loading " + file, e);
    } finally {
      if (thread.isAlive()) { // the reader failed: stop the decoder before the caller moves on
        thread.interrupt();
        joinQuietly(thread);
      }
    }
    decoder.rethrow();
  }

  private static void decodeAll(RowCodec.RawRow[] rows, int n, Path file, int dimensions,
      Consumer<StoredRow> consumer, float[] vector) {
    for (int i = 0; i < n; i++) {
      consumer.accept(RowCodec.decode(rows[i], file, dimensions, true, vector));
      rows[i] = null; // the row's bytes can go as soon as it is decoded
    }
  }

  private static void joinQuietly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The second thread: takes batches in order, checks and decodes each row, stops at the first failure. */
  private static final class Decoder implements Runnable {
    private final BlockingQueue<RowCodec.RawRow[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Path file;
    private final int dimensions;
    private final Consumer<StoredRow> consumer;
    /** Every row's vector is decoded into this one array, which the consumer copies before it returns. */
    private final float[] vector;
    private volatile Throwable failure;

    Decoder(Path file, int dimensions, Consumer<StoredRow> consumer) {
      this.file = file;
      this.dimensions = dimensions;
      this.consumer = consumer;
      this.vector = new float[dimensions];
    }

    @Override
    public void run() {
      try {
        while (true) {
          RowCodec.RawRow[] batch = queue.take();
          if (batch == END) {
            return;
          }
          decodeAll(batch, batch.length, file, dimensions, consumer, vector);
        }
      } catch (InterruptedException e) {
        // the reader gave up; its own failure is the one reported
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Queues a batch; when the decoder has failed, stops reading and rethrows its failure instead. */
    void hand(RowCodec.RawRow[] batch) throws InterruptedException {
      while (!queue.offer(batch, 10, TimeUnit.MILLISECONDS)) {
        rethrow();
      }
      rethrow();
    }

    void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException e) {
        throw e;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }
}
