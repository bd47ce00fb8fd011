package dev.fathom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Generator;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** Item i is (tensor [i, 2i], label i). */
  static final Dataset<Sample<Tensor, Long>> NUMBERS = new Dataset<>() {
    @Override public int size() { return 10; }

    @Override public Sample<Tensor, Long> get(int i) { return new Sample<>(Tensor.of(new float[] {i, 2 * i}), (long) i); }
  };

  static List<Long> labels(DataLoader<Batch> loader) {
    List<Long> out = new ArrayList<>();
    for (Batch b : loader) for (long v : b.label().toLongArray()) out.add(v);
    return out;
  }

  static long liveWorkers() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("fathom-data-worker-") && t.isAlive()).count();
  }

  @Test
  void sequentialBatchesStackInputsAndLabels() {
    var loader = DataLoader.of(NUMBERS, 4);
    List<Batch> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).input().shape()).containsExactly(4, 2);
    assertThat(batches.get(0).input().toFloatArray()).containsExactly(0, 0, 1, 2, 2, 4, 3, 6);
    assertThat(batches.get(2).label().toLongArray()).containsExactly(8, 9);
    assertThat(batches.get(2).size()).isEqualTo(2);
  }

  @Test
  void sizeCountsBatchesWithAndWithoutDropLast() {
    assertThat(DataLoader.of(NUMBERS, 4).size()).isEqualTo(3);
    assertThat(new DataLoader<>(NUMBERS, DataLoader.options().batchSize(4).dropLast(true)).size()).isEqualTo(2);
    assertThat(DataLoader.of(NUMBERS, 5).size()).isEqualTo(2);
  }

  @Test
  void dropLastOmitsTheShortBatch() {
    var loader = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(4).dropLast(true));
    assertThat(labels(loader)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void shuffleIsAPermutationThatChangesEachEpochAndRepeatsWithTheSeed() {
    var loader = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(3).shuffle(true).generator(new Generator(5)));
    List<Long> e1 = labels(loader), e2 = labels(loader);
    assertThat(e1).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(e1).isNotEqualTo(e2);
    var again = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(3).shuffle(true).generator(new Generator(5)));
    assertThat(labels(again)).isEqualTo(e1);
    assertThat(labels(again)).isEqualTo(e2);
  }

  @Test
  void orderIsTheSameForAnyWorkerCount() {
    List<List<Long>> runs = new ArrayList<>();
    for (int workers : new int[] {0, 1, 2, 3}) {
      var loader = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(3).shuffle(true).generator(new Generator(11)).numWorkers(workers));
      runs.add(labels(loader));
    }
    assertThat(runs).allSatisfy(r -> assertThat(r).isEqualTo(runs.get(0)));
  }

  @Test
  void perItemRandomnessIsTheSameForAnyWorkerCount() {
    Dataset<Double> noisy = new Dataset<>() {
      @Override public int size() { return 20; }

      @Override public Double get(int i) {
        if (i % 3 == 0) Thread.onSpinWait();
        return i + DataRandom.generator().nextDouble();
      }
    };
    List<double[]> runs = new ArrayList<>();
    for (int workers : new int[] {0, 2, 3}) {
      var loader = new DataLoader<>(noisy, DataLoader.options().batchSize(4).generator(new Generator(3)).numWorkers(workers));
      List<Double> all = new ArrayList<>();
      for (Batch b : loader) for (double v : b.tensor(0).toDoubleArray()) all.add(v);
      runs.add(all.stream().mapToDouble(Double::doubleValue).toArray());
    }
    assertThat(runs.get(1)).containsExactly(runs.get(0));
    assertThat(runs.get(2)).containsExactly(runs.get(0));
    assertThat(runs.get(0)[0]).isNotEqualTo(runs.get(0)[1] - 1);
  }

  @Test
  void workerExceptionSurfacesInTheCallerWithTheItemIndex() {
    Dataset<Tensor> bad = new Dataset<>() {
      @Override public int size() { return 12; }

      @Override public Tensor get(int i) {
        if (i == 7) throw new IllegalStateException("broken file");
        return Tensor.zeros(2);
      }
    };
    var loader = new DataLoader<>(bad, DataLoader.options().batchSize(2).numWorkers(2));
    assertThatThrownBy(() -> labelsOfAll(loader))
        .isInstanceOf(DataLoaderException.class)
        .hasMessageContaining("item 7")
        .hasMessageContaining("broken file")
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((DataLoaderException) e).index()).isEqualTo(7));
    assertThat(liveWorkers()).isZero();
  }

  private static void labelsOfAll(DataLoader<Batch> loader) {
    for (Batch b : loader) assertThat(b.size()).isEqualTo(2);
  }

  @Test
  void closingTheIteratorEarlyStopsItsWorkers() {
    var loader = new DataLoader<>(slowDataset(1000), DataLoader.options().batchSize(4).numWorkers(2).prefetchFactor(2));
    try (var it = loader.iterator()) {
      it.next();
      assertThat(liveWorkers()).isEqualTo(2);
    }
    assertThat(liveWorkers()).isZero();
  }

  @Test
  void closingTheLoaderStopsWorkersOfOpenEpochs() {
    var loader = new DataLoader<>(slowDataset(1000), DataLoader.options().batchSize(4).numWorkers(2));
    var it = loader.iterator();
    it.next();
    loader.close();
    assertThat(liveWorkers()).isZero();
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void finishingAnEpochLeavesNoWorkerBehind() {
    var loader = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(3).numWorkers(3));
    assertThat(labels(loader)).hasSize(10);
    assertThat(liveWorkers()).isZero();
  }

  @Test
  void workersAreDaemonThreads() {
    var loader = new DataLoader<>(slowDataset(100), DataLoader.options().batchSize(4).numWorkers(2));
    try (var it = loader.iterator()) {
      it.next();
      assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("fathom-data-worker-")).allMatch(Thread::isDaemon);
    }
  }

  @Test
  void prefetchIsBounded() throws InterruptedException {
    AtomicInteger reads = new AtomicInteger();
    Dataset<Long> counting = new Dataset<>() {
      @Override public int size() { return 400; }

      @Override public Long get(int i) { reads.incrementAndGet(); return (long) i; }
    };
    var loader = new DataLoader<>(counting, DataLoader.options().batchSize(2).numWorkers(2).prefetchFactor(3));
    try (var it = loader.iterator()) {
      it.next();
      Thread.sleep(200);
      // the consumed batch plus at most prefetchFactor * numWorkers = 6 batches of 2 items
      assertThat(reads.get()).isBetween(2, 14);
    }
  }

  @Test
  void customCollateDecidesTheBatchType() {
    var loader = new DataLoader<>(NUMBERS, DataLoader.options().batchSize(4).<Sample<Tensor, Long>, Long>collate(items -> items.stream().mapToLong(Sample::label).sum()));
    List<Long> sums = new ArrayList<>();
    loader.forEach(sums::add);
    assertThat(sums).containsExactly(6L, 22L, 17L);
  }

  @Test
  void samplerOptionSetsTheOrder() {
    Sampler reversed = new Sampler() {
      @Override public int size() { return 10; }

      @Override public int[] indices() { return new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}; }
    };
    assertThat(labels(new DataLoader<>(NUMBERS, DataLoader.options().batchSize(4).sampler(reversed)))).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
  }

  @Test
  void samplerWithShuffleIsRejected() {
    assertThatThrownBy(() -> new DataLoader<>(NUMBERS, DataLoader.options().shuffle(true).sampler(new SequentialSampler(10))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mutually exclusive");
  }

  @Test
  void nonPositiveBatchSizeIsRejected() {
    assertThatThrownBy(() -> DataLoader.of(NUMBERS, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch_size");
  }

  @Test
  void multiInputSamplesGiveOneStackedTensorPerInput() {
    Dataset<Sample<List<Tensor>, Long>> pairs = new Dataset<>() {
      @Override public int size() { return 6; }

      @Override public Sample<List<Tensor>, Long> get(int i) { return new Sample<>(List.of(Tensor.full(i, 3), Tensor.full(-i, 2, 2)), (long) i % 2); }
    };
    Batch b = DataLoader.of(pairs, 4).iterator().next();
    assertThat(b.inputs()).hasSize(2);
    assertThat(b.inputs().get(0).shape()).containsExactly(4, 3);
    assertThat(b.inputs().get(1).shape()).containsExactly(4, 2, 2);
    assertThat(b.label().toLongArray()).containsExactly(0, 1, 0, 1);
    assertThatThrownBy(b::input).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 inputs");
  }

  @Test
  void tensorDatasetBatchesAreSlicesOfTheTensors() {
    Tensor x = Tensor.arange(0.0, 12.0, 1.0).reshape(6, 2);
    Tensor y = Tensor.arange(6);
    Batch b = DataLoader.of(new TensorDataset(x, y), 4).iterator().next();
    assertThat(b.input().toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(b.label().toLongArray()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void consumerWaitsForSlowWorkersInOrder() throws InterruptedException {
    CountDownLatch gate = new CountDownLatch(1);
    Dataset<Long> gated = new Dataset<>() {
      @Override public int size() { return 8; }

      @Override public Long get(int i) {
        if (i == 0) {
          try { gate.await(); } catch (InterruptedException e) { throw new IllegalStateException(e); }
        }
        return (long) i;
      }
    };
    var loader = new DataLoader<>(gated, DataLoader.options().batchSize(2).numWorkers(2));
    Thread opener = new Thread(() -> { sleep(100); gate.countDown(); });
    opener.start();
    List<Long> got = new ArrayList<>();
    for (Batch b : loader) for (long v : b.tensor(0).toLongArray()) got.add(v);
    opener.join();
    assertThat(got).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  private static void sleep(long ms) {
    try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
  }

  private static Dataset<Long> slowDataset(int n) {
    return new Dataset<>() {
      @Override public int size() { return n; }

      @Override public Long get(int i) { sleep(2); return (long) i; }
    };
  }

  @Test
  void unreachableIteratorReleasesItsWorkers() throws InterruptedException {
    var loader = new DataLoader<>(slowDataset(1000), DataLoader.options().batchSize(4).numWorkers(2));
    startAndDrop(loader);
    for (int i = 0; i < 50 && liveWorkers() > 0; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(liveWorkers()).isZero();
  }

  private static void startAndDrop(DataLoader<Batch> loader) {
    var it = loader.iterator();
    assertThat(Arrays.asList(it.next().tensor(0).toLongArray())).isNotEmpty();
  }
}
