package dev.fathom.data;

import dev.fathom.Generator;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One epoch of a {@link DataLoader}. Closing it (or letting it become unreachable) stops its
 * worker threads; iterating to the end stops them too. Use try-with-resources when leaving an
 * epoch early:
 *
 * <pre>{@code
 * try (BatchIterator<Batch> it = loader.iterator()) {
 *   Batch first = it.next();   // the workers are stopped when the block exits
 * }
 * }</pre>
 */
public final class BatchIterator<B> implements Iterator<B>, AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Object FAILED = new Object();

  private final State<B> state;
  private final Cleaner.Cleanable cleanable;
  private int next;

  BatchIterator(DataLoader<B> loader, int[][] batches, long baseSeed, int numWorkers, int prefetchFactor, String threadPrefix) {
    state = new State<>(loader, batches, baseSeed, numWorkers, prefetchFactor, threadPrefix);
    cleanable = numWorkers > 0 ? CLEANER.register(this, state::close) : null;
  }

  @Override
  public boolean hasNext() { return next < state.batches.length && !state.closed; }

  @Override
  public B next() {
    if (state.closed) throw new NoSuchElementException("this DataLoader iterator was closed");
    if (next >= state.batches.length) throw new NoSuchElementException("the epoch has " + state.batches.length + " batches");
    int b = next++;
    try {
      B out = state.take(b);
      if (next == state.batches.length) close();
      return out;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Batches left in this epoch. */
  public int remaining() { return state.closed ? 0 : state.batches.length - next; }

  /** Stops and joins the worker threads; idempotent. */
  @Override
  public void close() {
    if (cleanable != null) cleanable.clean();
    else state.close();
  }

  /** Everything the workers share; holds no reference to the iterator, so the Cleaner can run. */
  static final class State<B> {
    final DataLoader<B> loader;
    final int[][] batches;
    final long baseSeed;
    final Object[] results;
    final Semaphore permits;
    final AtomicInteger claimed = new AtomicInteger();
    final Thread[] workers;
    final Generator callerGenerator = new Generator(0);
    volatile boolean closed;

    State(DataLoader<B> loader, int[][] batches, long baseSeed, int numWorkers, int prefetchFactor, String prefix) {
      this.loader = loader;
      this.batches = batches;
      this.baseSeed = baseSeed;
      this.results = new Object[batches.length];
      this.permits = new Semaphore(Math.max(1, numWorkers * prefetchFactor));
      int n = Math.min(numWorkers, batches.length);
      this.workers = new Thread[n];
      if (n > 0) {
        loader.open.add(this);
        for (int w = 0; w < n; w++) {
          Thread t = new Thread(this::work, prefix + w);
          t.setDaemon(true);
          workers[w] = t;
        }
        for (Thread t : workers) t.start();
      }
    }

    private void work() {
      Generator g = new Generator(0);
      try {
        while (!closed) {
          permits.acquire();
          int b = claimed.getAndIncrement();
          if (b >= batches.length || closed) {
            permits.release();
            return;
          }
          Object r;
          try {
            r = loader.load(batches[b], b, baseSeed, g);
          } catch (Throwable e) {
            r = new Failure(e);
          }
          synchronized (this) {
            results[b] = r;
            notifyAll();
          }
        }
      } catch (InterruptedException e) {
        // closed while waiting for a permit: just stop
      }
    }

    @SuppressWarnings("unchecked")
    B take(int b) {
      if (workers.length == 0) return loader.load(batches[b], b, baseSeed, callerGenerator);
      Object r;
      synchronized (this) {
        while ((r = results[b]) == null) {
          if (closed) throw new NoSuchElementException("this DataLoader iterator was closed");
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + b, e);
          }
        }
        results[b] = FAILED;
      }
      permits.release();
      if (r instanceof Failure f) {
        Throwable c = f.cause;
        if (c instanceof DataLoaderException d) throw new DataLoaderException(d.getMessage(), d.index(), d.getCause());
        throw new DataLoaderException("DataLoader worker failed on batch " + b + ": " + c, -1, c);
      }
      return (B) r;
    }

    void close() {
      if (closed) return;
      closed = true;
      synchronized (this) {
        notifyAll();
      }
      for (Thread t : workers) t.interrupt();
      boolean interrupted = false;
      for (Thread t : workers) {
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      loader.open.remove(this);
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private record Failure(Throwable cause) {}
}
