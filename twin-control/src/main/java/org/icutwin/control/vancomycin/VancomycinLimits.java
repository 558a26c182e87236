package org.icutwin.control.vancomycin;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.icutwin.core.druglib.DoseLimits;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.Units;

/**
 * The drug-library limits a vancomycin recommendation must keep, in mg, mg/kg and mg/h; an absent
 * limit is +∞ ("no limit of that kind"), never 0.
 *
 * <p>Per-dose caps are the library's soft maxima when {@code soft} (the controller has no
 * clinician's documented reason to exceed them), else the hard maxima; the rate and 24-h caps are
 * always hard. docs/drug-library.md.
 *
 * @param entryId the library entry, {@code drug@careArea}
 * @param maxDoseMg cap on one dose, mg
 * @param maxDoseMgPerKg cap on one dose per body weight, mg/kg
 * @param maxRateMgPerH cap on the infusion rate of one dose, mg/h
 * @param max24hMg cap on the amount delivered in any 24 h, mg
 */
public record VancomycinLimits(String entryId, double maxDoseMg, double maxDoseMgPerKg, double maxRateMgPerH,
    double max24hMg) {

  /** Tolerance for comparisons, mg: the grid is in whole mg, this only absorbs round-off. */
  private static final double EPS = 1e-6;

  /** Reads the entry's limits, converting units; {@code soft} selects soft per-dose maxima. */
  public static VancomycinLimits of(DrugLibraryEntry entry, boolean soft) {
    if (!"vancomycin".equals(entry.drug())) {
      throw new IllegalArgumentException("library entry " + entry.id() + " is not a vancomycin entry");
    }
    if (entry.dose().isEmpty()) {
      throw new IllegalArgumentException("library entry " + entry.id() + " has no discrete-dose limits");
    }
    double dose = cap(entry.dose().get(), soft, "mg");
    double perKg = entry.dosePerWeight().map(l -> cap(l, soft, "mg/kg")).orElse(Double.POSITIVE_INFINITY);
    double rate = entry.maxInfusionRate().map(q -> Units.convert(q.value(), q.unit(), "mg/h"))
        .orElse(Double.POSITIVE_INFINITY);
    double day = entry.cumulative24hMax().map(q -> Units.convert(q.value(), q.unit(), "mg"))
        .orElse(Double.POSITIVE_INFINITY);
    return new VancomycinLimits(entry.id(), dose, perKg, rate, day);
  }

  private static double cap(DoseLimits l, boolean soft, String unit) {
    OptionalDouble v = soft && l.softMax().isPresent() ? l.softMax() : l.hardMax();
    return v.isPresent() ? Units.convert(v.getAsDouble(), l.unit(), unit) : Double.POSITIVE_INFINITY;
  }

  /** The largest single dose allowed for this weight, mg. */
  public double maxSingleDoseMg(double weightKg) {
    return Math.min(maxDoseMg, maxDoseMgPerKg * weightKg);
  }

  /** The shortest infusion that keeps {@code amountMg} at or below the rate cap, minutes. */
  public double minDurationMin(double amountMg) {
    return Double.isInfinite(maxRateMgPerH) ? 0.0 : amountMg / maxRateMgPerH * 60.0;
  }

  /**
   * Every broken limit in a list of doses (history and plan together), as readable text; empty
   * when all are kept. The 24-h total is the amount actually infused in a sliding 24-h window:
   * a piecewise-linear function of the window start whose maximum lies where a window edge meets
   * an infusion's start or end, so those points are checked exactly.
   */
  public List<String> violations(List<VancomycinDose> doses, double weightKg) {
    var out = new ArrayList<String>();
    for (VancomycinDose d : doses) {
      if (d.amountMg() > maxDoseMg + EPS) {
        out.add("dose at t=" + d.startMin() + " min: " + d.amountMg() + " mg > " + maxDoseMg + " mg");
      }
      if (d.amountMg() > maxDoseMgPerKg * weightKg + EPS) {
        out.add("dose at t=" + d.startMin() + " min: " + d.amountMg() / weightKg + " mg/kg > " + maxDoseMgPerKg
            + " mg/kg");
      }
      if (d.rateMgPerH() > maxRateMgPerH + EPS) {
        out.add("dose at t=" + d.startMin() + " min: " + d.rateMgPerH() + " mg/h > " + maxRateMgPerH + " mg/h");
      }
    }
    double worst = max24hDelivered(doses);
    if (worst > max24hMg + EPS) {
      out.add("up to " + worst + " mg in 24 h > " + max24hMg + " mg");
    }
    return out;
  }

  /**
   * The limits broken by {@code planned} doses given after {@code given} ones, one line per kind of
   * limit with the worst value (e.g. "4000 mg in one dose > max 3500 mg (6 doses)"), for people
   * to read; empty when all are kept. Per-dose limits are checked on the planned doses only, the
   * 24-h total on all.
   */
  public List<String> breachSummary(List<VancomycinDose> given, List<VancomycinDose> planned, double weightKg) {
    var out = new ArrayList<String>();
    perDose(out, planned, VancomycinDose::amountMg, maxDoseMg, "%.0f mg in one dose > max %.0f mg");
    perDose(out, planned, d -> d.amountMg() / weightKg, maxDoseMgPerKg, "%.1f mg/kg in one dose > max %.1f mg/kg");
    perDose(out, planned, VancomycinDose::rateMgPerH, maxRateMgPerH, "%.0f mg/h infusion rate > max %.0f mg/h");
    var all = new ArrayList<>(given);
    all.addAll(planned);
    double worst = max24hDelivered(all);
    if (worst > max24hMg + EPS) {
      out.add(String.format(java.util.Locale.ROOT, "up to %.0f mg in 24 h > max %.0f mg", worst, max24hMg));
    }
    return out;
  }

  private static void perDose(List<String> out, List<VancomycinDose> doses,
      java.util.function.ToDoubleFunction<VancomycinDose> value, double max, String format) {
    double worst = Double.NEGATIVE_INFINITY;
    int count = 0;
    for (VancomycinDose d : doses) {
      double v = value.applyAsDouble(d);
      if (v > max + EPS) {
        count++;
        worst = Math.max(worst, v);
      }
    }
    if (count > 0) {
      out.add(String.format(java.util.Locale.ROOT, format, worst, max) + (count > 1 ? " (" + count + " doses)" : ""));
    }
  }

  /** The largest amount infused in any 24-h window, mg. */
  public static double max24hDelivered(List<VancomycinDose> doses) {
    var starts = new TreeSet<Double>();
    for (VancomycinDose d : doses) {
      starts.add(d.startMin());
      starts.add(d.endMin());
      starts.add(d.startMin() - 1440);
      starts.add(d.endMin() - 1440);
    }
    double worst = 0;
    for (double w : starts) {
      double total = 0;
      for (VancomycinDose d : doses) {
        double overlap = Math.min(d.endMin(), w + 1440) - Math.max(d.startMin(), w);
        if (overlap > 0) {
          total += d.amountMg() * overlap / d.durationMin();
        }
      }
      worst = Math.max(worst, total);
    }
    return worst;
  }
}
