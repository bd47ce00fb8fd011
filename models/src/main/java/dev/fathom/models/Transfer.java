package dev.fathom.models;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.optim.ParamGroup;
import dev.fathom.train.LabeledBatch;
import dev.fathom.train.TensorBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Transfer learning with the zoo's models: freezing, replacing the head, parameter groups with
 * their own learning rates, and feature extraction (run the frozen backbone once, cache the
 * features, train a small model on them).
 *
 * <pre>{@code
 * DenseNet model = Models.densenet121(Weights.DENSENET121_IMAGENET1K_V1);
 * Transfer.freeze(model);                                                     // the course's approach 1
 * Transfer.replaceHead(model, new Sequential(new Linear(1024, 256), new ReLU(), new Linear(256, 5)));
 * var opt = new Adam(Transfer.trainableParameters(model), 1e-3);             // only the new head trains
 *
 * Transfer.Features f = Transfer.extractFeatures(model.backbone(), trainLoader);  // approach 2: [N, 1024]
 * List<LabeledBatch> cached = f.batches(64);
 * }</pre>
 */
public final class Transfer {
  private Transfer() {}

  /** Features computed by a backbone, with their labels: {@code features [N, F]}, {@code labels [N]}. */
  public record Features(Tensor features, Tensor labels) {
    public Features {
      if (features.size(0) != labels.size(0)) {
        throw new IllegalArgumentException("Transfer.Features: " + features.size(0) + " feature rows but " + labels.size(0) + " labels");
      }
    }

    /** Batches of {@code batchSize} rows in order (the last may be smaller): a loader for the Trainer. */
    public List<LabeledBatch> batches(int batchSize) {
      return TensorBatch.split(features, labels, batchSize);
    }

    /**
     * A loader for the Trainer: batches of {@code batchSize}, in a new random order (global
     * generator) each time it is iterated when {@code shuffle}, else in order.
     */
    public Iterable<LabeledBatch> loader(int batchSize, boolean shuffle) {
      if (batchSize <= 0) throw new IllegalArgumentException("Transfer.Features.loader: batchSize must be positive, got " + batchSize);
      return () -> (shuffle ? shuffled() : this).batches(batchSize).iterator();
    }

    /** The rows in a random order from the global generator ({@code Fathom.manualSeed}): shuffle once per epoch. */
    public Features shuffled() {
      Tensor perm = Tensor.randperm(features.size(0));
      return new Features(features.indexSelect(0, perm), labels.indexSelect(0, perm));
    }

    public long size() {
      return features.size(0);
    }
  }

  /** Turns gradients off for every parameter of {@code module} ({@code requires_grad_(False)}). */
  public static void freeze(Module module) {
    module.requiresGrad(false);
  }

  /** Turns gradients back on for every parameter of {@code module}. */
  public static void unfreeze(Module module) {
    module.requiresGrad(true);
  }

  /** Freezes everything but the head: afterwards only the head's parameters require grad. */
  public static void freezeBackbone(ImageClassifier model) {
    freeze((Module) model);
    unfreeze(model.head());
  }

  /**
   * Replaces the model's head ({@code fc} or {@code classifier}) with {@code head}, whose
   * parameters require grad (fresh layers do), as {@code model.fc = nn.Linear(512, 5)}; returns
   * the old head. The new head receives {@code [N, model.numFeatures()]} (SqueezeNet: maps
   * {@code [N, 512, h, w]}).
   */
  public static Module replaceHead(ImageClassifier model, Module head) {
    return ((Module) model).replaceChild(model.headName(), head);
  }

  /** The parameters that require grad, in order: what an optimizer needs after freezing. */
  public static List<Tensor> trainableParameters(Module module) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : module.parameters()) if (p.requiresGrad()) out.add(p);
    return out;
  }

  /**
   * Two parameter groups, backbone then head, with their own learning rates (discriminative
   * fine-tuning: a small rate for the pretrained layers, a larger one for the new head). Frozen
   * parameters are left out; a group with no parameters left is left out too.
   *
   * <pre>{@code
   * var opt = new SGD(Transfer.parameterGroups(model, 1e-4, 1e-2), SGD.options().lr(1e-2).momentum(0.9));
   * }</pre>
   */
  public static List<ParamGroup> parameterGroups(ImageClassifier model, double backboneLr, double headLr) {
    Set<Tensor> headParams = Collections.newSetFromMap(new IdentityHashMap<>());
    headParams.addAll(model.head().parameters());
    List<Tensor> backbone = new ArrayList<>();
    for (Tensor p : trainableParameters((Module) model)) if (!headParams.contains(p)) backbone.add(p);
    List<Tensor> head = trainableParameters(model.head());
    List<ParamGroup> groups = new ArrayList<>();
    if (!backbone.isEmpty()) groups.add(ParamGroup.of(backbone).lr(backboneLr));
    if (!head.isEmpty()) groups.add(ParamGroup.of(head).lr(headLr));
    if (groups.isEmpty()) throw new IllegalArgumentException("Transfer.parameterGroups: every parameter of the model is frozen");
    return groups;
  }

  /**
   * Runs {@code backbone} once over {@code batches} (each batch's first input) in eval mode under
   * no-grad, and returns the features with the labels concatenated:
   * {@code features [N, ...]}, {@code labels [N]}. The backbone's training mode is restored.
   */
  public static Features extractFeatures(Module backbone, Iterable<? extends LabeledBatch> batches) {
    List<Tensor> features = new ArrayList<>(), labels = new ArrayList<>();
    boolean training = backbone.isTraining();
    backbone.eval();
    try (var g = Fathom.noGrad()) {
      for (LabeledBatch b : batches) {
        if (b.inputs().size() != 1) throw new IllegalArgumentException("Transfer.extractFeatures: a batch must have one input (images), got " + b.inputs().size());
        features.add(backbone.forward(b.inputs().get(0)));
        labels.add(b.label());
      }
    } finally {
      backbone.train(training);
    }
    if (features.isEmpty()) throw new IllegalArgumentException("Transfer.extractFeatures: no batches");
    return new Features(Tensor.cat(features, 0), Tensor.cat(labels, 0));
  }

  /** {@code backbone} over {@code images [N, 3, H, W]} in chunks of {@code batchSize}, in eval mode under no-grad: {@code [N, ...]}. */
  public static Tensor extractFeatures(Module backbone, Tensor images, int batchSize) {
    if (batchSize <= 0) throw new IllegalArgumentException("Transfer.extractFeatures: batchSize must be positive, got " + batchSize);
    List<Tensor> out = new ArrayList<>();
    boolean training = backbone.isTraining();
    backbone.eval();
    try (var g = Fathom.noGrad()) {
      for (Tensor chunk : images.split(batchSize, 0)) out.add(backbone.forward(chunk));
    } finally {
      backbone.train(training);
    }
    return Tensor.cat(out, 0);
  }
}
