package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Device;
import dev.fathom.Tensor;
import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Bad input: every error names the op and the shapes or values, and leaves tensors as they were. */
public abstract class ErrorConformance extends AutogradConformance {
  private Tensor t(long... shape) {
    return Tensor.zeros(shape).to(device());
  }

  @Test
  void matmulShapeMismatchNamesBothShapes() {
    assertThatThrownBy(() -> t(64, 10).matmul(t(12, 1))).hasMessageContaining("mat1 and mat2 shapes cannot be multiplied (64x10 and 12x1)");
    assertThatThrownBy(() -> t(2, 3).mm(t(3))).hasMessageContaining("mm: mat2 must be a matrix");
    assertThatThrownBy(() -> t(2, 3, 4).bmm(t(3, 4, 5))).hasMessageContaining("same number of batches");
  }

  @Test
  void broadcastMismatchNamesTheDimension() {
    assertThatThrownBy(() -> t(2, 3).add(t(4))).hasMessageContaining("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");
  }

  @Test
  void dimOutOfRangeNamesTheRange() {
    assertThatThrownBy(() -> t(2, 3).sum(2)).hasMessageContaining("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    assertThatThrownBy(() -> t(2, 3).transpose(0, -3)).hasMessageContaining("Dimension out of range");
  }

  @Test
  void indicesOutOfRangeAreRejected() {
    Tensor idx = Tensor.of(new long[] {0, 5}, 1, 2).to(device());
    assertThatThrownBy(() -> t(2, 3).gather(1, idx)).hasMessageContaining("index 5 is out of bounds for dimension 1 with size 3");
    assertThatThrownBy(() -> t(2, 3).indexSelect(0, Tensor.of(new int[] {0}).to(device()))).hasMessageContaining("Expected dtype int64 for index");
    assertThatThrownBy(() -> t(2, 3).select(0, 2)).hasMessageContaining("index 2 out of range");
  }

  @Test
  void reshapeToTheWrongSizeNamesTheSize() {
    assertThatThrownBy(() -> t(2, 3).reshape(4, 2)).hasMessageContaining("shape '[4, 2]' is invalid for input of size 6");
    assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2)).hasMessageContaining("invalid for input of size 3");
  }

  @Test
  void catAndStackCheckSizes() {
    assertThatThrownBy(() -> Tensor.cat(0, t(2, 3), t(2, 4))).hasMessageContaining("Sizes of tensors must match except in dimension 0");
    assertThatThrownBy(() -> Tensor.stack(0, t(2), t(3))).hasMessageContaining("stack expects each tensor to be equal size");
  }

  @Test
  void convAndPoolCheckTheirInputs() {
    assertThatThrownBy(() -> Tensor.conv2d(t(1, 3, 8, 8), t(4, 2, 3, 3), null, Conv2dParams.of(1, 0, 1, 1)))
        .hasMessageContaining("expected input[1, 3, 8, 8] to have 2 channels, but got 3 channels instead");
    assertThatThrownBy(() -> Tensor.conv2d(t(1, 1, 2, 2), t(1, 1, 3, 3), null, Conv2dParams.of(1, 0, 1, 1)))
        .hasMessageContaining("Kernel size can't be greater than actual input size");
    assertThatThrownBy(() -> Tensor.maxPool2d(t(2, 2), new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true, 0)))
        .hasMessageContaining("Expected 3D (unbatched) or 4D (batched) input");
    assertThatThrownBy(() -> new Pool2dParams(2, 2, 2, 2, 2, 2, 1, 1, false, true, 0)).hasMessageContaining("pad should be at most half of kernel size");
  }

  @Test
  void wrongDtypesAreRejected() {
    assertThatThrownBy(() -> Tensor.where(t(2), t(2), t(2))).hasMessageContaining("where expected condition to be a boolean tensor");
    assertThatThrownBy(() -> Tensor.of(new long[] {1, 2}).mean()).hasMessageContaining("mean(): could not infer output dtype");
    assertThatThrownBy(() -> t(2).maskedFill(t(2), 1)).hasMessageContaining("only supports boolean masks");
    assertThatThrownBy(() -> t(2, 2).mm(Tensor.zeros(DType.FLOAT64, 2, 2).to(device()))).hasMessageContaining("same dtype");
  }

  @Test
  void itemOfManyElementsFails() {
    assertThatThrownBy(() -> t(2).item()).hasMessageContaining("a Tensor with 2 elements cannot be converted to Scalar");
  }

  @Test
  void aFailedInPlaceOpLeavesTheTensorUnchanged() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}).to(device());
    assertThatThrownBy(() -> x.add_(t(2))).hasMessageContaining("must match");
    assertThatThrownBy(() -> x.copy_(t(4))).hasMessageContaining("must match");
    assertThat(x.toFloatArray()).containsExactly(1, 2, 3);
  }

  @Test
  void opsAcrossDevicesNameBothDevices() {
    Device other = new Device("tck-other", 0);
    Backend real = backend;
    Backend foreign = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
      if (m.getName().equals("deviceType")) return other.type();
      if (m.getName().equals("name")) return "tck-other";
      try {
        return m.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    Backends.use(foreign);
    Tensor a = Tensor.ones(2).to(device());
    Tensor b = a.to(other);
    assertThat(b.device()).isEqualTo(other);
    assertThatThrownBy(() -> a.add(b)).hasMessageContaining("Expected all tensors to be on the same device").hasMessageContaining("tck-other:0");
    assertThat(b.to(device()).toFloatArray()).containsExactly(1, 1);
  }
}
