package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.ParamGroup;
import dev.fathom.optim.SGD;
import dev.fathom.tck.TensorAssert;
import dev.fathom.train.LabeledBatch;
import dev.fathom.train.TensorBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Freezing, head replacement, parameter groups, backbones and feature extraction. Tolerances 1e-5 (same ops, same order). */
class TransferTest {
  private static DenseNet smallDenseNet() {
    Fathom.manualSeed(3);
    return new DenseNet(DenseNet.options().growthRate(4).blockConfig(2, 2).numInitFeatures(8).numClasses(10));
  }

  private static Map<String, Tensor> snapshot(Module m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) out.put(e.getKey(), e.getValue().detach().clone());
    return out;
  }

  @Test
  void frozenBackboneParametersDoNotChangeWhileTheNewHeadsDo() {
    DenseNet model = smallDenseNet();
    Transfer.freeze(model);
    Transfer.replaceHead(model, new Sequential(new Linear(model.numFeatures(), 8), new ReLU(), new Linear(8, 3)));
    Map<String, Tensor> before = snapshot(model);
    SGD opt = new SGD(Transfer.trainableParameters(model), SGD.options().lr(0.1).momentum(0.9));
    Tensor x = Tensor.randn(4, 3, 16, 16), y = Tensor.of(new long[] {0, 1, 2, 1}, 4);
    for (int step = 0; step < 3; step++) {
      opt.zeroGrad();
      new CrossEntropyLoss().forward(model.forward(x), y).backward();
      opt.step();
    }
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      boolean changed = !java.util.Arrays.equals(e.getValue().toFloatArray(), before.get(e.getKey()).toFloatArray());
      assertThat(changed).as(e.getKey()).isEqualTo(e.getKey().startsWith("classifier."));
    }
    assertThat(model.parameter("features.conv0.weight").grad()).as("frozen parameters get no gradient").isNull();
  }

  @Test
  void freezeBackboneLeavesOnlyTheHeadTrainable() {
    DenseNet model = smallDenseNet();
    Transfer.freezeBackbone(model);
    assertThat(Transfer.trainableParameters(model)).containsExactlyElementsOf(model.head().parameters());
    Transfer.unfreeze(model);
    assertThat(Transfer.trainableParameters(model)).hasSize(model.parameters().size());
  }

  @Test
  void replaceHeadSwapsTheHeadChildAndReturnsTheOldOne() {
    DenseNet model = smallDenseNet();
    Module old = model.head();
    Linear head = new Linear(model.numFeatures(), 5);
    assertThat(Transfer.replaceHead(model, head)).isSameAs(old);
    assertThat(model.child("classifier")).isSameAs(head);
    assertThat(model.forward(Tensor.randn(2, 3, 16, 16)).shape()).containsExactly(2, 5);
    assertThat(model.stateDict()).containsKeys("classifier.weight", "classifier.bias");
  }

  @Test
  void parameterGroupsGiveTheBackboneAndTheHeadTheirOwnLearningRates() {
    DenseNet model = smallDenseNet();
    List<ParamGroup> groups = Transfer.parameterGroups(model, 1e-4, 1e-2);
    assertThat(groups).hasSize(2);
    assertThat(groups.get(1).params()).containsExactlyElementsOf(model.head().parameters());
    assertThat(groups.get(0).params().size() + groups.get(1).params().size()).isEqualTo(model.parameters().size());
    SGD opt = new SGD(groups, SGD.options().lr(0.5));
    assertThat(opt.getLr(0)).isEqualTo(1e-4);
    assertThat(opt.getLr(1)).isEqualTo(1e-2);

    Transfer.freezeBackbone(model);
    assertThat(Transfer.parameterGroups(model, 1e-4, 1e-2)).singleElement().satisfies(g -> assertThat(g.lr()).isEqualTo(1e-2));
    Transfer.freeze(model);
    assertThatThrownBy(() -> Transfer.parameterGroups(model, 1e-4, 1e-2)).hasMessageContaining("frozen");
  }

  static Stream<String> variants() {
    return Stream.of("resnet_basic", "densenet_small", "mobilenet_v2_small", "vgg_small_bn", "squeezenet1_1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void headOfBackboneFeaturesIsTheModelsOutput(String name) {
    Module model = ModelFixtures.loadVariant(name);
    ImageClassifier c = (ImageClassifier) model;
    model.eval();
    Tensor x = ModelFixtures.io(name).get("input");
    try (var g = Fathom.noGrad()) {
      Tensor features = c.backbone().forward(x);
      Tensor viaHead = name.startsWith("squeezenet")
          ? c.head().forward(model.child("features").forward(x)).flatten(1, -1)
          : c.head().forward(features);
      assertThat(features.shape()).containsExactly(x.size(0), c.numFeatures());
      TensorAssert.assertClose(viaHead, model.forward(x), 1e-5, 1e-5, name + " head(backbone(x))");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void backboneStateDictIsTheModelsWithoutTheHead(String name) {
    Module model = ModelFixtures.build(name, ModelFixtures.variants().getAsJsonObject(name).getAsJsonObject("spec"));
    ImageClassifier c = (ImageClassifier) model;
    List<String> expected = new ArrayList<>();
    for (String k : model.stateDict().keySet()) if (!k.startsWith(c.headName() + ".")) expected.add(k);
    assertThat(c.backbone().stateDict().keySet()).containsExactlyElementsOf(expected);
  }

  @Test
  void extractedFeaturesEqualRunningTheBackboneDirectly() {
    DenseNet model = smallDenseNet();
    Module backbone = model.backbone();
    Tensor images = Tensor.randn(5, 3, 16, 16);
    Tensor labels = Tensor.of(new long[] {4, 3, 2, 1, 0}, 5);
    List<LabeledBatch> batches = TensorBatch.split(images, labels, 2);
    Transfer.Features f = Transfer.extractFeatures(backbone, batches);
    assertThat(backbone.isTraining()).as("training mode restored").isTrue();

    backbone.eval();
    Tensor direct;
    try (var g = Fathom.noGrad()) {
      direct = backbone.forward(images);
    }
    TensorAssert.assertClose(f.features(), direct, 1e-5, 1e-5, "cached features");
    assertThat(f.features().requiresGrad()).isFalse();
    TensorAssert.assertClose(f.labels(), labels, 0, 0, "labels");
    TensorAssert.assertClose(Transfer.extractFeatures(backbone, images, 3), direct, 1e-5, 1e-5, "features of a tensor in chunks");
  }

  @Test
  void aHeadTrainedOnCachedFeaturesLearns() {
    DenseNet model = smallDenseNet();
    Tensor images = Tensor.randn(32, 3, 16, 16);
    Transfer.Features unlabeled = Transfer.extractFeatures(model.backbone(), TensorBatch.split(images, Tensor.zeros(32), 8));
    // labels a linear head can learn: which side of its mean the first feature falls on
    Tensor first = unlabeled.features().select(1, 0);
    Transfer.Features f = new Transfer.Features(unlabeled.features(), first.gt(first.mean().item()).to(dev.fathom.DType.INT64));
    assertThat(f.size()).isEqualTo(32);
    assertThat(f.batches(10)).hasSize(4);
    Fathom.manualSeed(5);
    Linear head = new Linear(model.numFeatures(), 2);
    SGD opt = new SGD(head.parameters(), 0.5);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    double before = loss.forward(head.forward(f.features()), f.labels()).item();
    for (int epoch = 0; epoch < 30; epoch++) {
      for (LabeledBatch b : f.shuffled().batches(8)) {
        opt.zeroGrad();
        loss.forward(head.forward(b.inputs().get(0)), b.label()).backward();
        opt.step();
      }
    }
    assertThat(loss.forward(head.forward(f.features()), f.labels()).item()).isLessThan(before * 0.5);
  }
}
