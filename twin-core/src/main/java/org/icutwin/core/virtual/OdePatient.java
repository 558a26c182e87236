package org.icutwin.core.virtual;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.Rk4Integrator;

/**
 * Shared engine of the ODE truth models: inputs, event queue and fixed-step RK4 integration.
 *
 * <p>Integration is split at every input change and at every step of at most {@code maxStepMin}
 * so that {@link #afterStep} can record history. Time-varying parameters enter the derivative
 * as continuous functions of time. A non-finite state aborts with an error naming the time.
 */
abstract class OdePatient implements VirtualPatient {
  private final String id;
  private final List<String> rateChannels;
  private final List<String> bolusChannels;
  private final double[] u;
  private final double[] x;
  private final double maxStepMin;
  private final Rk4Integrator integrator;
  private final List<DoseEvent> pending = new ArrayList<>();
  private double t;

  OdePatient(String id, List<String> rateChannels, List<String> bolusChannels, double[] x0, double maxStepMin) {
    this.id = id;
    this.rateChannels = List.copyOf(rateChannels);
    this.bolusChannels = List.copyOf(bolusChannels);
    this.u = new double[rateChannels.size()];
    this.x = x0.clone();
    this.maxStepMin = maxStepMin;
    this.integrator = new Rk4Integrator(maxStepMin);
  }

  /** dx/dt at time t under rates u. */
  abstract void derivative(double t, double[] x, double[] u, double[] dxdt);

  /** Applies a bolus on channel index {@code channel} to x in place. */
  abstract void bolus(int channel, double amount, double[] x);

  /** True output {@code name} at (t, x); throws for an unknown name. */
  abstract double output(String name, double t, double[] x);

  /** True parameter {@code name} at (t, x); throws for an unknown name. */
  abstract double parameter(String name, double t, double[] x);

  /** Hook after each integration step (history for AUC and the like). */
  void afterStep(double t, double[] x) {}

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final double timeMin() {
    return t;
  }

  @Override
  public final List<String> rateChannels() {
    return rateChannels;
  }

  @Override
  public final List<String> bolusChannels() {
    return bolusChannels;
  }

  @Override
  public final void setRate(String channel, double rate) {
    if (!Double.isFinite(rate) || rate < 0) {
      throw new IllegalArgumentException("rate of " + channel + " must be finite and >= 0, was " + rate);
    }
    u[index(rateChannels, channel)] = rate;
  }

  @Override
  public final double rate(String channel) {
    return u[index(rateChannels, channel)];
  }

  @Override
  public final void giveBolus(String channel, double amount) {
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException("bolus of " + channel + " must be finite and >= 0, was " + amount);
    }
    bolus(index(bolusChannels, channel), amount, x);
  }

  @Override
  public final void follow(DosingSchedule plan) {
    for (DoseEvent e : plan.events()) {
      if (e.timeMin() < t) {
        throw new IllegalArgumentException("event at " + e.timeMin() + " min is before now (" + t + " min)");
      }
      index(e instanceof DoseEvent.Bolus ? bolusChannels : rateChannels, e.channel());
      pending.add(e);
    }
    pending.sort(Comparator.comparingDouble(DoseEvent::timeMin)); // stable: order of adding kept
    applyDue();
  }

  @Override
  public final void advanceTo(double tMin) {
    if (!(tMin >= t) || Double.isInfinite(tMin)) {
      throw new IllegalArgumentException("cannot advance " + id + " from " + t + " to " + tMin + " min");
    }
    while (t < tMin) {
      double next = Math.min(tMin, t + maxStepMin);
      if (!pending.isEmpty()) {
        next = Math.min(next, pending.get(0).timeMin());
      }
      integrator.integrate((tt, xx, d) -> derivative(tt, xx, u, d), t, next, x);
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw new IllegalStateException(id + ": non-finite state " + i + " at t=" + next + " min");
        }
        x[i] = Math.max(0.0, x[i]); // every truth state is an amount or concentration
      }
      t = next;
      afterStep(t, x);
      applyDue();
    }
  }

  @Override
  public final double trueValue(String output) {
    return output(output, t, x);
  }

  @Override
  public final double trueParameter(String name) {
    return parameter(name, t, x);
  }

  /** A copy of the true state (test truth). */
  final double[] state() {
    return x.clone();
  }

  private void applyDue() {
    while (!pending.isEmpty() && pending.get(0).timeMin() <= t) {
      DoseEvent e = pending.remove(0);
      if (e instanceof DoseEvent.RateChange r) {
        setRate(r.channel(), r.rate());
      } else {
        DoseEvent.Bolus b = (DoseEvent.Bolus) e;
        giveBolus(b.channel(), b.amount());
      }
    }
  }

  static int index(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown channel '" + name + "'; channels are " + names);
    }
    return i;
  }

  static IllegalArgumentException unknown(String what, String name, List<String> known) {
    return new IllegalArgumentException("unknown " + what + " '" + name + "'; known are " + known);
  }
}
