package dev.fathom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplersTest {
  @Test
  void sequentialSamplerCountsUp() {
    assertThat(new SequentialSampler(4).indices()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void randomSamplerGivesAPermutationReproducibleFromTheSeed() {
    int[] a = new RandomSampler(50, new Generator(9)).indices();
    int[] b = new RandomSampler(50, new Generator(9)).indices();
    assertThat(a).isEqualTo(b);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertThat(sorted).isEqualTo(new SequentialSampler(50).indices());
    assertThat(a).isNotEqualTo(new SequentialSampler(50).indices());
  }

  @Test
  void randomSamplerPermutationsAreUniform() {
    // every element should land in position 0 about equally often: 6000 draws of n=6, 1000 expected each
    var s = new RandomSampler(6, new Generator(1));
    int[] counts = new int[6];
    for (int i = 0; i < 6000; i++) counts[s.indices()[0]]++;
    for (int c : counts) assertThat(c).isBetween(880, 1120);
  }

  @Test
  void randomSamplerWithReplacementDrawsNumSamplesInRange() {
    var s = new RandomSampler(5, RandomSampler.options().replacement(true).numSamples(1000).generator(new Generator(2)));
    int[] idx = s.indices();
    assertThat(s.size()).isEqualTo(1000);
    assertThat(idx).hasSize(1000);
    assertThat(Arrays.stream(idx).min().getAsInt()).isZero();
    assertThat(Arrays.stream(idx).max().getAsInt()).isEqualTo(4);
    assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(5);
  }

  @Test
  void randomSamplerWithoutReplacementChainsPermutationsPastN() {
    int[] idx = new RandomSampler(4, RandomSampler.options().numSamples(10).generator(new Generator(3))).indices();
    assertThat(idx).hasSize(10);
    assertThat(Arrays.copyOfRange(idx, 0, 4)).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(Arrays.copyOfRange(idx, 4, 8)).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void weightedSamplerFollowsTheWeights() {
    var s = new WeightedRandomSampler(new double[] {1, 3, 0, 6}, 20000, true, new Generator(4));
    int[] counts = new int[4];
    for (int i : s.indices()) counts[i]++;
    assertThat(counts[2]).isZero();
    // expected 2000, 6000, 0, 12000; binomial sd <= 70
    assertThat(counts[0]).isBetween(1750, 2250);
    assertThat(counts[1]).isBetween(5700, 6300);
    assertThat(counts[3]).isBetween(11700, 12300);
  }

  @Test
  void weightedSamplerWithoutReplacementNeverRepeats() {
    int[] idx = new WeightedRandomSampler(new double[] {5, 1, 1, 1, 0}, 4, false, new Generator(5)).indices();
    assertThat(idx).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void weightedSamplerRejectsTooManySamplesWithoutReplacement() {
    assertThatThrownBy(() -> new WeightedRandomSampler(new double[] {1, 0, 1}, 3, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 non-zero");
  }

  @Test
  void batchesKeepOrDropTheShortLastBatch() {
    int[] idx = {5, 4, 3, 2, 1};
    assertThat(Samplers.batches(idx, 2, false)).isDeepEqualTo(new int[][] {{5, 4}, {3, 2}, {1}});
    assertThat(Samplers.batches(idx, 2, true)).isDeepEqualTo(new int[][] {{5, 4}, {3, 2}});
  }
}
