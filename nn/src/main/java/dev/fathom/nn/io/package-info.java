/**
 * Tensor files: state dicts and checkpoints in safetensors ({@link dev.fathom.nn.io.SafeTensors}, the
 * native format) and in PyTorch's {@code .pt}/{@code .pth} format ({@link dev.fathom.nn.io.TorchFiles},
 * read through a restricted unpickler that never executes anything). Both {@code torch.save}
 * layouts since PyTorch 0.4 are read (zip, and the legacy single pickle stream); the tar-based files
 * of older versions are refused with a {@link dev.fathom.nn.io.TensorFileException} that says to
 * re-save them with a newer {@code torch.save}.
 *
 * <p>Every save is atomic: the data goes to a temporary file in the target's directory, is flushed to
 * disk, and then renamed over the target, so a crash mid-save leaves the previous file intact.
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), model.stateDict());
 * Map<String, Tensor> sd = TorchFiles.loadStateDict(Path.of("resnet18.pth"));
 * }</pre>
 */
package dev.fathom.nn.io;
