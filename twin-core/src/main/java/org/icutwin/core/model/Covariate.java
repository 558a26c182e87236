package org.icutwin.core.model;

/**
 * A patient characteristic that population models use to predict typical parameters.
 *
 * <p>Flags (female sex, haemodialysis, diabetes) are encoded 1 for true and 0 for false.
 */
public enum Covariate {
  WEIGHT_KG("body weight", "kg", 0.3, 500),
  HEIGHT_CM("height", "cm", 20, 260),
  AGE_YEARS("age", "a", 0, 120),
  CREATININE_CLEARANCE_ML_PER_MIN("creatinine clearance", "mL/min", 0, 400),
  FEMALE("female sex", "1", 0, 1),
  HAEMODIALYSIS("haemodialysis", "1", 0, 1),
  DIABETIC("diabetes mellitus", "1", 0, 1);

  private final String label;
  private final String unit;
  private final double min;
  private final double max;

  Covariate(String label, String unit, double min, double max) {
    this.label = label;
    this.unit = unit;
    this.min = min;
    this.max = max;
  }

  public String label() {
    return label;
  }

  /** UCUM unit of the value. */
  public String unit() {
    return unit;
  }

  /** Whether the covariate is a yes/no flag. */
  public boolean isFlag() {
    return "1".equals(unit);
  }

  /** Throws unless {@code value} is a plausible value of this covariate. */
  double requireValid(double value) {
    if (Double.isNaN(value) || value < min || value > max || (isFlag() && value != 0 && value != 1)) {
      throw new IllegalArgumentException(
          label + " " + value + " " + unit + " is outside the accepted range [" + min + ", " + max + "]");
    }
    return value;
  }
}
