package org.icutwin.core.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The covariates known for one patient. Absence is explicit: a missing covariate is never
 * replaced by a default, and a parameter that needs it fails naming it.
 */
public final class Covariates {
  private static final Covariates NONE = new Covariates(new EnumMap<>(Covariate.class));

  private final Map<Covariate, Double> values;

  private Covariates(EnumMap<Covariate, Double> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static Covariates none() {
    return NONE;
  }

  /** A copy with {@code covariate} set; the value is range-checked. */
  public Covariates with(Covariate covariate, double value) {
    var copy = values.isEmpty() ? new EnumMap<Covariate, Double>(Covariate.class) : new EnumMap<>(values);
    copy.put(covariate, covariate.requireValid(value));
    return new Covariates(copy);
  }

  public Covariates with(Covariate flag, boolean value) {
    if (!flag.isFlag()) {
      throw new IllegalArgumentException(flag.label() + " is a value, not a yes/no flag");
    }
    return with(flag, value ? 1.0 : 0.0);
  }

  public Covariates weightKg(double kg) {
    return with(Covariate.WEIGHT_KG, kg);
  }

  public Covariates creatinineClearanceMlPerMin(double mlPerMin) {
    return with(Covariate.CREATININE_CLEARANCE_ML_PER_MIN, mlPerMin);
  }

  public OptionalDouble get(Covariate covariate) {
    Double v = values.get(covariate);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The value, or an error naming the covariate and who needs it. */
  public double require(Covariate covariate, String neededBy) {
    Double v = values.get(covariate);
    if (v == null) {
      throw new MissingCovariateException(covariate, neededBy);
    }
    return v;
  }

  public Map<Covariate, Double> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Covariates c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Covariates" + values;
  }

  /** A covariate required by a parameter is missing. */
  public static final class MissingCovariateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Covariate covariate;

    MissingCovariateException(Covariate covariate, String neededBy) {
      super("covariate " + covariate + " (" + covariate.label() + ", " + covariate.unit() + ") is required by "
          + neededBy + " but was not given");
      this.covariate = covariate;
    }

    public Covariate covariate() {
      return covariate;
    }
  }
}
