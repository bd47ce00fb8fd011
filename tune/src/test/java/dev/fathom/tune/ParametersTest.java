package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private final Parameters p;

  ParametersTest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lr", 0.01);
    m.put("width", 64);
    m.put("optimizer", "adam");
    m.put("nesterov", true);
    p = new Parameters(m);
  }

  @Test
  void typedGettersReturnTheValues() {
    assertThat(p.getDouble("lr")).isEqualTo(0.01);
    assertThat(p.getInt("width")).isEqualTo(64);
    assertThat(p.getLong("width")).isEqualTo(64L);
    assertThat(p.getDouble("width")).isEqualTo(64.0);
    assertThat(p.getString("optimizer")).isEqualTo("adam");
    assertThat(p.getBoolean("nesterov")).isTrue();
  }

  @Test
  void getIntOfAFractionalValueNamesTheParameter() {
    assertThatThrownBy(() -> p.getInt("lr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("getInt: parameter 'lr' is 0.01, not an int");
  }

  @Test
  void getDoubleOfAStringNamesTheParameter() {
    assertThatThrownBy(() -> p.getDouble("optimizer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("getDouble: parameter 'optimizer' is \"adam\", not a number");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> p.get("momentum"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no parameter 'momentum' in [lr, width, optimizer, nesterov]");
  }
}
