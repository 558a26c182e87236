package org.icutwin.server.twin;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.server.cluster.CborSerializable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement run by hand, not a test (docs/performance.md): the snapshot of a norepinephrine twin
 * after 24 h of 1-Hz MAP (86,400 observations) in bytes, and the time to rebuild the state from the
 * snapshot versus from its 86,400 journal events (the events already decoded: the database read is
 * not included in either).
 *
 * <pre>./mvnw -B -q -ntp -pl twin-server -am verify -Dtest=SnapshotFootprint -Dsurefire.failIfNoSpecifiedTests=false -Dicutwin.footprint=true</pre>
 */
@EnabledIfSystemProperty(named = "icutwin.footprint", matches = "true")
class SnapshotFootprint {

  @Test
  void measure() {
    ActorSystem system = ActorSystem.create("footprint", ConfigFactory.parseMap(Map.of(
        "pekko.actor.serialization-bindings.\"" + CborSerializable.class.getName() + "\"", "jackson-cbor"))
        .withFallback(ConfigFactory.load()));
    try {
      Serialization serialization = SerializationExtension.get(system);
      Instant t0 = TwinStateReplayTest.T0;
      List<TwinEvent> journal = new ArrayList<>();
      TwinState live = new TwinState(TwinStateReplayTest.LIBRARY);
      TwinEvent admitted = new TwinEvent.Admitted(t0, "admin", "p1", "ICU-1", "NOREPINEPHRINE_MAP", "adult-icu",
          Map.of("WEIGHT_KG", 70.0), t0, null, null, null);
      live.apply(admitted);
      journal.add(admitted);
      Random rnd = new Random(24);
      long liveStart = System.nanoTime();
      for (int s = 1; s <= 86_400; s++) {
        Instant t = t0.plusSeconds(s);
        double v = 66 + 2 * Math.sin(s / 3600.0) + 3 * rnd.nextGaussian();
        TwinObservation o = new TwinObservation("m" + s, t, "map", "arterial-line", v, false);
        ItemResult r = live.preApply(o);
        TwinEvent e = new TwinEvent.ObservationRecorded(t, "art-1", o.id(), "art-1", "MQTT",
            "http://loinc.org|8478-0", "map", "arterial-line", v, "mm[Hg]", false, t, t, r.applied(), r.reason(),
            r.detail());
        live.apply(e);
        journal.add(e);
      }
      double liveS = (System.nanoTime() - liveStart) / 1e9;
      long eventBytes = 0;
      for (TwinEvent e : journal) {
        eventBytes += serialization.serialize(e).get().length;
      }
      long t1 = System.nanoTime();
      TwinSnapshot snapshot = live.toSnapshot();
      byte[] bytes = serialization.serialize(snapshot).get();
      double writeMs = (System.nanoTime() - t1) / 1e6;
      int serializerId = serialization.findSerializerFor(snapshot).identifier();
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long a = System.nanoTime();
        TwinSnapshot read = (TwinSnapshot) serialization.deserialize(bytes, serializerId,
            TwinSnapshot.class.getName()).get();
        TwinState.fromSnapshot(TwinStateReplayTest.LIBRARY, read);
        best = Math.min(best, (System.nanoTime() - a) / 1e6);
      }
      long r0 = System.nanoTime();
      TwinState replayed = new TwinState(TwinStateReplayTest.LIBRARY);
      journal.forEach(replayed::apply);
      double replayS = (System.nanoTime() - r0) / 1e9;
      var tl = live.twin().exportState().infusion().timeline();
      System.out.printf(java.util.Locale.ROOT, "FOOTPRINT events=%d journalBytes=%d liveFeed=%.1fs snapshotBytes=%d"
          + " snapshotWrite=%.0fms restoreFromSnapshot=%.0fms fullReplay=%.1fs timelineLog=%d checkpoints=%d points=%d%n",
          journal.size(), eventBytes, liveS, bytes.length, writeMs, best, replayS, tl.log().size(),
          tl.checkpoints().size(), live.points().size());
    } finally {
      system.terminate();
    }
  }
}
