package dev.fathom.tck;

/** Placeholder replaced below. */
public abstract class BehaviourConformance extends GradCheckConformance {}
