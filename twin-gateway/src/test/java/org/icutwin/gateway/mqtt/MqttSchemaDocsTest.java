package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.TestDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payload examples in docs/mqtt.md against the documented JSON Schemas (a real draft 2020-12
 * validator) and against the server's own reader: the schema and the server must agree.
 */
class MqttSchemaDocsTest {

  static final Path DOCS = Path.of("..", "docs");
  static final Pattern EXAMPLE = Pattern.compile(
      "<!-- example (observation|administration|error) (valid|invalid|refused)(?: ([A-Z_]+))?(?: on=(\\S+))? -->\\s*"
          + "```json\\n(.*?)```", Pattern.DOTALL);

  /** One fenced example and what the page says about it. */
  record Example(String kind, String verdict, RejectReason reason, String onDevice, String json) {
    @Override
    public String toString() {
      return kind + " " + verdict + (reason == null ? "" : " " + reason) + ": "
          + json.replaceAll("\\s+", " ").substring(0, Math.min(60, json.replaceAll("\\s+", " ").length()));
    }
  }

  static List<Example> examples() throws IOException {
    String page = Files.readString(DOCS.resolve("mqtt.md"));
    List<Example> out = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(page);
    while (m.find()) {
      out.add(new Example(m.group(1), m.group(2), m.group(3) == null ? null : RejectReason.valueOf(m.group(3)),
          m.group(4), m.group(5)));
    }
    return out;
  }

  static Stream<Example> payloadExamples() throws IOException {
    return examples().stream().filter(e -> !e.kind().equals("error"));
  }

  static JsonSchema schema(String name) throws IOException {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    try (var in = Files.newInputStream(DOCS.resolve("schemas").resolve(name + ".schema.json"))) {
      return factory.getSchema(in);
    }
  }

  static Set<ValidationMessage> validate(String schema, String json) throws IOException {
    JsonSchema s = schema(schema);
    s.initializeValidators();
    JsonNode node = Fixtures.JSON.readTree(json);
    return s.validate(node);
  }

  final TestDirectories dirs = new TestDirectories().admit("p1", "adult-icu", 80.0)
      .device("cgm-7", "cgm").bind("cgm-7", "p1").device("cgm-8", "cgm").bind("cgm-8", "p1")
      .device("art-2", null).bind("art-2", "p1").device("pump-3", null).bind("pump-3", "p1");
  final MemoryIngestStore store = new MemoryIngestStore();
  final MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(),
      store, new MemoryDeadLetters(), IngestMetrics.NONE, Clock.systemUTC());

  @Test
  void thePageHasValidInvalidAndRefusedExamplesOfEachPayload() throws IOException {
    List<Example> all = examples();
    for (String kind : List.of("observation", "administration")) {
      for (String verdict : List.of("valid", "invalid", "refused")) {
        assertThat(all).as(kind + " " + verdict).anyMatch(e -> e.kind().equals(kind) && e.verdict().equals(verdict));
      }
    }
    assertThat(all).anyMatch(e -> e.kind().equals("error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloadExamples")
  void schemaAndServerAgreeOnEachExample(Example e) throws Exception {
    Set<ValidationMessage> problems = validate(e.kind(), e.json());
    String device = e.onDevice() != null ? e.onDevice() : Fixtures.JSON.readTree(e.json()).path("deviceId").asText();
    Channel channel = e.kind().equals("observation") ? Channel.OBSERVATIONS : Channel.ADMINISTRATIONS;
    MessageHandler.Result result = handler.handle(new DeviceTopic(device, channel).topic(),
        e.json().getBytes(StandardCharsets.UTF_8));
    switch (e.verdict()) {
      case "valid" -> {
        assertThat(problems).as("schema").isEmpty();
        assertThat(result).as("server").isInstanceOf(MessageHandler.Recorded.class);
      }
      case "invalid" -> {
        assertThat(problems).as("schema must refuse it").isNotEmpty();
        assertThat(result).isInstanceOf(MessageHandler.Refused.class);
        assertThat(((MessageHandler.Refused) result).report().reason()).isEqualTo(e.reason());
      }
      default -> {
        assertThat(problems).as("schema accepts it").isEmpty();
        assertThat(result).isInstanceOf(MessageHandler.Refused.class);
        assertThat(((MessageHandler.Refused) result).report().reason()).isEqualTo(e.reason());
      }
    }
  }

  @Test
  void theErrorReportsTheServerWritesMatchTheErrorSchemaAndTheExample() throws Exception {
    for (Example e : examples().stream().filter(x -> x.kind().equals("error")).toList()) {
      assertThat(validate("error", e.json())).as(e.toString()).isEmpty();
    }
    for (RejectReason reason : RejectReason.values()) {
      ErrorReport withId = new ErrorReport("m-1", reason, "detail", "icutwin/v1/devices/d/observations", Instant.now());
      ErrorReport withoutId = new ErrorReport(null, reason, "detail", "icutwin/v1/devices/d/fhir", Instant.now());
      assertThat(validate("error", new String(withId.toJson(), StandardCharsets.UTF_8))).isEmpty();
      assertThat(validate("error", new String(withoutId.toJson(), StandardCharsets.UTF_8))).isEmpty();
      assertThat(ErrorReport.fromJson(withId.toJson())).isEqualTo(withId);
    }
    assertThat(validate("error", "{\"version\":1,\"reason\":\"NO_SUCH_REASON\",\"detail\":\"d\",\"topic\":\"t\","
        + "\"receivedAt\":\"2026-11-20T10:00:00Z\"}")).isNotEmpty();
  }

  @Test
  void theBadInputTableIsRefusedByTheSchemaToo() throws Exception {
    for (BadInputs.Case c : BadInputs.cases()) {
      DeviceTopic t = DeviceTopic.parse(c.topic()).orElseThrow();
      if (t.channel() == Channel.FHIR || !Set.of(RejectReason.SCHEMA_VIOLATION, RejectReason.UNSUPPORTED_VERSION,
          RejectReason.NOT_FINITE).contains(c.reason()) || c.name().contains("bare NaN")
          || c.name().contains("overflowing")) {
        continue;
      }
      String schema = t.channel() == Channel.OBSERVATIONS ? "observation" : "administration";
      assertThat(validate(schema, new String(c.payload(), StandardCharsets.UTF_8))).as(c.toString()).isNotEmpty();
    }
  }
}
