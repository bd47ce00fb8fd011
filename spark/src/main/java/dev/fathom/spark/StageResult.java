package dev.fathom.spark;

import java.io.Serializable;

/**
 * What one worker sends back from a stage or round.
 *
 * @param rank the worker
 * @param lossSum the sum over its samples of the loss (mean loss times batch size, per step)
 * @param samples samples it trained on
 * @param steps steps it took part in
 * @param state its model and optimizer state (worker 0 in synchronous mode; every worker that
 *     trained in a parameter-averaging round), or null
 * @param stepNanos time in its steps, all-reduce included
 * @param allReduceNanos time in the all-reduce
 */
record StageResult(int rank, double lossSum, long samples, int steps, byte[] state, long stepNanos, long allReduceNanos) implements Serializable {}
