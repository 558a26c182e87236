package org.icutwin.control.twin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sensor classes the twins tell apart ({@link TwinObservation#sensorClass()}). A reading's class
 * selects its measurement noise and, for glucose, how the hypoglycaemia protocol treats it: a {@code cgm} low is checked against blood
 * and waits for a blood glucose before dextrose, while a {@code lab} or {@code poc} low is blood and
 * acted on at once. A misspelt class would silently turn a CGM into blood, so the gateway's codes
 * and a device's registration take one of these or are refused.
 */
public final class SensorClasses {

  /** Laboratory analyser (blood), the default for laboratory codes. */
  public static final String LAB = "lab";
  /** Point-of-care meter on capillary or arterial blood. */
  public static final String POC = "poc";
  /** Continuous glucose monitor (interstitial fluid). */
  public static final String CGM = "cgm";
  /** Invasive arterial pressure. */
  public static final String ARTERIAL_LINE = "arterial-line";
  /** Non-invasive (oscillometric cuff) pressure. */
  public static final String CUFF = "cuff";
  /** A bedside monitor's other vital signs (heart rate, SpO2). */
  public static final String MONITOR = "monitor";

  /** Every known class, in the order error messages list them. */
  public static final List<String> KNOWN = List.of(LAB, POC, CGM, ARTERIAL_LINE, CUFF, MONITOR);

  private SensorClasses() {
  }

  /** The known class {@code name} denotes, ignoring case and surrounding blanks; empty if none. */
  public static Optional<String> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    return KNOWN.contains(n) ? Optional.of(n) : Optional.empty();
  }
}
