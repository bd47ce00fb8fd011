package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import dev.fathom.vision.Image;
import dev.fathom.vision.transforms.CenterCrop;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.Normalize;
import dev.fathom.vision.transforms.Resize;
import dev.fathom.vision.transforms.ToTensor;
import org.junit.jupiter.api.Test;

/** A weights entry's preprocessing as a transform. Tolerance 1e-6 (the same float operations). */
class PreprocessingTest {
  private static Image gradient(int w, int h) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 37) % 251);
    return Image.of(w, h, Image.Mode.RGB, px);
  }

  @Test
  void applyIsResizeCenterCropToTensorNormalizeAsTorchvisionsImageClassification() {
    Preprocessing p = new Preprocessing(12, 8, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, "bilinear");
    Image img = gradient(30, 20);
    Tensor expected = (Tensor) Compose.of(new Resize(12), new CenterCrop(8), new ToTensor(),
        new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225})).apply(img);
    Tensor actual = p.apply(img);
    assertThat(actual.shape()).containsExactly(3, 8, 8);
    TensorAssert.assertClose(actual, expected, 1e-6, 1e-6, "preprocessed image");
  }

  @Test
  void applyTakesUint8TensorsAsImages() {
    Preprocessing p = new Preprocessing(4, 4, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, "bilinear");
    Image img = gradient(4, 4);
    TensorAssert.assertClose(p.apply(dev.fathom.vision.transforms.Functional.pilToTensor(img)), p.apply(img), 1e-6, 1e-6, "uint8 tensor input");
  }

  @Test
  void normalizeSubtractsTheMeanAndDividesByTheStdPerChannel() {
    Tensor image = Tensor.of(new float[] {0.485f, 1f, 0.456f, 0f, 0.406f, 0.5f}, 3, 1, 2);
    Tensor x = Weights.RESNET18_IMAGENET1K_V1.transforms().normalize(image.unsqueeze(0));
    Tensor expected = Tensor.of(new float[] {0f, (1 - 0.485f) / 0.229f, 0f, -0.456f / 0.224f, 0f, (0.5f - 0.406f) / 0.225f}, 1, 3, 1, 2);
    TensorAssert.assertClose(x, expected, 1e-6, 1e-6, "normalize");
    assertThatThrownBy(() -> Weights.RESNET18_IMAGENET1K_V1.transforms().normalize(Tensor.zeros(1, 4, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4, 2, 2]");
  }

  @Test
  void unknownInterpolationIsRejected() {
    assertThatThrownBy(() -> new Preprocessing(8, 8, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, "lanczos"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
