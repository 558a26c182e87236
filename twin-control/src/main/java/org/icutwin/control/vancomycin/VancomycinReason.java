package org.icutwin.control.vancomycin;

/** Why a vancomycin recommendation looks the way it does; tests assert on these, not on text. */
public enum VancomycinReason {
  /** No usable level yet: the regimen comes from the covariate-typical (population) model. */
  A_PRIORI_NO_LEVELS,
  /** The model was personalised (MAP-Bayes) from at least one serum level. */
  PERSONALISED_FROM_LEVELS,
  /** At least one level was below the assay's limit of quantification (used censored, Beal M3). */
  LEVEL_BELOW_LOQ_USED_CENSORED,
  /** The MAP fit did not converge; the estimate is the optimiser's best point, to be checked. */
  MAP_NOT_CONVERGED,
  /** A loading dose starts the course (no dose given yet). */
  LOADING_DOSE,
  /** The loading dose was cut by a library limit (per dose, per kg or 24-h total). */
  LOADING_DOSE_LIMITED_BY_LIBRARY,
  /** A larger maintenance dose would have scored better but a library limit forbids it. */
  DOSE_LIMITED_BY_LIBRARY,
  /** The chosen interval is longer than the standard 12 h because clearance is low. */
  INTERVAL_EXTENDED_FOR_LOW_CLEARANCE,
  /** The infusion is longer than 1 h so that it runs at no more than the library's maximum rate. */
  INFUSION_EXTENDED_FOR_RATE_LIMIT,
  /** Even the chosen regimen has P(AUC24 > toxic threshold) above the accepted risk. */
  HIGH_EXPOSURE_RISK,
  /** The chosen regimen's probability of AUC24 in the band is below one half. */
  LOW_PROBABILITY_IN_BAND
}
