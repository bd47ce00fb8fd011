package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module's registry, traversal, modes, forward dispatch, hooks and printing. */
class ModuleTest {
  /** A module that shares one Linear under two names, as weight tying does. */
  static final class Tied extends Module {
    Tied() {
      Linear shared = new Linear(2, 2);
      registerModule("a", shared);
      registerModule("b", shared);
      registerParameter("scale", Tensor.ones(1));
    }

    @Override
    public Tensor forward(Tensor x) {
      return child("b").forward(child("a").forward(x)).mul(parameter("scale"));
    }
  }

  @Test
  void parametersAreRecursiveInRegistrationOrderAndDeduplicated() {
    Tied t = new Tied();
    assertThat(t.namedParameters().keySet()).containsExactly("scale", "a.weight", "a.bias");
    assertThat(t.parameters()).hasSize(3).allMatch(Tensor::requiresGrad);
    assertThat(t.children()).hasSize(1);
    assertThat(t.namedModules().keySet()).containsExactly("", "a");
  }

  @Test
  void stateDictKeepsEveryNameOfASharedParameter() {
    assertThat(new Tied().stateDict().keySet()).containsExactly("scale", "a.weight", "a.bias", "b.weight", "b.bias");
  }

  @Test
  void buffersAreListedAndNonPersistentOnesLeaveTheStateDict() {
    BatchNorm1d bn = new BatchNorm1d(3);
    bn.registerBuffer("scratch", Tensor.zeros(2), false);
    assertThat(bn.namedBuffers().keySet()).containsExactly("running_mean", "running_var", "num_batches_tracked", "scratch");
    assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
  }

  @Test
  void stateDictValuesAreDetachedAndShareStorage() {
    Linear fc = new Linear(2, 1);
    Tensor w = fc.stateDict().get("weight");
    assertThat(w.requiresGrad()).isFalse();
    try (var g = dev.fathom.Fathom.noGrad()) {
      w.fill_(3);
    }
    assertThat(fc.weight().toFloatArray()).containsExactly(3f, 3f);
  }

  @Test
  void trainAndEvalSetEveryModuleRecursively() {
    Sequential s = new Sequential(new Linear(1, 1), new Sequential(new Dropout()));
    s.eval();
    assertThat(s.modules()).allMatch(m -> !m.isTraining());
    s.train();
    assertThat(s.modules()).allMatch(Module::isTraining);
  }

  @Test
  void applyVisitsChildrenBeforeTheirParent() {
    Sequential inner = new Sequential(new ReLU());
    Sequential outer = new Sequential(new Linear(1, 1), inner);
    List<String> order = new ArrayList<>();
    outer.apply(m -> order.add(m.typeName()));
    assertThat(order).containsExactly("Linear", "ReLU", "Sequential", "Sequential");
  }

  @Test
  void zeroGradSetsGradsToNull() {
    Linear fc = new Linear(2, 1);
    fc.forward(Tensor.ones(1, 2)).sum().backward();
    assertThat(fc.weight().grad()).isNotNull();
    fc.zeroGrad();
    assertThat(fc.parameters()).allMatch(p -> p.grad() == null);
  }

  @Test
  void requiresGradFalseFreezesParameters() {
    Sequential s = new Sequential(new Linear(2, 2), new Linear(2, 1));
    s.get(0).requiresGrad(false);
    s.forward(Tensor.ones(1, 2)).sum().backward();
    assertThat(((Linear) s.get(0)).weight().grad()).isNull();
    assertThat(((Linear) s.get(1)).weight().grad()).isNotNull();
  }

  @Test
  void replacedChildIsUsedByForward() {
    Module net = new TestModels.MultiInput();
    Module old = net.replaceChild("head", new Sequential(new Linear(44, 4), new ReLU(), new Linear(4, 2)));
    assertThat(old).isInstanceOf(Linear.class);
    Tensor out = net.forward(Tensor.rand(3, 1, 8, 8), Tensor.rand(3, 5));
    assertThat(out.shape()).containsExactly(3, 2);
    assertThat(net.stateDict()).containsKeys("head.0.weight", "head.2.bias").doesNotContainKey("head.weight");
  }

