package dev.fathom.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sums a float vector across N workers with the bandwidth-optimal ring algorithm, over direct TCP
 * connections between the workers (NIO, non-blocking, one selector): worker {@code r} sends to
 * {@code r + 1} and receives from {@code r - 1}. The vector is cut into N segments; N - 1
 * reduce-scatter steps leave each worker with one fully summed segment, and N - 1 all-gather steps
 * pass the sums around, so every worker ends with bitwise the same result while each sends about
 * {@code 2 (N - 1) / N} times the vector. Sending and receiving interleave in one loop, streamed in
 * 4 MiB pieces, so neither side can block the ring on a full socket buffer.
 *
 * <p>Every wait has a deadline: when no byte moves for {@code timeout}, the call throws an
 * {@link UncheckedIOException} naming the silent peer; a peer that closes its socket ends the call at
 * once. {@code interruptCheck} runs about every 100 ms while waiting (Spark tasks pass
 * {@code TaskContext::killTaskIfInterrupted}).
 *
 * <pre>{@code
 * ServerSocketChannel server = RingAllReduce.listen("127.0.0.1");
 * // ... exchange every worker's server address (BarrierTaskContext.allGather) ...
 * try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, server, token, Duration.ofSeconds(60), () -> {})) {
 *   ring.allReduceSum(gradients);   // float[] of the same length on every worker
 * }
 * }</pre>
 */
public final class RingAllReduce implements AutoCloseable {
  private static final int MAGIC = 0x46524E47; // "FRNG"
  private static final int PIECE_FLOATS = 1 << 20;
  private static final long SLICE_MS = 100;

  private final int rank;
  private final int size;
  private final List<InetSocketAddress> peers;
  private final long timeoutNanos;
  private final Runnable interruptCheck;
  private final SocketChannel toNext;
  private final SocketChannel fromPrev;
  private final Selector selector;
  private final SelectionKey writeKey;
  private final SelectionKey readKey;
  private final ByteBuffer sendBuf;
  private final ByteBuffer recvBuf;
  private final float[] scratch;
  private long calls;

  private RingAllReduce(int rank, List<InetSocketAddress> peers, Duration timeout, Runnable interruptCheck,
      SocketChannel toNext, SocketChannel fromPrev) throws IOException {
    this.rank = rank;
    this.size = peers.size();
    this.peers = List.copyOf(peers);
    this.timeoutNanos = timeout.toNanos();
    this.interruptCheck = interruptCheck;
    this.toNext = toNext;
    this.fromPrev = fromPrev;
    if (size > 1) {
      selector = Selector.open();
      toNext.configureBlocking(false);
      fromPrev.configureBlocking(false);
      writeKey = toNext.register(selector, 0);
      readKey = fromPrev.register(selector, 0);
      sendBuf = ByteBuffer.allocateDirect(PIECE_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
      recvBuf = ByteBuffer.allocateDirect(PIECE_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
      scratch = new float[PIECE_FLOATS];
    } else {
      selector = null;
      writeKey = readKey = null;
      sendBuf = recvBuf = null;
      scratch = null;
    }
  }

  /** Opens this worker's listening socket on {@code host} (an ephemeral port); publish its address to the peers. */
  public static ServerSocketChannel listen(String host) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(host, 0));
    return server;
  }

