package org.icutwin.core.virtual;

import java.util.List;
import org.icutwin.core.simulation.DosingSchedule;

/**
 * A simulated patient whose true state advances under inputs that change at event times.
 *
 * <p>Channels have the names and units of the twin model of the same drug, so a controller's
 * proposal applies directly. Time in minutes; rates per minute. Mutable: one caller owns it.
 * Inputs are piecewise constant between calls; a change is an integration boundary.
 */
public interface VirtualPatient {

  String id();

  /** Current simulation time (min). */
  double timeMin();

  /** Names of the rate inputs, e.g. {@code insulin_iv} (mU/min). */
  List<String> rateChannels();

  /** Names of the bolus inputs, e.g. {@code insulin_bolus} (mU). */
  List<String> bolusChannels();

  /** Names of the true outputs, e.g. {@code glucose} (mmol/L). */
  List<String> outputs();

  /** Names of the true (time-varying) parameters, e.g. {@code SI} (L/(mU·min)). */
  List<String> parameterNames();

  /** Sets a rate input from now on (≥ 0, the channel's unit per minute). */
  void setRate(String channel, double rate);

  /** The rate now running on a channel. */
  double rate(String channel);

  /** Gives a bolus now (≥ 0, in the channel's unit). */
  void giveBolus(String channel, double amount);

  /**
   * Adds background events (nutrition, scheduled doses) applied at their times as the patient
   * advances; events before the current time are rejected.
   */
  void follow(DosingSchedule plan);

  /** Advances the true state to {@code tMin} (≥ {@link #timeMin()}). */
  void advanceTo(double tMin);

  /** The true value of an output now, in its unit. */
  double trueValue(String output);

  /** The true value of a parameter now, in its documented unit. */
  double trueParameter(String name);

  /** A reading of the sensor's output taken now. */
  default Reading read(Sensor sensor) {
    return sensor.read(timeMin(), trueValue(sensor.output()));
  }
}
