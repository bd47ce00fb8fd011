package dev.fathom.data;

import dev.fathom.Generator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches of a dataset, as {@code torch.utils.data.DataLoader}: items are read in the sampler's
 * order (sequential, or a fresh shuffle each epoch), cut into batches of {@code batchSize} and
 * collated ({@link Collate#defaultCollate} unless a {@code collate} function is given).
 *
 * <p>With {@code numWorkers > 0}, that many daemon threads read and collate batches ahead of the
 * consumer, at most {@code prefetchFactor * numWorkers} batches at a time; batches still arrive in
 * sampler order, so the result is the same for any worker count. Random transforms that use
 * {@link DataRandom#generator()} get a generator seeded per item, so augmentation is reproducible
 * too. An exception from reading item {@code i} is rethrown in the iterating thread as a
 * {@link DataLoaderException} naming {@code i}. Workers stop when the epoch ends, when its
 * {@link BatchIterator} is closed (or becomes unreachable), or when the loader is closed.
 *
 * <pre>{@code
 * var loader = new DataLoader<>(train, DataLoader.options().batchSize(64).shuffle(true)
 *     .generator(new Generator(42)).numWorkers(2));
 * System.out.println(loader.size());   // number of batches, as len(loader)
 * for (Batch b : loader) {
 *   Tensor x = b.input();   // [64, ...]
 *   Tensor y = b.label();   // [64]
 * }
 * }</pre>
 *
 * @param <B> the batch type: {@link Batch} with the default collate
 */
public final class DataLoader<B> implements Iterable<B>, AutoCloseable {
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final Dataset<?> dataset;
  private final Function<List<Object>, B> collate;
  private final Sampler sampler;
  private final Generator generator;
  private final int batchSize;
  private final boolean dropLast;
  private final int numWorkers;
  private final int prefetchFactor;
  private final int serial = SERIAL.incrementAndGet();
  private final AtomicInteger epochs = new AtomicInteger();
  final Set<BatchIterator.State<B>> open = ConcurrentHashMap.newKeySet();

  /**
   * Optional arguments with PyTorch's defaults: batchSize 1, no shuffle, keep the last short batch,
   * the global generator, no workers (load in the calling thread), prefetchFactor 2.
   */
  public static final class Options<T, B> {
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private Generator generator;
    private int numWorkers;
    private int prefetchFactor = 2;
    private Sampler sampler;
    private Function<? super List<T>, ? extends B> collate;

    private Options(Function<? super List<T>, ? extends B> collate) { this.collate = collate; }

    public Options<T, B> batchSize(int v) { batchSize = v; return this; }

    /** A fresh random order every epoch (a {@link RandomSampler} over the loader's generator). */
    public Options<T, B> shuffle(boolean v) { shuffle = v; return this; }

    /** Drops the last batch when it is shorter than batchSize. */
    public Options<T, B> dropLast(boolean v) { dropLast = v; return this; }

    /** The generator for shuffling and for the per-item seeds of random transforms. */
    public Options<T, B> generator(Generator g) { generator = g; return this; }

    /** Worker threads; 0 reads in the iterating thread. */
    public Options<T, B> numWorkers(int v) { numWorkers = v; return this; }

    /** Batches each worker may read ahead; only meaningful with workers. */
    public Options<T, B> prefetchFactor(int v) { prefetchFactor = v; return this; }

    /** A custom index order; mutually exclusive with shuffle. */
    public Options<T, B> sampler(Sampler s) { sampler = s; return this; }

    /** A custom collate function from the list of items to the batch. */
    public <T2, B2> Options<T2, B2> collate(Function<? super List<T2>, ? extends B2> fn) {
      Objects.requireNonNull(fn, "collate");
      Options<T2, B2> o = new Options<>(fn);
      o.batchSize = batchSize;
      o.shuffle = shuffle;
      o.dropLast = dropLast;
      o.generator = generator;
      o.numWorkers = numWorkers;
      o.prefetchFactor = prefetchFactor;
      o.sampler = sampler;
      return o;
    }
  }

  /** Options with the default collate, producing {@link Batch}es. */
  public static Options<Object, Batch> options() { return new Options<>(Collate::defaultCollate); }

  /** Batches of {@code batchSize} items in order with the default collate, as {@code DataLoader(dataset, batch_size)}. */
  public static DataLoader<Batch> of(Dataset<?> dataset, int batchSize) {
    @SuppressWarnings("unchecked")
    Dataset<Object> items = (Dataset<Object>) dataset;
    return new DataLoader<>(items, options().batchSize(batchSize));
  }

  @SuppressWarnings("unchecked")
  public <T> DataLoader(Dataset<T> dataset, Options<? super T, B> o) {
    Objects.requireNonNull(dataset, "DataLoader: dataset");
    if (o.batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer value, but got batch_size=" + o.batchSize);
    if (o.numWorkers < 0) throw new IllegalArgumentException("DataLoader: num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (o.prefetchFactor <= 0) throw new IllegalArgumentException("DataLoader: prefetch_factor should be a positive integer value, but got prefetch_factor=" + o.prefetchFactor);
    if (o.sampler != null && o.shuffle) throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
    this.dataset = dataset;
    // The collate function only reads the list of items it is given, so seeing List<T> as the
    // List<? super T> it was declared for is safe.
    this.collate = (Function<List<Object>, B>) (Function<?, ?>) o.collate;
    this.generator = o.generator == null ? Generator.global() : o.generator;
    this.sampler = o.sampler != null ? o.sampler
        : o.shuffle ? new RandomSampler(dataset.size(), generator)
        : new SequentialSampler(dataset.size());
    this.batchSize = o.batchSize;
    this.dropLast = o.dropLast;
    this.numWorkers = o.numWorkers;
    this.prefetchFactor = o.prefetchFactor;
  }

  /** The number of batches per epoch, as {@code len(loader)}. */
  public int size() {
    int n = sampler.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  public Dataset<?> dataset() { return dataset; }

  public int batchSize() { return batchSize; }

  public int numWorkers() { return numWorkers; }

  public Sampler sampler() { return sampler; }

  /** Starts an epoch: draws its order and per-item seed base, and starts the workers if any. */
  @Override
  public BatchIterator<B> iterator() {
    long baseSeed = generator.nextLong(Long.MAX_VALUE);
    int[][] batches = Samplers.batches(sampler.indices(), batchSize, dropLast);
    String prefix = "fathom-data-worker-" + serial + "." + epochs.incrementAndGet() + "-";
    return new BatchIterator<>(this, batches, baseSeed, numWorkers, prefetchFactor, prefix);
  }

  /** Reads and collates batch {@code b}; called by the iterating thread or a worker. */
  B load(int[] indices, int b, long baseSeed, Generator itemGenerator) {
    Object[] items = new Object[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int index = indices[k];
      itemGenerator.setState(DataRandom.itemSeed(baseSeed, (long) b * batchSize + k), 0);
      Generator previous = DataRandom.set(itemGenerator);
      try {
        items[k] = dataset.get(index);
      } catch (RuntimeException | Error e) {
        throw new DataLoaderException("DataLoader: reading item " + index + " of the dataset (batch " + b + ") failed in thread " + Thread.currentThread().getName() + ": " + e, index, e);
      } finally {
        DataRandom.set(previous);
      }
    }
    try {
      return collate.apply(java.util.Arrays.asList(items));
    } catch (RuntimeException | Error e) {
      throw new DataLoaderException("DataLoader: collating batch " + b + " (items " + java.util.Arrays.toString(indices) + ") failed in thread " + Thread.currentThread().getName() + ": " + e, -1, e);
    }
  }

  /** Stops the workers of every epoch still being iterated; the loader can be iterated again. */
  @Override
  public void close() {
    for (BatchIterator.State<B> s : open) s.close();
  }
}
