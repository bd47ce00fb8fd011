package dev.fathom.tck;

/** Placeholder replaced below. */
public abstract class DifferentialConformance extends BehaviourConformance {}
