package dev.fathom.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one intra-op thread pool every backend shares. Workers are daemon threads that spin briefly
 * for work before parking, so a handoff costs about a microsecond rather than the tens that an
 * executor costs (see docs/ARCHITECTURE.md). Work is split only when each chunk gets at least
 * {@code grain} items; smaller work, nested calls, and calls made while another thread holds the
 * pool run on the calling thread.
 *
 * <pre>{@code
 * Parallel.forRange(rows, 64, (from, to) -> { for (int r = from; r < to; r++) kernel(r); });
 * }</pre>
 */
public final class Parallel {
  /** A piece of work over {@code [from, to)}. */
  @FunctionalInterface
  public interface Body {
    void run(int from, int to);
  }

  private static final int SPIN = 20_000;
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);
  private static volatile Worker[] workers = new Worker[0];
  private static volatile int numThreads = defaultThreads();

  private Parallel() {}

  private static int defaultThreads() {
    String p = System.getProperty("fathom.threads");
    if (p != null) return Math.max(1, Integer.parseInt(p.trim()));
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Threads used for one op, the calling thread included. */
  public static int numThreads() {
    return numThreads;
  }

  /** Sets the threads used for one op (at least 1), as {@code torch.set_num_threads}. */
  public static void setNumThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("setNumThreads: need at least 1 thread, got " + n);
    numThreads = n;
  }

  /** Runs {@code body} over {@code [0, n)}, split over the pool when every chunk gets {@code grain} items. */
  public static void forRange(int n, int grain, Body body) {
    int threads = numThreads;
    int chunks = Math.min(threads, n / Math.max(grain, 1));
    if (chunks <= 1 || IN_WORKER.get() || LOCK.isHeldByCurrentThread() || !LOCK.tryLock()) {
      if (n > 0) body.run(0, n);
      return;
    }
    try {
      Worker[] ws = ensureWorkers(chunks - 1);
      Job job = new Job(body, n, chunks);
      for (int c = 1; c < chunks; c++) ws[c - 1].submit(job, c);
      job.runChunk(0);
      job.await();
      if (job.failure != null) {
        if (job.failure instanceof RuntimeException re) throw re;
        if (job.failure instanceof Error e) throw e;
        throw new RuntimeException(job.failure);
      }
    } finally {
      LOCK.unlock();
    }
  }

  private static Worker[] ensureWorkers(int needed) {
    Worker[] ws = workers;
    if (ws.length >= needed) return ws;
    Worker[] grown = java.util.Arrays.copyOf(ws, needed);
    for (int i = ws.length; i < needed; i++) {
      grown[i] = new Worker(i + 1);
      grown[i].thread.start();
    }
    workers = grown;
    return grown;
  }

  private static final class Job {
    final Body body;
    final int n, chunks;
    final AtomicInteger remaining;
    volatile Throwable failure;
    final Thread owner = Thread.currentThread();

    Job(Body body, int n, int chunks) {
      this.body = body;
      this.n = n;
      this.chunks = chunks;
      this.remaining = new AtomicInteger(chunks);
    }

    void runChunk(int c) {
      try {
        long from = (long) n * c / chunks, to = (long) n * (c + 1) / chunks;
        if (failure == null) body.run((int) from, (int) to);
      } catch (Throwable t) {
        failure = t;
      } finally {
        if (remaining.decrementAndGet() == 0 && c != 0) LockSupport.unpark(owner);
      }
    }

    void await() {
      for (int i = 0; remaining.get() != 0; i++) {
        if (i < SPIN) Thread.onSpinWait();
        else LockSupport.parkNanos(this, 50_000);
      }
    }
  }

  private static final class Worker implements Runnable {
    final Thread thread;
    volatile Job job;
    volatile int chunk;

    Worker(int id) {
      thread = new Thread(this, "fathom-worker-" + id);
      thread.setDaemon(true);
    }

    void submit(Job j, int c) {
      chunk = c;
      job = j;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      IN_WORKER.set(true);
      while (true) {
        Job j = job;
        for (int i = 0; j == null; i++) {
          if (i < SPIN) Thread.onSpinWait();
          else LockSupport.park(this);
          j = job;
        }
        job = null;
        j.runChunk(chunk);
      }
    }
  }
}
