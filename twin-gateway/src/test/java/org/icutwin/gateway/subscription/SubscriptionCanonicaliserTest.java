package org.icutwin.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.r4.model.Subscription;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.subscription.CanonicalSubscription.Content;
import org.junit.jupiter.api.Test;

class SubscriptionCanonicaliserTest {

  static final URI HOOK = URI.create("https://ehr.example.org/hook");
  final SubscriptionCanonicaliser canonicaliser = new SubscriptionCanonicaliser();

  @Test
  void restHookOnProposalsForOnePatientWithHeadersHeartbeatAndIdOnlyContent() throws Exception {
    Subscription s = Subs.withHeartbeat(Subs.subscription(HOOK,
        "MedicationRequest?patient=Patient/p1&intent=proposal", "id-only"), 120);
    s.getChannel().addHeader("Authorization: Bearer abc");

    CanonicalSubscription c = canonicaliser.canonicalise(s, "s1");

    assertThat(c.criteria().resourceType()).isEqualTo("MedicationRequest");
    assertThat(c.criteria().filters()).containsExactlyInAnyOrderEntriesOf(Map.of("patient", "p1", "intent",
        "proposal"));
    assertThat(c.content()).isEqualTo(Content.ID_ONLY);
    assertThat(c.headers()).containsExactly(new CanonicalSubscription.Header("Authorization", "Bearer abc"));
    assertThat(c.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.criteria().matches("MedicationRequest", Map.of("patient", "p1", "intent", "proposal",
        "status", "active"))).isTrue();
    assertThat(c.criteria().matches("MedicationRequest", Map.of("patient", "p1", "intent", "order"))).isFalse();
    assertThat(c.criteria().matches("DetectedIssue", Map.of("patient", "p1", "intent", "proposal"))).isFalse();
  }

  @Test
  void payloadWithoutTheContentExtensionIsFullResourceAndNoPayloadIsEmpty() throws Exception {
    Subscription full = Subs.subscription(HOOK, "DetectedIssue?patient=p1", null);
    full.getChannel().setPayload("application/fhir+json");
    assertThat(canonicaliser.canonicalise(full, "a").content()).isEqualTo(Content.FULL_RESOURCE);
    assertThat(canonicaliser.canonicalise(Subs.subscription(HOOK, "RiskAssessment", null), "b").content())
        .isEqualTo(Content.EMPTY);
  }

  @Test
  void everythingElseIsRefusedWithAClearReason() {
    assertRefused(Subs.subscription(HOOK, "Observation?patient=p1", "full-resource"),
        RejectReason.UNSUPPORTED_RESOURCE, "Observation");
    assertRefused(Subs.subscription(HOOK, "MedicationRequest?code=5856", "full-resource"),
        RejectReason.UNSUPPORTED_RESOURCE, "'code'");
    assertRefused(Subs.subscription(HOOK, "MedicationRequest?patient=p1,p2", "full-resource"),
        RejectReason.UNSUPPORTED_RESOURCE, "exactly one value");
    Subscription ws = Subs.subscription(HOOK, "DetectedIssue", "full-resource");
    ws.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
    assertRefused(ws, RejectReason.UNSUPPORTED_RESOURCE, "websocket");
    Subscription xml = Subs.subscription(HOOK, "DetectedIssue", null);
    xml.getChannel().setPayload("application/fhir+xml");
    assertRefused(xml, RejectReason.UNSUPPORTED_RESOURCE, "fhir+xml");
    assertRefused(Subs.subscription(URI.create("ftp://x/y"), "DetectedIssue", null), RejectReason.SCHEMA_VIOLATION,
        "http(s)");
    for (String reserved : List.of("http://169.254.169.254/latest", "http://[fe80::1]/hook", "http://0.0.0.0:8080/x",
        "http://224.0.0.1/x")) {
      assertRefused(Subs.subscription(URI.create(reserved), "DetectedIssue", null), RejectReason.SCHEMA_VIOLATION,
          "link-local, unspecified or multicast");
    }
    Subscription badHeader = Subs.subscription(HOOK, "DetectedIssue", null);
    badHeader.getChannel().addHeader("Host: evil");
    assertRefused(badHeader, RejectReason.SCHEMA_VIOLATION, "Host");
    Subscription badContent = Subs.subscription(HOOK, "DetectedIssue", "everything");
    assertRefused(badContent, RejectReason.SCHEMA_VIOLATION, "everything");
  }

  void assertRefused(Subscription s, RejectReason reason, String fragment) {
    assertThatThrownBy(() -> canonicaliser.canonicalise(s, "x")).isInstanceOfSatisfying(RejectedException.class,
        e -> {
          assertThat(e.rejection().reason()).isEqualTo(reason);
          assertThat(e.rejection().detail()).contains(fragment);
        });
  }
}
