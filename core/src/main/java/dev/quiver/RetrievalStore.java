package dev.quiver;

import java.util.List;
import java.util.Optional;

/**
 * What a chat server codes against: the embedded {@link Quiver} store and a store on a search cluster (such as
 * {@code dev.quiver.solr.SolrQuiver}) both implement it, so moving from one to the other changes one line.
 */
public interface RetrievalStore extends AutoCloseable {
  /** Embeds and writes one item. */
  void index(Item item);

  /** Embeds and writes items. */
  void index(List<Item> items);

  /** Deletes an item; false when no such item existed. */
  boolean delete(String id);

  /** The item stored under {@code id}. */
  Optional<Item> get(String id);

  /** Live items. */
  int count();

  /** A hybrid search for the 10 best hits. */
  default SearchResult search(String text) {
    return search(SearchRequest.of(text));
  }

  /** Searches one or both sides; a side that cannot answer is reported in the result's degradations. */
  SearchResult search(SearchRequest request);

  @Override
  void close();
}
