package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host-side packing of the kernels' iteration struct (common.cuh's Iter). */
class IterTest {
  private static List<Iter> iters(int[] shape, int[][] strides, int[] offsets) {
    List<Iter> out = new ArrayList<>();
    Iter.forEach(shape, strides, offsets, out::add);
    return out;
  }

  private static int stride(Iter it, int op, int d) {
    return it.packed()[2 + Iter.MAX_DIMS + op * Iter.MAX_DIMS + d];
  }

  private static int offset(Iter it, int op) {
    return it.packed()[2 + Iter.MAX_DIMS + Iter.MAX_OPS * Iter.MAX_DIMS + op];
  }

  @Test
  void contiguous_operands_collapse_to_one_dim() {
    List<Iter> its = iters(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {12, 4, 1}}, new int[] {0, 5});
    assertThat(its).hasSize(1);
    Iter it = its.get(0);
    assertThat(it.nd()).isEqualTo(1);
    assertThat(it.n()).isEqualTo(24);
    assertThat(stride(it, 1, 0)).isEqualTo(1);
    assertThat(offset(it, 1)).isEqualTo(5);
  }

  @Test
  void broadcast_operand_keeps_its_dim_apart() {
    Iter it = iters(new int[] {3, 4}, new int[][] {{4, 1}, {0, 1}}, new int[] {0, 0}).get(0);
    assertThat(it.nd()).isEqualTo(2);
    assertThat(it.packed()[2]).isEqualTo(3);
    assertThat(stride(it, 1, 0)).isZero();
  }

  @Test
  void size_one_dims_are_dropped() {
    Iter it = iters(new int[] {1, 5, 1}, new int[][] {{99, 2, 7}}, new int[] {0}).get(0);
    assertThat(it.nd()).isEqualTo(1);
    assertThat(stride(it, 0, 0)).isEqualTo(2);
  }

  @Test
  void scalar_shape_gives_one_element_and_no_dims() {
    Iter it = iters(new int[0], new int[][] {{}}, new int[] {3}).get(0);
    assertThat(it.nd()).isZero();
    assertThat(it.n()).isEqualTo(1);
  }

  @Test
  void empty_shape_launches_nothing() {
    assertThat(iters(new int[] {2, 0, 3}, new int[][] {{0, 3, 1}}, new int[] {0})).isEmpty();
  }

  @Test
  void more_than_eight_unmergeable_dims_are_split_on_the_host() {
    int nd = 10;
    int[] shape = new int[nd], transposed = new int[nd], dense = new int[nd];
    for (int d = 0; d < nd; d++) shape[d] = 2;
    for (int d = nd - 1, s = 1; d >= 0; d--, s *= 2) dense[d] = s;
    for (int d = 0; d < nd; d++) transposed[d] = dense[nd - 1 - d];
    List<Iter> its = iters(shape, new int[][] {dense, transposed}, new int[] {0, 0});
    assertThat(its).hasSize(4);
    assertThat(its).allSatisfy(it -> assertThat(it.nd()).isEqualTo(8));
    assertThat(offset(its.get(3), 0)).isEqualTo(512 + 256);
    assertThat(offset(its.get(3), 1)).isEqualTo(1 + 2);
  }
}
