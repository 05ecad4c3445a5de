package dev.quiver.datasets;

import dev.quiver.Item;
import java.util.Iterator;

/** Items read lazily from a file or a database; closes what it opened. */
public interface ItemSource extends Iterator<Item>, AutoCloseable {

  /** The number of items this source will yield, or -1 when unknown. */
  long expectedCount();

  /** Where the items come from, for messages. */
  String describe();

  @Override
  void close();
}
