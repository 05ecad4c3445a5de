package dev.quiver;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The argument checks of the store's entry points ({@link Quiver}, {@link dev.quiver.internal.store.VectorStore}), in
 * one place: public so that both packages share them, and so that a caller may check input before a write.
 * Each throws an {@link IllegalArgumentException} that says what was expected, what was found and where
 * (the index of a bad element), never a {@link NullPointerException}; each returns its argument.
 *
 * <p>Items and filters check themselves when they are built; these checks cover what a method receives
 * around them: the list, its elements, and ids that arrive as plain strings.
 */
public final class Preconditions {
  private Preconditions() {}

  /**
   * An id as {@link Item} would accept it, for lookups and deletes: an id no item can have is bad input.
   *
   * @throws IllegalArgumentException if {@code id} is null, empty, longer than {@link Item#MAX_ID_LENGTH}
   *     characters or not well-formed UTF-16
   */
  public static String requireId(String id) {
    Checks.requireId(id);
    return id;
  }

  /**
   * A collection of ids, each as {@link #requireId} accepts it.
   *
   * @throws IllegalArgumentException if {@code ids} is null or any id is refused; the message gives its index
   *     in iteration order
   */
  public static <C extends Collection<String>> C requireIds(C ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must be a collection of item ids; found null (pass an empty "
          + "collection for none)");
    }
    int i = 0;
    int size = ids.size();
    for (String id : ids) {
      try {
        Checks.requireId(id);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "id %d of %d: %s", i, size,
            e.getMessage()), e);
      }
      i++;
    }
    return ids;
  }

  /**
   * One item to write.
   *
   * @throws IllegalArgumentException if {@code item} is null
   */
  public static Item requireItem(Item item) {
    if (item == null) {
      throw new IllegalArgumentException("item must be an Item; found null");
    }
    return item;
  }

  /**
   * A list of items to write, with no null element.
   *
   * @throws IllegalArgumentException if {@code items} is null or holds null; the message gives the index
   */
  public static <L extends List<Item>> L requireItems(L items) {
    if (items == null) {
      throw new IllegalArgumentException("items must be a list of items; found null (pass an empty list for "
          + "none)");
    }
    int i = 0;
    int size = items.size();
    for (Item item : items) {
      if (item == null) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "item %d of %d is null; expected an Item", i, size));
      }
      i++;
    }
    return items;
  }

  /**
   * Any other argument that must be present, such as a search request or a list of vectors.
   *
   * @param what names the argument in the message, for example {@code "search request"}
   * @throws IllegalArgumentException if {@code value} is null
   */
  public static <T> T requireArgument(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null; found null");
    }
    return value;
  }
}
