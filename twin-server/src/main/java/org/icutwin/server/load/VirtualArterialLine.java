package org.icutwin.server.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * A virtual arterial line: mean arterial pressure in mm[Hg] around a per-patient baseline
 * (uniform 62-82), a slow 10-minute oscillation of ±4 and white measurement noise (SD 2), clipped
 * to 30-150, encoded as the observation JSON of docs/mqtt.md (MDC 150039 with its LOINC 8478-0).
 * One publishing thread at a time (the scheduler never runs one device's task concurrently).
 */
final class VirtualArterialLine {

  private static final double OSCILLATION_PERIOD_SECONDS = 600;

  final String deviceId;
  final String topic;
  private final Random random;
  private final double baselineMmHg;
  private final double phaseRadians;
  private long sequence;

  VirtualArterialLine(String deviceId, long seed) {
    this.deviceId = deviceId;
    this.topic = "icutwin/v1/devices/" + deviceId + "/observations";
    this.random = new Random(seed);
    this.baselineMmHg = 62 + 20 * random.nextDouble();
    this.phaseRadians = 2 * Math.PI * random.nextDouble();
  }

  /** The next observation at {@code now}, as JSON bytes. */
  byte[] next(Instant now, ObjectMapper json) throws com.fasterxml.jackson.core.JsonProcessingException {
    double t = now.toEpochMilli() / 1000.0;
    double map = baselineMmHg + 4 * Math.sin(2 * Math.PI * t / OSCILLATION_PERIOD_SECONDS + phaseRadians)
        + 2 * random.nextGaussian();
    map = Math.max(30, Math.min(150, Math.round(map * 10) / 10.0));
    ObjectNode o = json.createObjectNode();
    o.put("version", 1);
    o.put("messageId", deviceId + ":" + (++sequence));
    o.put("deviceId", deviceId);
    o.put("effectiveTime", now.truncatedTo(ChronoUnit.MILLIS).toString());
    var code = o.putArray("code");
    code.addObject().put("system", "urn:iso:std:iso:11073:10101").put("code", "150039");
    code.addObject().put("system", "http://loinc.org").put("code", "8478-0");
    o.put("value", map);
    o.put("unit", "mm[Hg]");
    return json.writeValueAsBytes(o);
  }
}
