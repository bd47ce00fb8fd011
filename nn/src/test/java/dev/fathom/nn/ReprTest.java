package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Python's float repr, which extra_repr strings use. */
class ReprTest {
  @Test
  void floatsPrintAsPythonRepr() {
    assertThat(Repr.pyFloat(1e-5)).isEqualTo("1e-05");
    assertThat(Repr.pyFloat(0.0001)).isEqualTo("0.0001");
    assertThat(Repr.pyFloat(0.1)).isEqualTo("0.1");
    assertThat(Repr.pyFloat(1.0)).isEqualTo("1.0");
    assertThat(Repr.pyFloat(100.0)).isEqualTo("100.0");
    assertThat(Repr.pyFloat(1e16)).isEqualTo("1e+16");
    assertThat(Repr.pyFloat(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(Repr.pyFloat(-0.2)).isEqualTo("-0.2");
    assertThat(Repr.pyFloat(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
    assertThat(Repr.pyFloat(-0.0)).isEqualTo("-0.0");
    assertThat(Repr.pyFloat((Double) null)).isEqualTo("None");
  }
}