  @Test
  void replaceChildReachesIntoSubmodulesByDottedPath() {
    Module net = new TestModels.SmallCNN();
    net.replaceChild("features.2", new LeakyReLU(0.1));
    assertThat(net.getSubmodule("features.2")).isInstanceOf(LeakyReLU.class);
    assertThat(((Sequential) net.child("features")).size()).isEqualTo(7);
  }

  @Test
  void replaceChildOfUnknownNameListsTheChildren() {
    assertThatThrownBy(() -> new TestModels.MultiInput().replaceChild("classifier", new Identity()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MultiInput has no child module 'classifier'").hasMessageContaining("[cnn, fc, head]");
  }

  @Test
  void sequentialIsIndexableAppendableAndIterable() {
    Sequential s = new Sequential(new Linear(1, 6), new Sigmoid());
    s.append(new Linear(6, 1));
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.get(-1)).isInstanceOf(Linear.class);
    assertThat(s).extracting(Module::typeName).containsExactly("Linear", "Sigmoid", "Linear");
    assertThat(s.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    assertThat(s.forward(Tensor.ones(4, 1)).shape()).containsExactly(4, 1);
    assertThatThrownBy(() -> s.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void sequentialFromNamedModulesUsesTheNames() {
    Sequential s = new Sequential(new java.util.LinkedHashMap<>(Map.of("fc", new Linear(2, 2))));
    assertThat(s.stateDict().keySet()).containsExactly("fc.weight", "fc.bias");
    assertThat(s.toString()).isEqualTo("Sequential(\n  (fc): Linear(in_features=2, out_features=2, bias=True)\n)");
  }

  @Test
  void moduleListRegistersItsModulesButHasNoForward() {
    ModuleList list = new ModuleList(new Linear(2, 2), new Linear(2, 2));
    assertThat(list.parameters()).hasSize(4);
    assertThat(list.get(1)).isSameAs(list.get(-1));
    assertThatThrownBy(() -> list.forward(Tensor.ones(1, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ModuleList has no forward (it overrides none of Module's forward methods), but was called with 1 input");
  }

  @Test
  void forwardWithTheWrongArityNamesTheModuleAndItsArity() {
    assertThatThrownBy(() -> new TestModels.MultiInput().forward(Tensor.ones(1, 1, 8, 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("MultiInput.forward takes 2 inputs, but was called with 1 input");
    assertThatThrownBy(() -> new Linear(1, 1).forward(Tensor.ones(1), Tensor.ones(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Linear.forward takes 1 input, but was called with 2 inputs");
  }

  @Test
  void varargsForwardDispatchesToTheOverriddenArity() {
    Tensor out = new TestModels.MultiInput().forward(new Tensor[] {Tensor.rand(2, 1, 8, 8), Tensor.rand(2, 5)});
    assertThat(out.shape()).containsExactly(2, 3);
  }

  @Test
  void moduleOverridingOnlyVarargsForwardServesFixedArities() {
    Module sum3 = new Module() {
      @Override
      public Tensor forward(Tensor... in) {
        Tensor s = in[0];
        for (int i = 1; i < in.length; i++) s = s.add(in[i]);
        return s;
      }
    };
    assertThat(sum3.forward(Tensor.ones(2), Tensor.ones(2)).toFloatArray()).containsExactly(2f, 2f);
  }

  @Test
  void forwardHooksSeeInputsAndOutputAndCanBeRemoved() {
    Linear fc = new Linear(3, 2);
    List<long[]> seen = new ArrayList<>();
    HookHandle h = fc.registerForwardHook((m, in, out) -> seen.add(out.shape()));
    fc.forward(Tensor.ones(4, 3));
    h.remove();
    fc.forward(Tensor.ones(4, 3));
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsExactly(4, 2);
  }

  @Test
  void toDTypeCastsFloatingParametersAndKeepsThemLeavesRequiringGrad() {
    BatchNorm1d bn = new BatchNorm1d(2);
    bn.to(DType.FLOAT64);
    assertThat(bn.weight().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(bn.weight().isLeaf()).isTrue();
    assertThat(bn.weight().requiresGrad()).isTrue();
    assertThat(bn.runningMean().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(bn.numBatchesTracked().dtype()).isEqualTo(DType.INT64);
    assertThat(bn.forward(Tensor.rand(4, 2).to(DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void toDTypeKeepsSharedParametersShared() {
    Tied t = new Tied();
    t.to(DType.FLOAT64);
    assertThat(t.child("a")).isSameAs(t.child("b"));
    assertThat(t.parameter("a.weight")).isSameAs(t.parameter("b.weight"));
  }

  @Test
  void toTheCurrentDeviceKeepsTheSameTensors() {
    Linear fc = new Linear(2, 2);
    Tensor w = fc.weight();
    fc.to(dev.fathom.Device.cpu());
    assertThat(fc.weight()).isSameAs(w);
  }

  @Test
  void registeringANonLeafParameterFails() {
    Tensor computed = Tensor.ones(2).requiresGrad(true).mul(2);
    assertThatThrownBy(() -> new Linear(1, 1).registerParameter("extra", computed))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot assign non-leaf Tensor to parameter 'extra'");
  }

  @Test
  void registeringANameUsedByAnotherKindFails() {
    assertThatThrownBy(() -> new Linear(1, 1).registerBuffer("weight", Tensor.ones(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute 'weight' already exists");
  }

  @Test
  void dottedLookupsReachSubmodules() {
    Module net = new TestModels.SmallCNN();
    assertThat(net.parameter("features.0.weight").shape()).containsExactly(4, 1, 3, 3);
    assertThat(net.buffer("features.1.running_var").shape()).containsExactly(4);
    assertThatThrownBy(() -> net.parameter("features.9.weight")).hasMessageContaining("Sequential has no attribute `9`");
  }

  @Test
  void printsNestedTreesAsPyTorch() {
    Sequential s = new Sequential(new Linear(1, 6), new Sigmoid(), new Sequential(new ReLU(true)), new Sequential());
    assertThat(s.toString()).isEqualTo("""
        Sequential(
          (0): Linear(in_features=1, out_features=6, bias=True)
          (1): Sigmoid()
          (2): Sequential(
            (0): ReLU(inplace=True)
          )
          (3): Sequential()
        )""");
  }

  @Test
  void layerReprsMatchPyTorch() {
    assertThat(new Conv2d(1, 16, 3, Conv2d.options().padding("same")).toString()).isEqualTo("Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=same)");
    assertThat(new Conv2d(3, 3, 3, Conv2d.options().paddingMode("reflect")).toString()).isEqualTo("Conv2d(3, 3, kernel_size=(3, 3), stride=(1, 1), padding_mode=reflect)");
    assertThat(new MaxPool2d(new int[] {2, 3}, MaxPool2d.options()).toString()).isEqualTo("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0, dilation=1, ceil_mode=False)");
    assertThat(new AvgPool2d(2).toString()).isEqualTo("AvgPool2d(kernel_size=2, stride=2, padding=0)");
    assertThat(new AdaptiveAvgPool2d(new int[] {1, 1}).toString()).isEqualTo("AdaptiveAvgPool2d(output_size=(1, 1))");
    assertThat(new Dropout().toString()).isEqualTo("Dropout(p=0.5, inplace=False)");
    assertThat(new Dropout2d(0.2).toString()).isEqualTo("Dropout2d(p=0.2, inplace=False)");
    assertThat(new LeakyReLU(0.2, true).toString()).isEqualTo("LeakyReLU(negative_slope=0.2, inplace=True)");
    assertThat(new BatchNorm1d(3, BatchNorm.options().momentum(null)).toString()).isEqualTo("BatchNorm1d(3, eps=1e-05, momentum=None, affine=True, track_running_stats=True)");
    assertThat(new CrossEntropyLoss(CrossEntropyLoss.options().weight(Tensor.ones(3))).toString()).isEqualTo("CrossEntropyLoss()");
    assertThat(new ConvTranspose2d(100, 64, 4, ConvTranspose2d.options().bias(false)).toString()).isEqualTo("ConvTranspose2d(100, 64, kernel_size=(4, 4), stride=(1, 1), bias=False)");
  }

  @Test
  void anonymousModulesPrintTheirSuperclassName() {
    Module m = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    };
    assertThat(m.toString()).isEqualTo("Module()");
  }
}
