package dev.fathom.vision.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomTransformsTest {
  static final Tensor RAMP = Tensor.arange(0.0, 12.0, 1.0).reshape(1, 3, 4);

  @Test
  void sameSeedGivesSameAugmentation() {
    var a = Compose.of(new RandomResizedCrop(3, RandomResizedCrop.options().generator(new Generator(5))), new RandomRotation(-30, 30, 0, new Generator(6)));
    var b = Compose.of(new RandomResizedCrop(3, RandomResizedCrop.options().generator(new Generator(5))), new RandomRotation(-30, 30, 0, new Generator(6)));
    Tensor x = Tensor.rand(new Generator(1), 3, 16, 16);
    for (int i = 0; i < 5; i++) assertThat(((Tensor) a.apply(x)).toFloatArray()).containsExactly(((Tensor) b.apply(x)).toFloatArray());
  }

  @Test
  void horizontalFlipHappensWithProbabilityP() {
    var flip = new RandomHorizontalFlip(0.3, new Generator(2));
    int flipped = 0;
    for (int i = 0; i < 2000; i++) if (((Tensor) flip.apply(RAMP)).toFloatArray()[0] == 3f) flipped++;
    // expected 600, binomial sd 20.5
    assertThat(flipped).isBetween(520, 680);
  }

  @Test
  void verticalFlipFlipsRows() {
    Tensor out = (Tensor) new RandomVerticalFlip(1.0, null).apply(RAMP);
    assertThat(out.toFloatArray()[0]).isEqualTo(8f);
  }

  @Test
  void rotationAnglesCoverTheirRangeUniformly() {
    var rot = new RandomRotation(-20, 40, 0, new Generator(3));
    double min = 1e9, max = -1e9, sum = 0;
    for (int i = 0; i < 4000; i++) {
      double a = rot.angle(null);
      min = Math.min(min, a);
      max = Math.max(max, a);
      sum += a;
    }
    assertThat(min).isBetween(-20.0, -19.8);
    assertThat(max).isBetween(39.8, 40.0);
    // uniform mean 10, sd of the mean 60/sqrt(12*4000) = 0.27
    assertThat(sum / 4000).isBetween(9.0, 11.0);
  }

  @Test
  void randomResizedCropParamsStayInsideAndFollowScaleAndRatio() {
    var t = new RandomResizedCrop(8, RandomResizedCrop.options().generator(new Generator(4)));
    double minArea = 1, maxArea = 0;
    for (int i = 0; i < 2000; i++) {
      int[] p = t.params(100, 120, null);
      assertThat(p[0]).isBetween(0, 100 - p[2]);
      assertThat(p[1]).isBetween(0, 120 - p[3]);
      double frac = p[2] * (double) p[3] / (100 * 120);
      minArea = Math.min(minArea, frac);
      maxArea = Math.max(maxArea, frac);
      double ratio = p[3] / (double) p[2];
      if (frac < 0.99) assertThat(ratio).isBetween(0.7, 1.43);
    }
    assertThat(minArea).isLessThan(0.1);
    assertThat(maxArea).isGreaterThan(0.8);
  }

  @Test
  void randomCropReachesEveryOffset() {
    var crop = new RandomCrop(2, RandomCrop.options().padding(1).generator(new Generator(5)));
    java.util.Set<String> seen = new java.util.HashSet<>();
    Tensor x = Tensor.arange(0.0, 4.0, 1.0).reshape(1, 2, 2).add(1.0);
    for (int i = 0; i < 500; i++) seen.add(java.util.Arrays.toString(((Tensor) crop.apply(x)).toFloatArray()));
    int distinct = seen.size();
    assertThat(distinct).isEqualTo(9); // 3x3 offsets in the 4x4 padded image
  }

  @Test
  void colorJitterDrawsFactorsInRangeAndAPermutation() {
    var cj = new ColorJitter(0.4, 0.2, 0.0, 0.1, new Generator(6));
    for (int i = 0; i < 500; i++) {
      double[] p = cj.params(null);
      assertThat(new double[] {p[0], p[1], p[2], p[3]}).containsExactlyInAnyOrder(0, 1, 2, 3);
      assertThat(p[4]).isBetween(0.6, 1.4);
      assertThat(p[5]).isBetween(0.8, 1.2);
      assertThat(p[6]).isNaN();
      assertThat(p[7]).isBetween(-0.1, 0.1);
    }
  }

  @Test
  void randomApplyAppliesAllOrNothing() {
    var ra = new RandomApply(List.of(new RandomHorizontalFlip(1.0, null), new RandomVerticalFlip(1.0, null)), 0.5, new Generator(7));
    int both = 0;
    for (int i = 0; i < 1000; i++) {
      float first = ((Tensor) ra.apply(RAMP)).toFloatArray()[0];
      assertThat(first).isIn(0f, 11f);
      if (first == 11f) both++;
    }
    assertThat(both).isBetween(430, 570);
  }

  @Test
  void augmentationInALoaderIsTheSameForAnyWorkerCount() {
    var transform = Compose.of(new RandomHorizontalFlip(), new RandomRotation(30));
    Dataset<Tensor> ds = new Dataset<>() {
      @Override public int size() { return 24; }

      @Override public Tensor get(int i) { return (Tensor) transform.apply(RAMP.add((double) i)); }
    };
    List<float[]> runs = new ArrayList<>();
    for (int workers : new int[] {0, 2}) {
      var loader = new DataLoader<>(ds, DataLoader.options().batchSize(5).shuffle(true).generator(new Generator(8)).numWorkers(workers));
      List<Float> all = new ArrayList<>();
      for (Batch b : loader) for (float v : b.input().toFloatArray()) all.add(v);
      float[] arr = new float[all.size()];
      for (int i = 0; i < arr.length; i++) arr[i] = all.get(i);
      runs.add(arr);
    }
    assertThat(runs.get(1)).containsExactly(runs.get(0));
  }
}
