package dev.fathom.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhiloxTest {
  @Test
  void zeroCounterAndKeyGiveTheRandom123KnownAnswer() {
    // Random123's kat_vectors: philox4x32 10 rounds, counter 0, key 0
    int[] out = new int[4];
    Philox.block(0, 0, out);
    assertThat(out).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
  }

  @Test
  void uniformFloatsStayBelowOne() {
    assertThat(Philox.uniformFloat(-1)).isLessThan(1f);
    assertThat(Philox.uniformFloat(0)).isZero();
  }

  @Test
  void normalFillsUseOneBlockPerElementAndUniformFillsAQuarter() {
    assertThat(Philox.blocksFor(Distribution.NORMAL, 10)).isEqualTo(10);
    assertThat(Philox.blocksFor(Distribution.UNIFORM, 10)).isEqualTo(3);
  }
}
