package dev.fathom.data;

/**
 * A failure while a {@link DataLoader} read or collated a batch, thrown in the thread that
 * iterates the loader. The message names the dataset index of the item (or the batch, for a
 * collate failure) and the worker thread; the cause is the original exception.
 *
 * <pre>{@code
 * try { for (Batch b : loader) train(b); }
 * catch (DataLoaderException e) { System.err.println("bad item " + e.index()); }
 * }</pre>
 */
public final class DataLoaderException extends RuntimeException {
  private final int index;

  public DataLoaderException(String message, int index, Throwable cause) {
    super(message, cause);
    this.index = index;
  }

  /** The dataset index of the item that failed, or -1 when collating the batch failed. */
  public int index() { return index; }
}
