package dev.fathom.data;

/**
 * One labelled item, as the {@code (sample, target)} tuple torchvision datasets return. The default
 * collate of a {@link DataLoader} turns a list of samples into a {@link Batch} whose
 * {@link Batch#input()} stacks the inputs and whose {@link Batch#label()} stacks the labels.
 *
 * <pre>{@code
 * Sample<Tensor, Long> s = new Sample<>(image, 3L);   // image [1, 28, 28]
 * Tensor x = s.input();
 * long y = s.label();
 * }</pre>
 *
 * <p>For a network with several inputs, make the input a {@code List<Tensor>}: the batch's
 * {@link Batch#inputs()} then holds one stacked tensor per input.
 */
public record Sample<X, Y>(X input, Y label) {}
