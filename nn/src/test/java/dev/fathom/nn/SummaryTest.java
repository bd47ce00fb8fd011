package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Summary tables compared with the text torchsummary 1.5.1 prints for the same PyTorch models
 * (captured by running it on the gen_nn.py models; the multi-input sizes follow torchsummary's
 * later {@code np.prod(sum(input_size, ()))}, since 1.5.1 crashes on inputs of different ranks).
 */
class SummaryTest {
  @Test
  void courseCnnTableMatchesTorchsummary() {
    String expected = """
        ----------------------------------------------------------------
                Layer (type)               Output Shape         Param #
        ================================================================
                    Conv2d-1           [-1, 16, 28, 28]             160
                      ReLU-2           [-1, 16, 28, 28]               0
                 MaxPool2d-3           [-1, 16, 14, 14]               0
                    Conv2d-4           [-1, 32, 14, 14]           4,640
                      ReLU-5           [-1, 32, 14, 14]               0
                 MaxPool2d-6             [-1, 32, 7, 7]               0
                   Flatten-7                 [-1, 1568]               0
                    Linear-8                   [-1, 10]          15,690
        ================================================================
        Total params: 20,490
        Trainable params: 20,490
        Non-trainable params: 0
        ----------------------------------------------------------------
        Input size (MB): 0.00
        Forward/backward pass size (MB): 0.34
        Params size (MB): 0.08
        Estimated Total Size (MB): 0.42
        ----------------------------------------------------------------
        """;
    assertThat(Summary.of(new TestModels.CourseCNN(), 1, 28, 28).toString()).isEqualTo(expected);
  }

  @Test
  void frozenFeaturesCountAsNonTrainableAndBatchNormRowsCountWeightAndBias() {
    Module m = new TestModels.SmallCNN();
    m.child("features").requiresGrad(false);
    String expected = """
        ----------------------------------------------------------------
                Layer (type)               Output Shape         Param #
        ================================================================
                    Conv2d-1            [-1, 4, 12, 12]              40
               BatchNorm2d-2            [-1, 4, 12, 12]               8
                      ReLU-3            [-1, 4, 12, 12]               0
                 MaxPool2d-4              [-1, 4, 6, 6]               0
                    Conv2d-5              [-1, 8, 6, 6]             296
                      ReLU-6              [-1, 8, 6, 6]               0
                 MaxPool2d-7              [-1, 8, 3, 3]               0
                   Flatten-8                   [-1, 72]               0
                    Linear-9                   [-1, 10]             730
        ================================================================
        Total params: 1,074
        Trainable params: 730
        Non-trainable params: 344
        ----------------------------------------------------------------
        Input size (MB): 0.00
        Forward/backward pass size (MB): 0.02
        Params size (MB): 0.00
        Estimated Total Size (MB): 0.02
        ----------------------------------------------------------------
        """;
    Summary s = Summary.of(m, 1, 12, 12);
    assertThat(s.toString()).isEqualTo(expected);
    assertThat(s.trainableParams()).isEqualTo(730);
    assertThat(s.nonTrainableParams()).isEqualTo(344);
  }

  @Test
  void multiInputModelGetsOneRowPerLayerInCallOrder() {
    Summary s = Summary.of(new TestModels.MultiInput(), List.of(new long[] {1, 8, 8}, new long[] {5}));
    assertThat(s.rows()).extracting(Summary.Row::layer)
        .containsExactly("Conv2d-1", "ReLU-2", "MaxPool2d-3", "Flatten-4", "Linear-5", "ReLU-6", "Linear-7");
    assertThat(s.toString()).contains("            Linear-7                    [-1, 3]             135\n")
        .contains("Total params: 223\n").contains("Input size (MB): 0.00\n");
  }

  @Test
  void summaryLeavesModesBatchNormStatsAndGlobalRandomStreamUntouched() {
    Module m = new TestModels.SmallCNN();
    m.child("classifier").eval();
    Fathom.manualSeed(7);
    double expectedDraw = Tensor.rand(1).item();
    Fathom.manualSeed(7);
    Summary.of(m, 1, 12, 12);
    assertThat(Tensor.rand(1).item()).isEqualTo(expectedDraw);
    assertThat(m.isTraining()).isTrue();
    assertThat(m.child("classifier").isTraining()).isFalse();
    assertThat(m.buffer("features.1.num_batches_tracked").longItem()).isZero();
  }

  @Test
  void largeSizesUseThousandsSeparatorsAndTwoDecimals() {
    Summary s = Summary.of(new Sequential(new Linear(1000, 2000)), 1000);
    assertThat(s.toString()).contains("            Linear-1                 [-1, 2000]       2,002,000\n")
        .contains("Total params: 2,002,000\n").contains("Params size (MB): 7.64\n").contains("Input size (MB): 0.00\n");
  }
}
