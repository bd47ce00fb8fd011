package dev.fathom.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Construction checks, param groups, zeroGrad, state-dict validation: PyTorch's behaviour and messages. */
class OptimizerBehaviourTest {
  private static Tensor param(float... values) {
    return Tensor.of(values).requiresGrad(true);
  }

  @Test
  void sgdWithoutLrIsRejected() {
    assertThatThrownBy(() -> new SGD(List.of(param(1)), SGD.options().momentum(0.9)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required optimization parameter lr");
  }

  @Test
  void nesterovWithoutMomentumIsRejected() {
    assertThatThrownBy(() -> new SGD(List.of(param(1)), SGD.options().lr(0.1).nesterov(true)))
        .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
  }

  @Test
  void negativeLrIsRejectedWithPytorchsMessage() {
    assertThatThrownBy(() -> Adam.options().lr(-1)).hasMessage("Invalid learning rate: -1.0");
    assertThatThrownBy(() -> Adam.options().betas(1.0, 0.999)).hasMessage("Invalid beta parameter at index 0: 1.0");
  }

  @Test
  void emptyParameterListIsRejected() {
    assertThatThrownBy(() -> new Adam(List.<Tensor>of())).hasMessageContaining("optimizer got an empty parameter list");
  }

  @Test
  void parameterInTwoGroupsIsRejected() {
    Tensor p = param(1);
    assertThatThrownBy(() -> new Adam(List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p))), Adam.options()))
        .hasMessageContaining("some parameters appear in more than one parameter group");
  }

  @Test
  void nonLeafParameterIsRejected() {
    Tensor p = param(1, 2).mul(2.0);
    assertThatThrownBy(() -> new SGD(List.of(p), 0.1)).hasMessageContaining("can't optimize a non-leaf Tensor");
  }

  @Test
  void groupsTakeDefaultsForWhatTheyDoNotOverride() {
    Tensor a = param(1), b = param(2);
    var opt = new SGD(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b), SGD.options().lr(0.01))),
        SGD.options().lr(0.1).momentum(0.9));
    assertThat(opt.getLr(0)).isEqualTo(0.1);
    assertThat(opt.getLr(1)).isEqualTo(0.01);
    assertThat(opt.paramGroups().get(1).getDouble("momentum")).isEqualTo(0.9);
    assertThat(opt.paramGroups().get(1).options().keySet()).containsExactly("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");
  }

  @Test
  void setLrChangesTheNextStep() {
    Tensor p = param(1);
    var opt = new SGD(List.of(p), 0.1);
    opt.setLr(0, 0.5);
    p.setGrad(Tensor.of(new float[] {2}));
    opt.step();
    assertThat(p.toFloatArray()).containsExactly(0f);
  }

  @Test
  void addParamGroupExtendsTheOptimization() {
    Tensor a = param(1), b = param(1);
    var opt = new SGD(List.of(a), 0.1);
    opt.addParamGroup(ParamGroup.of(List.of(b), SGD.options().lr(1.0)));
    a.setGrad(Tensor.of(new float[] {1}));
    b.setGrad(Tensor.of(new float[] {1}));
    opt.step();
    assertThat(a.toFloatArray()).containsExactly(0.9f);
    assertThat(b.toFloatArray()).containsExactly(0f);
  }

  @Test
  void zeroGradSetsGradsToNullByDefault() {
    Tensor p = param(1, 2);
    p.setGrad(Tensor.of(new float[] {3, 4}));
    new Adam(List.of(p)).zeroGrad();
    assertThat(p.grad()).isNull();
  }

  @Test
  void zeroGradWithoutSetToNoneZeroesTheGradInPlace() {
    Tensor p = param(1, 2);
    Tensor g = Tensor.of(new float[] {3, 4});
    p.setGrad(g);
    new Adam(List.of(p)).zeroGrad(false);
    assertThat(p.grad()).isSameAs(g);
    assertThat(g.toFloatArray()).containsExactly(0f, 0f);
  }

  @Test
  void paramsWithoutGradAreLeftAloneAndGetNoState() {
    Tensor a = param(1), b = param(5);
    var opt = new Adam(List.of(a, b), 0.1);
    a.setGrad(Tensor.of(new float[] {1}));
    opt.step();
    assertThat(b.toFloatArray()).containsExactly(5f);
    assertThat(List.<Object>copyOf(((Map<?, ?>) opt.stateDict().get("state")).keySet())).containsExactly(0);
  }

  @Test
  void adagradHasStateForEveryParamBeforeTheFirstStep() {
    var opt = new Adagrad(List.of(param(1), param(2)), Adagrad.options().initialAccumulatorValue(0.5));
    Map<?, ?> state = (Map<?, ?>) opt.stateDict().get("state");
    assertThat(List.<Object>copyOf(state.keySet())).containsExactly(0, 1);
    Map<?, ?> first = (Map<?, ?>) state.get(0);
    assertThat(((Tensor) first.get("step")).item()).isZero();
    assertThat(((Tensor) first.get("sum")).toFloatArray()).containsExactly(0.5f);
  }

  @Test
  void doubleParamsTakeTheTensorOpPath() {
    Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    var opt = new SGD(List.of(p), SGD.options().lr(0.5).momentum(0.5));
    for (int k = 0; k < 2; k++) {
      p.setGrad(Tensor.of(new double[] {1, -1}));
      opt.step();
    }
    assertThat(p.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(p.toDoubleArray()).containsExactly(1 - 0.5 - 0.75, 2 + 0.5 + 0.75);
  }

  @Test
  void loadStateDictRejectsADifferentNumberOfGroups() {
    var two = new SGD(List.of(ParamGroup.of(List.of(param(1))), ParamGroup.of(List.of(param(2)))), SGD.options().lr(0.1));
    var one = new SGD(List.of(param(1), param(2)), 0.1);
    assertThatThrownBy(() -> one.loadStateDict(two.stateDict())).hasMessageContaining("different number of parameter groups");
  }

  @Test
  void loadStateDictRejectsAGroupOfAnotherSize() {
    var a = new SGD(List.of(param(1), param(2)), 0.1);
    var b = new SGD(List.of(param(1)), 0.1);
    assertThatThrownBy(() -> b.loadStateDict(a.stateDict())).hasMessageContaining("doesn't match the size of optimizer's group");
  }

  @Test
  void loadStateDictRejectsStateOfTheWrongShape() {
    Tensor p = param(1, 2);
    var opt = new Adam(List.of(p));
    p.setGrad(Tensor.of(new float[] {1, 1}));
    opt.step();
    var other = new Adam(List.of(param(1, 2, 3)));
    assertThatThrownBy(() -> other.loadStateDict(opt.stateDict())).hasMessageContaining("has shape [2] but its parameter has shape [3]");
  }

  @Test
  void loadStateDictRestoresHyperparametersAndCastsStateToTheParamDtype() {
    Tensor p = param(1, 2);
    var opt = new SGD(List.of(p), SGD.options().lr(0.3).momentum(0.5));
    p.setGrad(Tensor.of(new float[] {1, 1}));
    opt.step();
    Tensor q = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    var other = new SGD(List.of(q), SGD.options().lr(0.01));
    other.loadStateDict(opt.stateDict());
    assertThat(other.getLr(0)).isEqualTo(0.3);
    assertThat(other.paramGroups().getFirst().getDouble("momentum")).isEqualTo(0.5);
    Tensor buf = (Tensor) ((Map<?, ?>) ((Map<?, ?>) other.stateDict().get("state")).get(0)).get("momentum_buffer");
    assertThat(buf.dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void loadedStateIsACopyNotTheSavedTensors() {
    Tensor p = param(1);
    var opt = new Adam(List.of(p));
    p.setGrad(Tensor.of(new float[] {1}));
    opt.step();
    Map<String, Object> saved = opt.stateDict();
    var other = new Adam(List.of(param(1)));
    other.loadStateDict(saved);
    Object mine = ((Map<?, ?>) ((Map<?, ?>) saved.get("state")).get(0)).get("exp_avg");
    Object theirs = ((Map<?, ?>) ((Map<?, ?>) other.stateDict().get("state")).get(0)).get("exp_avg");
    assertThat(theirs).isNotSameAs(mine);
  }

  @Test
  void toStringListsTheGroupsAsPytorchPrintsThem() {
    var opt = new SGD(new ArrayList<>(List.of(param(1))), 0.1);
    assertThat(opt.toString()).startsWith("SGD (\nParameter Group 0\n    lr: 0.1\n    momentum: 0.0");
  }
}
