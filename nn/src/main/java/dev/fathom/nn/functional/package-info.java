/**
 * Stateless forms of the layers and losses ({@link dev.fathom.nn.functional.F}), as
 * {@code torch.nn.functional}; the modules in {@code dev.fathom.nn} delegate here.
 */
package dev.fathom.nn.functional;
