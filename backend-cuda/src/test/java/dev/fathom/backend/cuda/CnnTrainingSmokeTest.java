package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Device;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small CNN of {@link CnnTraining} trains on the GPU to the accuracy it reaches on the CPU
 * from the same initialisation (one epoch of 3,000 Fashion-MNIST images reaches about 0.70 on the
 * CPU; the two runs may drift apart a little through float summation order).
 */
class CnnTrainingSmokeTest {
  @BeforeAll
  static void needsGpu() {
    GpuRequired.assumeGpu();
  }

  @Test
  void cnn_trains_on_the_gpu_to_the_cpu_accuracy() throws IOException {
    double gpu = CnnTraining.run(Device.cuda(0));
    double cpu = CnnTraining.run(Device.cpu());
    assertThat(gpu).as("GPU test accuracy").isGreaterThan(0.6);
    assertThat(Math.abs(gpu - cpu)).as("|GPU - CPU| accuracy (GPU %.4f, CPU %.4f)", gpu, cpu).isLessThanOrEqualTo(0.03);
  }
}