  /**
   * Joins the ring: connects to worker {@code rank + 1} and accepts worker {@code rank - 1} on
   * {@code server}, which it then closes. Each connection starts with a handshake carrying the rank
   * and {@code token}; connections with another token (a stale attempt) are refused.
   *
   * @param peers every worker's server address, indexed by rank
   * @throws UncheckedIOException when a peer cannot be reached within {@code timeout}
   */
  public static RingAllReduce connect(int rank, List<InetSocketAddress> peers, ServerSocketChannel server, long token,
      Duration timeout, Runnable interruptCheck) {
    int n = peers.size();
    if (rank < 0 || rank >= n) throw new IllegalArgumentException("RingAllReduce: rank " + rank + " outside [0, " + n + ")");
    if (n == 1) {
      closeQuietly(server);
      try {
        return new RingAllReduce(rank, peers, timeout, interruptCheck, null, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    int next = (rank + 1) % n, prev = (rank - 1 + n) % n;
    long deadline = System.nanoTime() + timeout.toNanos();
    SocketChannel out = null, in = null;
    try {
      out = connectTo(peers.get(next), deadline, rank, next);
      ByteBuffer hello = ByteBuffer.allocate(16).putInt(MAGIC).putInt(rank).putLong(token).flip();
      while (hello.hasRemaining()) out.write(hello);
      in = accept(server, prev, token, deadline, interruptCheck, rank, peers);
      return new RingAllReduce(rank, peers, timeout, interruptCheck, out, in);
    } catch (IOException e) {
      closeQuietly(out);
      closeQuietly(in);
      throw new UncheckedIOException("RingAllReduce: worker " + rank + " could not join the ring of " + n + ": " + e.getMessage(), e);
    } finally {
      closeQuietly(server);
    }
  }

  private static SocketChannel connectTo(InetSocketAddress addr, long deadline, int rank, int next) throws IOException {
    IOException last = null;
    while (System.nanoTime() < deadline) {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.socket().connect(addr, (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000)));
        return ch;
      } catch (IOException e) {
        closeQuietly(ch);
        last = e;
        sleep(50);
      }
    }
    throw new SocketTimeoutException("worker " + rank + " could not connect to worker " + next + " at " + addr
        + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  private static SocketChannel accept(ServerSocketChannel server, int prev, long token, long deadline, Runnable interruptCheck,
      int rank, List<InetSocketAddress> peers) throws IOException {
    server.configureBlocking(false);
    try (Selector sel = Selector.open()) {
      server.register(sel, SelectionKey.OP_ACCEPT);
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SocketTimeoutException("worker " + rank + " waited in vain for worker " + prev + " (" + peers.get(prev) + ") to connect");
        sel.select(Math.max(1, Math.min(SLICE_MS, left / 1_000_000)));
        sel.selectedKeys().clear();
        interruptCheck.run();
        SocketChannel ch = server.accept();
        if (ch == null) continue;
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ByteBuffer hello = ByteBuffer.allocate(16);
        ch.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000)));
        try {
          // read through the blocking adaptor (not closed: that would close the socket) so the handshake honours the deadline
          hello.put(ch.socket().getInputStream().readNBytes(16)).flip();
        } catch (IOException e) {
          closeQuietly(ch);
          continue;
        }
        if (hello.remaining() == 16 && hello.getInt() == MAGIC && hello.getInt() == prev && hello.getLong() == token) return ch;
        closeQuietly(ch);
      }
    }
  }

  public int rank() {
    return rank;
  }

  public int size() {
    return size;
  }

  /**
   * Replaces {@code data} on every worker by the element-wise sum over all workers' {@code data}.
   * Every worker must call it with a vector of the same length, in the same order of calls.
   */
  public void allReduceSum(float[] data) {
    calls++;
    if (size == 1) return;
    int n = data.length;
    try {
      for (int t = 0; t < size - 1; t++) {
        int send = Math.floorMod(rank - t, size), recv = Math.floorMod(rank - t - 1, size);
        exchange(data, start(send, n), end(send, n), start(recv, n), end(recv, n), true);
      }
      for (int t = 0; t < size - 1; t++) {
        int send = Math.floorMod(rank + 1 - t, size), recv = Math.floorMod(rank - t, size);
        exchange(data, start(send, n), end(send, n), start(recv, n), end(recv, n), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("RingAllReduce: worker " + rank + " failed in all-reduce " + calls + ": " + e.getMessage(), e);
    }
  }

  private int start(int segment, int n) {
    return (int) ((long) n * segment / size);
  }

  private int end(int segment, int n) {
    return (int) ((long) n * (segment + 1) / size);
  }

  /** Streams data[sendFrom, sendTo) to the next worker while receiving [recvFrom, recvTo) from the previous one. */
  private void exchange(float[] data, int sendFrom, int sendTo, int recvFrom, int recvTo, boolean add) throws IOException {
    int sendPos = sendFrom, recvPos = recvFrom;
    sendBuf.clear().limit(0);
    recvBuf.clear().limit(pieceBytes(recvPos, recvTo));
    long lastProgress = System.nanoTime();
    while (sendPos < sendTo || sendBuf.hasRemaining() || recvPos < recvTo) {
      long moved = 0;
      if (!sendBuf.hasRemaining() && sendPos < sendTo) {
        int len = Math.min(PIECE_FLOATS, sendTo - sendPos);
        sendBuf.clear();
        sendBuf.asFloatBuffer().put(data, sendPos, len);
        sendBuf.limit(len * 4);
        sendPos += len;
      }
      if (sendBuf.hasRemaining()) moved += toNext.write(sendBuf);
      if (recvPos < recvTo) {
        int r = fromPrev.read(recvBuf);
        if (r < 0) throw new IOException("worker " + prevRank() + " (" + peers.get(prevRank()) + ") closed the connection");
        moved += r;
        if (!recvBuf.hasRemaining()) {
          int len = recvBuf.limit() / 4;
          recvBuf.flip();
          if (add) {
            recvBuf.asFloatBuffer().get(scratch, 0, len);
            for (int i = 0; i < len; i++) data[recvPos + i] += scratch[i];
          } else {
            recvBuf.asFloatBuffer().get(data, recvPos, len);
          }
          recvPos += len;
          recvBuf.clear().limit(pieceBytes(recvPos, recvTo));
        }
      }
      long now = System.nanoTime();
      if (moved > 0) {
        lastProgress = now;
        continue;
      }
      if (now - lastProgress > timeoutNanos) {
        String waiting = recvPos < recvTo
            ? "nothing arrived from worker " + prevRank() + " (" + peers.get(prevRank()) + ")"
            : "worker " + nextRank() + " (" + peers.get(nextRank()) + ") took nothing";
        throw new SocketTimeoutException(String.format(Locale.ROOT, "timed out: %s for %.1f s; the peer is hung, too slow or gone",
            waiting, timeoutNanos / 1e9));
      }
      writeKey.interestOps(sendBuf.hasRemaining() ? SelectionKey.OP_WRITE : 0);
      readKey.interestOps(recvPos < recvTo ? SelectionKey.OP_READ : 0);
      selector.select(SLICE_MS);
      selector.selectedKeys().clear();
      interruptCheck.run();
    }
  }

  private static int pieceBytes(int pos, int to) {
    return Math.min(PIECE_FLOATS, Math.max(0, to - pos)) * 4;
  }

  private int prevRank() {
    return (rank - 1 + size) % size;
  }

  private int nextRank() {
    return (rank + 1) % size;
  }

  @Override
  public void close() {
    closeQuietly(toNext);
    closeQuietly(fromPrev);
    closeQuietly(selector);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // closing on the way out: the first error is the one that matters
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("RingAllReduce: interrupted while connecting", e);
    }
  }
}
