package dev.fathom.tck;

/**
 * The backend conformance suite. A backend module's tests extend this class and say which backend
 * to test; every test of the suite then runs on it:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceTest {
 *   @Override protected Backend createBackend() { return new MyBackend(); }
 * }
 * }</pre>
 *
 * The suite is a chain of abstract classes, one per concern: {@link FixtureConformance} (every op
 * against PyTorch's values and gradients), {@link GradCheckConformance} (finite differences),
 * {@link BehaviourConformance} (views, factories, autograd rules, printing, bad input),
 * {@link DifferentialConformance} (random shapes and views against the scalar reference) and
 * {@link BatchNormConformance} (the per-channel batch-norm methods against a double reference).
 */
public abstract class BackendConformanceTest extends BatchNormConformance {}
