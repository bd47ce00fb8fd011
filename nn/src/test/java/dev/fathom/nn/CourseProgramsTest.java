package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The course's programs written with this module (the optimizers live in dev.fathom.optim; plain
 * gradient descent stands in here): regression net, CNN classifier, multi-input net, DCGAN pair.
 */
class CourseProgramsTest {
  private static void sgdStep(Module m, double lr) {
    try (var g = Fathom.noGrad()) {
      for (Tensor p : m.parameters()) if (p.grad() != null) p.sub_(p.grad().mul(lr));
    }
    m.zeroGrad();
  }

  @Test
  void regressionNetworkLearnsASineBump() {
    Fathom.manualSeed(0);
    Sequential model = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
    MSELoss criterion = new MSELoss();
    Tensor x = Tensor.linspace(-2, 2, 32).reshape(32, 1);
    Tensor y = x.mul(1.5).sin();
    double first = 0, last = 0;
    for (int step = 0; step < 300; step++) {
      Tensor loss = criterion.forward(model.forward(x), y);
      if (step == 0) first = loss.item();
      last = loss.item();
      loss.backward();
      sgdStep(model, 0.5);
    }
    assertThat(last).isLessThan(first / 4);
  }

  @Test
  void cnnClassifierTrainsOnAToyTask() {
    Fathom.manualSeed(1);
    Module cnn = new TestModels.SmallCNN();
    CrossEntropyLoss criterion = new CrossEntropyLoss();
    Tensor images = Tensor.rand(8, 1, 12, 12);
    Tensor labels = Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7});
    double first = criterion.forward(cnn.forward(images), labels).item();
    for (int step = 0; step < 15; step++) {
      criterion.forward(cnn.forward(images), labels).backward();
      sgdStep(cnn, 0.1);
    }
    assertThat(criterion.forward(cnn.forward(images), labels).item()).isLessThan(first);
  }

  @Test
  void multiInputNetworkTakesAnImageAndATableRowAndBackpropagatesToBothBranches() {
    Module net = new TestModels.MultiInput();
    Tensor out = net.forward(Tensor.rand(4, 1, 8, 8), Tensor.rand(4, 5));
    assertThat(out.shape()).containsExactly(4, 3);
    new CrossEntropyLoss().forward(out, Tensor.of(new long[] {0, 1, 2, 0})).backward();
    assertThat(net.parameter("cnn.0.weight").grad()).isNotNull();
    assertThat(net.parameter("fc.0.weight").grad()).isNotNull();
  }

  @Test
  void dcganGeneratorAndDiscriminatorRunAStepWithBceLoss() {
    Fathom.manualSeed(2);
    Module g = new TestModels.Generator(16, 2, 1), d = new TestModels.Discriminator(2, 1);
    g.apply(TestModels::weightsInit);
    d.apply(TestModels::weightsInit);
    BCELoss criterion = new BCELoss();
    Tensor fake = g.forward(Tensor.randn(2, 16, 1, 1));
    assertThat(fake.shape()).containsExactly(2, 1, 64, 64);
    Tensor score = d.forward(fake).view(-1);
    assertThat(score.shape()).containsExactly(2);
    Tensor loss = criterion.forward(score, Tensor.ones(2));
    loss.backward();
    assertThat(g.parameter("main.0.weight").grad()).isNotNull();
    assertThat(d.parameter("main.0.weight").grad()).isNotNull();
    assertThat(loss.item()).isPositive();
  }
}
