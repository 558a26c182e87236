package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.server.cluster.CborSerializable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TwinState written as a snapshot through Pekko's CBOR serializer and read back continues exactly
 * as the live state; a snapshot of another format version is refused while deserialising (which
 * the snapshot store turns into a full journal replay); the estimate series keeps the newest 5,000.
 */
class TwinSnapshotTest {

  static ActorSystem system;
  static Serialization serialization;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("snapshot-test", ConfigFactory.parseMap(Map.of(
        "pekko.actor.serialization-bindings.\"" + CborSerializable.class.getName() + "\"", "jackson-cbor"))
        .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static TwinState admitted() {
    TwinState s = new TwinState(TwinStateReplayTest.LIBRARY);
    s.apply(new TwinEvent.Admitted(T0, "admin", "p1", "ICU-1", "NOREPINEPHRINE_MAP", "adult-icu",
        Map.of("WEIGHT_KG", 70.0), T0, null, null, null));
    return s;
  }

  static final Instant T0 = TwinStateReplayTest.T0;

  private static void feed(TwinState s, int fromMin, int toMin, long seed) {
    Random rnd = new Random(seed);
    for (int m = fromMin; m <= toMin; m++) {
      Instant t = T0.plus(Duration.ofMinutes(m));
      double v = 62 + 3 * rnd.nextGaussian();
      TwinObservation o = new TwinObservation("m" + m, t, "map", "arterial-line", v, false);
      ItemResult r = s.preApply(o);
      s.apply(new TwinEvent.ObservationRecorded(t, "art", o.id(), "art", "MQTT", "http://loinc.org|8478-0", "map",
          "arterial-line", v, "mm[Hg]", false, t, t, r.applied(), r.reason(), r.detail()));
    }
  }

  private static byte[] write(TwinSnapshot snapshot) {
    return serialization.serialize(snapshot).get();
  }

  private static Object read(byte[] bytes) {
    var serializer = serialization.findSerializerFor(new TwinSnapshot(TwinSnapshot.FORMAT_VERSION, 0, null, null,
        null, List.of(), List.of(), List.of(), T0, T0, T0, List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), null, 0, List.of(), List.of()));
    return serialization.deserialize(bytes, serializer.identifier(), TwinSnapshot.class.getName()).get();
  }

  @Test
  void aSnapshotReadBackThroughPekkosSerializerContinuesExactlyAsTheLiveState() {
    TwinState live = admitted();
    feed(live, 1, 300, 5);
    live.apply(new TwinEvent.ParametersUpdated(T0, "twin", T0.plus(Duration.ofMinutes(300)),
        new TwinEvent.Estimated("map", "mm[Hg]", 62, 60, 64), List.of(), List.of()));
    live.apply(new TwinEvent.AlertRaised(T0, "twin", "a1", "DATA_STALE", "warning", "no MAP"));
    live.apply(new TwinEvent.AlertRaised(T0, "twin", "a2", "DRIFT", "warning", "drift"));
    live.apply(new TwinEvent.AlertAcknowledged(T0.plusSeconds(60), "dr-lee", "a1", "CLINICIAN", "line flushed"));
    live.apply(new TwinEvent.AlertAcknowledged(T0.plusSeconds(90), "dr-kim", "a1", "CLINICIAN", "again"));
    live.apply(new TwinEvent.AlertAcknowledged(T0.plusSeconds(90), "dr-kim", "zz", "CLINICIAN", "unknown alert"));
    assertThat(live.acknowledgements()).containsOnlyKeys("a1");
    assertThat(live.acknowledgements().get("a1").by()).as("the first acknowledgement stands").isEqualTo("dr-lee");
    byte[] bytes = write(live.toSnapshot());
    TwinState restored = TwinState.fromSnapshot(TwinStateReplayTest.LIBRARY, (TwinSnapshot) read(bytes));
    assertThat(restored.acknowledgements()).isEqualTo(live.acknowledgements());
    assertThat(restored.eventCount()).isEqualTo(live.eventCount());
    assertThat(restored.points()).isEqualTo(live.points());
    assertThat(restored.estimates(null, null)).isEqualTo(live.estimates(null, null));
    assertThat(restored.watermark()).isEqualTo(live.watermark());
    feed(live, 301, 360, 6);
    feed(restored, 301, 360, 6);
    Instant now = T0.plus(Duration.ofMinutes(360));
    assertThat(restored.twin().describe(now)).isEqualTo(live.twin().describe(now));
    // Proposals are compared in TwinExportTest and SnapshotRecoveryTest.
    assertThat(restored.twin().forecast(now, Duration.ofHours(2))).isEqualTo(live.twin().forecast(now,
        Duration.ofHours(2)));
  }

  @Test
  void aSnapshotOfAnotherFormatVersionIsRefusedWhileDeserialising() throws Exception {
    TwinState live = admitted();
    feed(live, 1, 20, 7);
    byte[] bytes = write(live.toSnapshot());
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    ObjectNode tree = (ObjectNode) cbor.readTree(bytes);
    tree.put("formatVersion", TwinSnapshot.FORMAT_VERSION + 1);
    byte[] future = cbor.writeValueAsBytes(tree);
    assertThatThrownBy(() -> read(future)).hasStackTraceContaining("twin snapshot format version "
        + (TwinSnapshot.FORMAT_VERSION + 1) + " cannot be read");
    ((ObjectNode) tree.get("twin")).put("formatVersion", 99);
    tree.put("formatVersion", TwinSnapshot.FORMAT_VERSION);
    byte[] oldTwin = cbor.writeValueAsBytes(tree);
    assertThatThrownBy(() -> read(oldTwin)).hasStackTraceContaining("twin export of format version 99");
    // A twin of another kind than the admission (which restore would refuse mid-recovery) is also
    // refused here, so the snapshot is skipped and the journal replayed.
    ((ObjectNode) tree.get("twin")).put("formatVersion", org.icutwin.control.twin.TwinExport.FORMAT_VERSION);
    ((ObjectNode) tree.get("twin")).put("kind", "GLUCOSE_INSULIN");
    byte[] otherKind = cbor.writeValueAsBytes(tree);
    assertThatThrownBy(() -> read(otherKind)).hasStackTraceContaining("holds a GLUCOSE_INSULIN twin but the admission "
        + "is for a NOREPINEPHRINE_MAP twin");
  }

  @Test
  void theEstimateSeriesKeepsTheNewest5000Points() {
    TwinState s = admitted();
    for (int i = 0; i < TwinState.MAX_ESTIMATES + 250; i++) {
      s.apply(new TwinEvent.ParametersUpdated(T0, "twin", T0.plus(Duration.ofMinutes(5L * i)),
          new TwinEvent.Estimated("map", "mm[Hg]", 65, 60, 70), List.of(), List.of()));
    }
    List<TwinEvent.ParametersUpdated> all = s.estimates(null, null);
    assertThat(all).hasSize(TwinState.MAX_ESTIMATES);
    assertThat(all.get(0).dataTime()).isEqualTo(T0.plus(Duration.ofMinutes(5L * 250)));
    assertThat(s.estimateDue(all.get(all.size() - 1).dataTime().plus(Duration.ofMinutes(4)), Duration.ofMinutes(5)))
        .isFalse();
    assertThat(s.estimateDue(all.get(all.size() - 1).dataTime().plus(Duration.ofMinutes(5)), Duration.ofMinutes(5)))
        .isTrue();
  }
}
