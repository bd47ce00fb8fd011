package dev.fathom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DTypeTest {
  @Test
  void promotionFollowsTorchPromoteTypes() {
    assertThat(DType.promote(DType.INT64, DType.FLOAT32)).isEqualTo(DType.FLOAT32);
    assertThat(DType.promote(DType.INT32, DType.INT64)).isEqualTo(DType.INT64);
    assertThat(DType.promote(DType.FLOAT32, DType.FLOAT64)).isEqualTo(DType.FLOAT64);
    assertThat(DType.promote(DType.BOOL, DType.UINT8)).isEqualTo(DType.UINT8);
  }

  @Test
  void parsesTorchAndSafetensorsNames() {
    assertThat(DType.parse("torch.float32")).isEqualTo(DType.FLOAT32);
    assertThat(DType.parse("I64")).isEqualTo(DType.INT64);
    assertThatThrownBy(() -> DType.parse("complex64")).hasMessageContaining("unknown dtype 'complex64'");
  }

  @Test
  void devicesParseAndPrintAsPyTorch() {
    assertThat(Device.parse("cuda:1")).isEqualTo(Device.cuda(1));
    assertThat(Device.cuda(0).toString()).isEqualTo("cuda:0");
    assertThat(Device.cpu().toString()).isEqualTo("cpu");
  }
}
