/**
 * Neural-network building blocks with PyTorch's names: {@code Module}, layers, losses,
 * initialisation, state dicts and the model summary.
 */
package dev.fathom.nn;
