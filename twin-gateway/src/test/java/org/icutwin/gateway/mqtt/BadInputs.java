package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.TestDirectories;

/**
 * One refused message per class of bad input, each on its own device's topic so that its error
 * report can be found by topic. Shared by the handler test and the end-to-end Mosquitto test.
 */
final class BadInputs {

  /**
   * @param name what is wrong
   * @param reason the reason the server must give
   * @param topic where it is published
   * @param messageId the id the error report must carry, or null when the payload has none readable
   */
  record Case(String name, RejectReason reason, String topic, byte[] payload, String messageId) {
    @Override
    public String toString() {
      return reason + ": " + name;
    }
  }

  static final String UNBOUND = "idle-1";
  static final String UNREGISTERED = "ghost-1";

  private BadInputs() {
  }

  /** Registers and binds the devices the cases use (all but the unbound and unregistered ones). */
  static TestDirectories directories(TestDirectories dirs) {
    for (int i = 0; i < cases().size(); i++) {
      dirs.device(device(i), "cgm").bind(device(i), "p1");
    }
    dirs.device("good-1", "cgm").bind("good-1", "p1");
    return dirs.device(UNBOUND, "cgm");
  }

  static String device(int i) {
    return String.format("bad-%02d", i);
  }

  static List<Case> cases() {
    Instant at = Instant.now().minusSeconds(30);
    List<Case> c = new ArrayList<>();
    c.add(obs(c, "truncated JSON", RejectReason.MALFORMED_JSON, d -> null, "{\"version\":1,", false));
    c.add(obs(c, "a JSON array, not an object", RejectReason.MALFORMED_JSON, d -> null, "[1,2]", false));
    c.add(obs(c, "unit missing", RejectReason.SCHEMA_VIOLATION, n -> strip(n, "unit"), null, true));
    c.add(obs(c, "value as a numeric string", RejectReason.SCHEMA_VIOLATION, n -> n.put("value", "7.4"), null, true));
    c.add(obs(c, "misspelt field", RejectReason.SCHEMA_VIOLATION, n -> n.put("belowLOQ", true), null, true));
    c.add(obs(c, "time without offset", RejectReason.SCHEMA_VIOLATION,
        n -> n.put("effectiveTime", "2026-11-22T10:00:00"), null, true));
    c.add(obs(c, "empty code list", RejectReason.SCHEMA_VIOLATION, n -> withEmptyCodes(n), null, true));
    c.add(obs(c, "version 2", RejectReason.UNSUPPORTED_VERSION, n -> n.put("version", 2), null, true));
    c.add(obs(c, "value \"NaN\"", RejectReason.NOT_FINITE, n -> n.put("value", "NaN"), null, true));
    c.add(obs(c, "bare NaN token", RejectReason.NOT_FINITE, n -> null, "{\"version\":1,\"messageId\":\"%ID%\","
        + "\"deviceId\":\"%DEV%\",\"effectiveTime\":\"" + at + "\",\"code\":{\"system\":\"http://loinc.org\","
        + "\"code\":\"99504-3\"},\"value\":NaN,\"unit\":\"mmol/L\"}", true));
    c.add(obs(c, "overflowing number", RejectReason.NOT_FINITE, n -> null, "{\"version\":1,\"messageId\":\"%ID%\","
        + "\"deviceId\":\"%DEV%\",\"effectiveTime\":\"" + at + "\",\"code\":{\"system\":\"http://loinc.org\","
        + "\"code\":\"99504-3\"},\"value\":1e999,\"unit\":\"mmol/L\"}", true));
    c.add(obs(c, "payload names another device", RejectReason.DEVICE_MISMATCH, n -> n.put("deviceId", "good-1"),
        null, true));
    c.add(obs(c, "unknown LOINC code", RejectReason.UNKNOWN_CODE, n -> code(n, "0000-0"), null, true));
    c.add(obs(c, "unit not UCUM", RejectReason.UNKNOWN_UNIT, n -> n.put("unit", "mmol per litre"), null, true));
    c.add(obs(c, "unit of another dimension", RejectReason.WRONG_UNIT, n -> n.put("unit", "mm[Hg]"), null, true));
    c.add(obs(c, "glucose of 900 mmol/L", RejectReason.OUT_OF_RANGE, n -> n.put("value", 900.0), null, true));
    c.add(obs(c, "time 10 min ahead", RejectReason.FUTURE_TIMESTAMP,
        n -> n.put("effectiveTime", Instant.now().plus(Duration.ofMinutes(10)).toString()), null, true));
    c.add(onDevice(c, UNREGISTERED, "device not registered", RejectReason.UNKNOWN_DEVICE));
    c.add(onDevice(c, UNBOUND, "device bound to nobody", RejectReason.DEVICE_NOT_BOUND));
    int i = c.size();
    ObjectNode drug = Fixtures.insulinRate(id(i), device(i), at, 2.0).put("drug", "heparinx");
    c.add(new Case("drug not in the library", RejectReason.UNKNOWN_DRUG, adminTopic(i), Fixtures.bytes(drug), id(i)));
    i = c.size();
    ObjectNode kind = Fixtures.insulinRate(id(i), device(i), at, 2.0).put("kind", "infusion");
    c.add(new Case("kind neither rate nor bolus", RejectReason.SCHEMA_VIOLATION, adminTopic(i), Fixtures.bytes(kind),
        id(i)));
    i = c.size();
    ObjectNode inf = Fixtures.insulinRate(id(i), device(i), at, 2.0).put("amount", "Infinity");
    c.add(new Case("amount \"Infinity\"", RejectReason.NOT_FINITE, adminTopic(i), Fixtures.bytes(inf), id(i)));
    i = c.size();
    c.add(new Case("FHIR resource the reader refuses", RejectReason.INVALID_FHIR, fhirTopic(i),
        "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8), null));
    i = c.size();
    c.add(new Case("FHIR resource naming another device", RejectReason.DEVICE_MISMATCH, fhirTopic(i),
        FakeFhirReader.observation(id(i), "good-1", at, 6.0), id(i)));
    i = c.size();
    c.add(new Case("FHIR Bundle without entries", RejectReason.UNSUPPORTED_RESOURCE, fhirTopic(i),
        "{\"resourceType\":\"Bundle\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8), null));
    return List.copyOf(c);
  }

  private static Case obs(List<Case> c, String name, RejectReason reason, UnaryOperator<ObjectNode> edit, String raw,
      boolean idReadable) {
    int i = c.size();
    byte[] payload;
    if (raw != null) {
      payload = raw.replace("%ID%", id(i)).replace("%DEV%", device(i)).getBytes(StandardCharsets.UTF_8);
    } else {
      ObjectNode n = Fixtures.glucose(id(i), device(i), Instant.now().minusSeconds(30), 6.0);
      payload = Fixtures.bytes(edit.apply(n));
    }
    return new Case(name, reason, new DeviceTopic(device(i), Channel.OBSERVATIONS).topic(), payload,
        idReadable ? id(i) : null);
  }

  private static Case onDevice(List<Case> c, String device, String name, RejectReason reason) {
    int i = c.size();
    byte[] payload = Fixtures.bytes(Fixtures.glucose(id(i), device, Instant.now().minusSeconds(30), 6.0));
    return new Case(name, reason, new DeviceTopic(device, Channel.OBSERVATIONS).topic(), payload, id(i));
  }

  private static String id(int i) {
    return "bad-message-" + i;
  }

  private static String adminTopic(int i) {
    return new DeviceTopic(device(i), Channel.ADMINISTRATIONS).topic();
  }

  private static String fhirTopic(int i) {
    return new DeviceTopic(device(i), Channel.FHIR).topic();
  }

  private static ObjectNode strip(ObjectNode n, String field) {
    n.remove(field);
    return n;
  }

  private static ObjectNode withEmptyCodes(ObjectNode n) {
    n.putArray("code");
    return n;
  }

  private static ObjectNode code(ObjectNode n, String loinc) {
    ((ObjectNode) n.get("code")).put("code", loinc);
    return n;
  }
}
