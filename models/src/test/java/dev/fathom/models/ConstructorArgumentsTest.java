package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid constructor arguments fail as torchvision's do, with its messages. */
class ConstructorArgumentsTest {
  @Test
  void basicBlockResNetRejectsGroupsAndWidth() {
    assertThatThrownBy(() -> new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().groups(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("BasicBlock only supports groups=1 and base_width=64");
  }

  @Test
  void basicBlockRejectsDilationOnlyWhereABlockWouldBeDilated() {
    assertThatThrownBy(() -> new ResNet(ResNet.Block.BASIC, new int[] {1, 2, 1, 1}, ResNet.options().replaceStrideWithDilation(true, false, false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Dilation > 1 not supported in BasicBlock");
    // torchvision accepts this one: the only dilated stage's single block keeps the previous dilation
    assertThatNoException().isThrownBy(() -> new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().replaceStrideWithDilation(false, false, true)));
  }

  @Test
  void resNetNeedsFourStagesAndThreeDilationFlags() {
    assertThatThrownBy(() -> new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2})).hasMessageContaining("4 stage sizes");
    assertThatThrownBy(() -> ResNet.options().replaceStrideWithDilation(true, true)).hasMessageContaining("3-element tuple");
  }

  @Test
  void mobileNetV2RejectsMalformedSettingsAndStrides() {
    assertThatThrownBy(() -> MobileNetV2.options().invertedResidualSetting(new int[][] {{1, 16, 1}}))
        .hasMessageContaining("inverted_residual_setting should be non-empty or a 4-element list");
    assertThatThrownBy(() -> new InvertedResidual(8, 8, 3, 6)).hasMessageContaining("stride should be 1 or 2");
  }

  @Test
  void squeezeNetRejectsUnknownVersions() {
    assertThatThrownBy(() -> new SqueezeNet("1_2")).hasMessage("Unsupported SqueezeNet version 1_2: 1_0 or 1_1 expected");
  }

  @Test
  void vggRejectsBadConfigurationEntries() {
    assertThatThrownBy(() -> VGG.makeLayers(List.of(64, "X"), false)).hasMessageContaining("\"M\"").hasMessageContaining("X");
  }

  @Test
  void classCountsMustBePositive() {
    assertThatThrownBy(() -> new DenseNet(DenseNet.options().numClasses(0))).hasMessageContaining("num_classes must be positive");
    assertThatThrownBy(() -> new AlexNet(AlexNet.options().numClasses(-1))).hasMessageContaining("num_classes must be positive");
  }
}
