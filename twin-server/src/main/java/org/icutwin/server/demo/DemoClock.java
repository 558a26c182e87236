package org.icutwin.server.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code factor} times faster than the wall clock from the moment it is made:
 * the demo's data time. Live use keeps the system clock (factor 1 is the wall clock).
 */
public final class DemoClock extends Clock {

  private final Clock wall;
  private final Instant origin;
  private final double factor;

  public DemoClock(Clock wall, double factor) {
    if (!(factor >= 1) || factor > 3600) {
      throw new IllegalArgumentException("time acceleration must be in [1, 3600], was " + factor);
    }
    this.wall = wall;
    this.origin = wall.instant();
    this.factor = factor;
  }

  public double factor() {
    return factor;
  }

  @Override
  public Instant instant() {
    long elapsedMs = wall.millis() - origin.toEpochMilli();
    return origin.plusMillis(Math.round(elapsedMs * factor));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
