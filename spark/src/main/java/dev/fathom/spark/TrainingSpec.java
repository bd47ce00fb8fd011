package dev.fathom.spark;

import dev.fathom.nn.Module;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything a worker needs to build and drive its replica, shipped with each stage.
 *
 * @param model builds the model (its initial values are replaced by the broadcast state)
 * @param optimizer builds the optimizer over the model's parameters
 * @param loss builds the loss module; its output must be the batch mean (PyTorch's default reduction)
 * @param format collates samples into batches
 * @param plan the data order and sharding
 * @param clipGradNorm clips the averaged gradients' total 2-norm before each step (0 = off)
 * @param timeout how long a worker waits for a silent peer
 * @param bindHost the address workers listen on for the ring, or null for the executor's address
 */
record TrainingSpec(SerializableSupplier<Module> model, OptimizerFactory optimizer, SerializableSupplier<Module> loss,
    SampleFormat format, EpochPlan plan, double clipGradNorm, Duration timeout, String bindHost) implements Serializable {}
