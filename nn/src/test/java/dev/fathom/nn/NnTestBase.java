package dev.fathom.nn;

/** Marker so the test source root exists before the first test lands. */
final class NnTestBase {
  private NnTestBase() {}
}
