package org.icutwin.control.whatif;

/**
 * One joint draw from the posterior: a physical state and the full parameter vector.
 *
 * @param state model states in their units, within their physical bounds
 * @param theta all model parameters, natural scale (estimated ones drawn, the rest fixed)
 */
public record PosteriorDraw(double[] state, double[] theta) {
  public PosteriorDraw {
    state = state.clone();
    theta = theta.clone();
  }

  @Override
  public double[] state() {
    return state.clone();
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }
}
