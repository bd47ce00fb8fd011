package dev.fathom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's first example, kept compiling and running. */
class ReadmeExampleTest {
  @Test
  void readmeExampleComputesALossAndItsGradient() {
    Fathom.manualSeed(0);
    Tensor w = Tensor.randn(3, 2).requiresGrad(true);      // [3, 2]
    Tensor b = Tensor.zeros(2).requiresGrad(true);         // [2]
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = Tensor.of(new long[] {0, 1});               // class labels
    Tensor logits = x.matmul(w).add(b);                    // [2, 2]
    Tensor loss = logits.logSoftmax(1).gather(1, y.unsqueeze(1)).neg().mean();
    loss.backward();
    System.out.println(loss);       // tensor(..., grad_fn=<MeanBackward0>)
    System.out.println(w.grad());   // d loss / d w, shape [3, 2]

    assertThat(loss.toString()).endsWith("grad_fn=<MeanBackward0>)");
    assertThat(w.grad().shape()).containsExactly(3, 2);
    // the gradient of a mean cross-entropy over one-hot rows sums to zero across classes
    assertThat(b.grad().sum().item()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
  }
}
