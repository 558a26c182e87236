package org.icutwin.estimation.identifiability;

/** The coordinates in which sensitivities are taken: ∂y/∂θ or ∂y/∂log θ. */
public enum ParameterScale {
  /** ∂y/∂θ: absolute units; a parameter of value 0 is allowed. */
  NATURAL,
  /**
   * ∂y/∂log θ = θ·∂y/∂θ: relative changes, unit-free and comparable across parameters; the scale
   * of MAP's η and of log-normal priors. θ must be positive.
   */
  LOG
}
