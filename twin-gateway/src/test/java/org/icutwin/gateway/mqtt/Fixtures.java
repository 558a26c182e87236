package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.DrugUnits;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.TestDirectories;

/** Shared pieces of the MQTT tests: normaliser, payload builders, free ports. */
final class Fixtures {

  static final Path LIBRARY = Path.of("..", "config", "drug-library.json");
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DrugUnits DRUGS = new DrugUnits(DrugLibrary.load(LIBRARY));

  private Fixtures() {
  }

  static Normaliser normaliser(TestDirectories dirs, Clock clock) {
    return new Normaliser(CodeTable.standard(), DRUGS, dirs, dirs, clock, Normaliser.DEFAULT_MAX_FUTURE_SKEW);
  }

  /** A valid CGM glucose observation (LOINC 99504-3) in mmol/L. */
  static ObjectNode glucose(String messageId, String deviceId, Instant at, double mmolPerL) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("messageId", messageId);
    n.put("deviceId", deviceId);
    n.put("effectiveTime", at.toString());
    ObjectNode code = n.putObject("code");
    code.put("system", "http://loinc.org");
    code.put("code", "99504-3");
    n.put("value", mmolPerL);
    n.put("unit", "mmol/L");
    return n;
  }

  /** A valid insulin rate change in [iU]/h. */
  static ObjectNode insulinRate(String messageId, String deviceId, Instant at, double unitsPerHour) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("messageId", messageId);
    n.put("deviceId", deviceId);
    n.put("effectiveTime", at.toString());
    n.put("drug", "insulin");
    n.put("kind", "rate");
    n.put("amount", unitsPerHour);
    n.put("unit", "[iU]/h");
    return n;
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code messageId} field of a JSON payload, or null. */
  static String messageIdOf(byte[] payload) {
    try {
      JsonNode id = JSON.readTree(payload).get("messageId");
      return id == null ? null : id.asText();
    } catch (IOException e) {
      return null;
    }
  }

  /** A loopback port free at the time of asking. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
