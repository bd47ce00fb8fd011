package dev.fathom.models;

import dev.fathom.nn.Module;

/**
 * What every model of the zoo has: a backbone that turns images into features, and a head (one
 * child module) that turns the features into class scores. {@link Transfer} uses it to freeze,
 * replace the head and extract features.
 *
 * <table>
 * <caption>Heads and feature widths</caption>
 * <tr><th>model</th><th>head</th><th>{@link #numFeatures()}</th></tr>
 * <tr><td>ResNet</td><td>{@code fc}</td><td>512 (18, 34), 2048 (50, 101)</td></tr>
 * <tr><td>DenseNet</td><td>{@code classifier}</td><td>1024 (121), 1664 (169)</td></tr>
 * <tr><td>VGG</td><td>{@code classifier}</td><td>25088 = 512 * 7 * 7</td></tr>
 * <tr><td>AlexNet</td><td>{@code classifier}</td><td>9216 = 256 * 6 * 6</td></tr>
 * <tr><td>MobileNetV2</td><td>{@code classifier}</td><td>1280</td></tr>
 * <tr><td>SqueezeNet</td><td>{@code classifier}</td><td>512 (the head gets {@code [N, 512, h, w]} maps)</td></tr>
 * </table>
 *
 * <pre>{@code
 * ResNet model = Models.resnet18();
 * Module features = model.backbone();               // [N, 3, 224, 224] -> [N, 512]
 * model.replaceChild(model.headName(), new Linear(model.numFeatures(), 5));
 * }</pre>
 */
public interface ImageClassifier {
  /** The name of the head child ({@code "fc"} for ResNet, {@code "classifier"} otherwise). */
  String headName();

  /**
   * The model without its head, as a {@code Sequential} of the model's own child modules (shared,
   * not copied: training the backbone trains the model) plus the pooling and flattening the model's
   * forward does before its head: images {@code [N, 3, H, W]} to features
   * {@code [N, numFeatures()]} (except SqueezeNet, which pools its maps to {@code [N, 512]} here).
   * Its state-dict keys are the model's without the head's.
   */
  Module backbone();

  /** The width of the features the head receives. */
  int numFeatures();

  /** The head module (the model's child {@link #headName()}). */
  default Module head() {
    return ((Module) this).child(headName());
  }
}
