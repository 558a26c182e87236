package org.icutwin.estimation.timeline;

import java.util.Optional;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.UpdateOutcome;

/** Converts a timeline's items and statuses to and from the plain records of {@link TimelineState}. */
final class TimelineCodec {
  private TimelineCodec() {
  }

  static TimelineState.Key key(FilterTimeline.Key k) {
    return new TimelineState.Key(k.time(), k.rank(), k.id());
  }

  static FilterTimeline.Key key(TimelineState.Key k) {
    return new FilterTimeline.Key(k.timeMin(), k.rank(), k.id());
  }

  static TimelineState.Obs obs(Observation o) {
    NoiseModel n = o.noise();
    if (n instanceof NoiseModel.Additive a) {
      return new TimelineState.Obs(o.id(), o.timeMin(), o.measurement(), o.value(), o.kind().name(), "additive",
          a.sd(), Double.NaN, o.source());
    }
    if (n instanceof NoiseModel.Proportional p) {
      return new TimelineState.Obs(o.id(), o.timeMin(), o.measurement(), o.value(), o.kind().name(), "proportional",
          Double.NaN, p.cv(), o.source());
    }
    NoiseModel.Combined c = (NoiseModel.Combined) n;
    return new TimelineState.Obs(o.id(), o.timeMin(), o.measurement(), o.value(), o.kind().name(), "combined", c.sd(),
        c.cv(), o.source());
  }

  static Observation obs(TimelineState.Obs o) {
    NoiseModel noise = switch (o.noise()) {
      case "additive" -> new NoiseModel.Additive(o.noiseSd());
      case "proportional" -> new NoiseModel.Proportional(o.noiseCv());
      case "combined" -> new NoiseModel.Combined(o.noiseSd(), o.noiseCv());
      default -> throw new IllegalArgumentException("observation " + o.id() + ": unknown noise model '" + o.noise()
          + "' (expected additive, proportional or combined)");
    };
    return new Observation(o.id(), o.timeMin(), o.measurement(), o.value(), Observation.Kind.valueOf(o.kind()), noise,
        o.source());
  }

  static TimelineState.Dose dose(DoseEvent d) {
    if (d instanceof DoseEvent.Bolus b) {
      return new TimelineState.Dose("bolus", b.timeMin(), b.channel(), b.amount());
    }
    DoseEvent.RateChange r = (DoseEvent.RateChange) d;
    return new TimelineState.Dose("rate", r.timeMin(), r.channel(), r.rate());
  }

  static DoseEvent dose(TimelineState.Dose d) {
    return switch (d.kind()) {
      case "bolus" -> new DoseEvent.Bolus(d.timeMin(), d.channel(), d.amount());
      case "rate" -> new DoseEvent.RateChange(d.timeMin(), d.channel(), d.amount());
      default -> throw new IllegalArgumentException("unknown dose kind '" + d.kind() + "' (expected bolus or rate)");
    };
  }

  /** @param own the observation the status belongs to, when it is kept beside it (then not repeated) */
  static TimelineState.Status status(ItemStatus s, Observation own) {
    if (s == null) {
      return null;
    }
    TimelineState.Outcome outcome = s.outcome().map(u -> new TimelineState.Outcome(
        own != null && u.observation().equals(own) ? null : obs(u.observation()), u.predicted(), u.innovation(),
        u.innovationVariance(), u.nis(), u.applied())).orElse(null);
    return new TimelineState.Status(s.id(), s.timeMin(), s.applied(), s.reason().map(Enum::name).orElse(null),
        s.detail(), outcome);
  }

  static ItemStatus status(TimelineState.Status s, Observation own) {
    if (s == null) {
      return null;
    }
    Optional<UpdateOutcome> outcome = Optional.empty();
    if (s.outcome() != null) {
      TimelineState.Outcome u = s.outcome();
      Observation o = u.observation() == null ? own : obs(u.observation());
      if (o == null) {
        throw new IllegalArgumentException("status of " + s.id() + " has an outcome without its observation");
      }
      outcome = Optional.of(new UpdateOutcome(o, u.predicted(), u.innovation(), u.innovationVariance(), u.nis(),
          u.applied()));
    }
    return new ItemStatus(s.id(), s.timeMin(), s.applied(),
        s.reason() == null ? Optional.empty() : Optional.of(RejectionReason.valueOf(s.reason())), s.detail(), outcome);
  }
}
