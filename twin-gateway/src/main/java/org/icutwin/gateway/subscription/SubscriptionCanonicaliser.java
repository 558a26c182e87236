package org.icutwin.gateway.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.subscription.CanonicalSubscription.Content;
import org.icutwin.gateway.subscription.CanonicalSubscription.Criteria;
import org.icutwin.gateway.subscription.CanonicalSubscription.Header;

/**
 * Turns an R4 Subscription into a {@link CanonicalSubscription}, or refuses it with a reason that
 * names the element.
 *
 * <p>Taken: {@code criteria} of the form {@code Type?param=value&...} on MedicationRequest
 * (patient, intent, status), DetectedIssue (patient) or RiskAssessment (patient), equality only,
 * no modifiers; channel type rest-hook with an absolute http(s) endpoint; channel.payload
 * {@code application/fhir+json} with the Backport IG content extension (default full-resource), or
 * no payload (empty notifications); channel.header lines {@code Name: value}; the Backport IG
 * heartbeat-period extension in seconds. Everything else is refused.
 */
public final class SubscriptionCanonicaliser {

  /** Backport IG extension on channel.payload: empty, id-only or full-resource. */
  public static final String PAYLOAD_CONTENT =
      "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";
  /** Backport IG extension on channel: heartbeat period in seconds. */
  public static final String HEARTBEAT_PERIOD =
      "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period";
  static final String FHIR_JSON = "application/fhir+json";

  private static final Map<String, Set<String>> PARAMETERS = Map.of(
      "MedicationRequest", Set.of("patient", "intent", "status"),
      "DetectedIssue", Set.of("patient"),
      "RiskAssessment", Set.of("patient"));
  /** Headers the JDK client sets itself and refuses to take from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "content-type");

  /** The canonical form of {@code s}, under the id the server assigned. */
  public CanonicalSubscription canonicalise(Subscription s, String id) throws RejectedException {
    if (!s.hasCriteria()) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.criteria is missing");
    }
    Criteria criteria = criteria(s.getCriteria());
    Subscription.SubscriptionChannelComponent ch = s.getChannel();
    if (ch.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
      throw refuse(RejectReason.UNSUPPORTED_RESOURCE, "Subscription.channel.type '"
          + (ch.getType() == null ? "(missing)" : ch.getType().toCode()) + "' is not served (rest-hook only)");
    }
    URI endpoint = endpoint(ch.getEndpoint());
    Content content = Content.EMPTY;
    if (ch.hasPayload()) {
      String mime = ch.getPayload().toLowerCase(Locale.ROOT);
      if (!mime.equals(FHIR_JSON) && !mime.startsWith(FHIR_JSON + ";")) {
        throw refuse(RejectReason.UNSUPPORTED_RESOURCE, "Subscription.channel.payload '" + ch.getPayload()
            + "' is not served (" + FHIR_JSON + ")");
      }
      content = content(ch.getPayloadElement().getExtensionByUrl(PAYLOAD_CONTENT));
    }
    List<Header> headers = new ArrayList<>();
    for (StringType line : ch.getHeader()) {
      headers.add(header(line.getValue()));
    }
    Duration heartbeat = null;
    Extension hb = ch.getExtensionByUrl(HEARTBEAT_PERIOD);
    if (hb != null) {
      if (!(hb.getValue() instanceof UnsignedIntType secs) || secs.getValue() == null || secs.getValue() <= 0) {
        throw refuse(RejectReason.SCHEMA_VIOLATION, "heartbeat-period must be a positive unsignedInt of seconds");
      }
      heartbeat = Duration.ofSeconds(secs.getValue());
    }
    return new CanonicalSubscription(id, criteria, endpoint, content, headers, heartbeat);
  }

  static Criteria criteria(String text) throws RejectedException {
    int q = text.indexOf('?');
    String type = q < 0 ? text : text.substring(0, q);
    Set<String> allowed = PARAMETERS.get(type);
    if (allowed == null) {
      throw refuse(RejectReason.UNSUPPORTED_RESOURCE, "Subscription.criteria '" + text + "': resource type '" + type
          + "' cannot be subscribed to (MedicationRequest, DetectedIssue, RiskAssessment)");
    }
    Map<String, String> filters = new LinkedHashMap<>();
    if (q >= 0 && q < text.length() - 1) {
      for (String pair : text.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
            java.nio.charset.StandardCharsets.UTF_8);
        if (!allowed.contains(name)) {
          throw refuse(RejectReason.UNSUPPORTED_RESOURCE, "Subscription.criteria '" + text + "': parameter '" + name
              + "' is not served for " + type + " (" + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
        if (value.isEmpty() || value.contains(",") || filters.containsKey(name)) {
          throw refuse(RejectReason.UNSUPPORTED_RESOURCE, "Subscription.criteria '" + text + "': parameter '" + name
              + "' needs exactly one value (no lists, no repeats)");
        }
        filters.put(name, "patient".equals(name) && value.startsWith("Patient/") ? value.substring(8) : value);
      }
    }
    return new Criteria(type, filters);
  }

  private static URI endpoint(String text) throws RejectedException {
    try {
      URI uri = new URI(text == null ? "" : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.endpoint '" + text
            + "' must be an absolute http(s) URL");
      }
      refuseReservedAddress(uri, text);
      return uri;
    } catch (URISyntaxException e) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.endpoint is not a URL: " + e.getMessage());
    }
  }

  /**
   * A subscriber is an integration host. An endpoint written as a link-local address (169.254.0.0/16,
   * fe80::/10: where cloud instances serve their metadata and credentials), the unspecified
   * address or a multicast group is refused, so that a subscription cannot make the server call
   * them. Host names are not resolved here (nor checked): an allow-list belongs in the network.
   */
  private static void refuseReservedAddress(URI uri, String text) throws RejectedException {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return; // a name, not an address literal
    }
    java.net.InetAddress address;
    try {
      address = java.net.InetAddress.getByName(host); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.endpoint '" + text + "' has an invalid address");
    }
    if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.endpoint '" + text
          + "' is a link-local, unspecified or multicast address, which subscriptions may not call");
    }
  }

  private static Content content(Extension ext) throws RejectedException {
    if (ext == null) {
      return Content.FULL_RESOURCE;
    }
    String code = ext.getValue() == null ? null : ext.getValue().primitiveValue();
    for (Content c : Content.values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    throw refuse(RejectReason.SCHEMA_VIOLATION, "backport-payload-content '" + code
        + "' is not one of empty, id-only, full-resource");
  }

  private static Header header(String line) throws RejectedException {
    int colon = line == null ? -1 : line.indexOf(':');
    if (colon <= 0) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.header '" + line + "' is not 'Name: value'");
    }
    String name = line.substring(0, colon).trim();
    if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw refuse(RejectReason.SCHEMA_VIOLATION, "Subscription.channel.header name '" + name
          + "' is not a header a subscriber may set");
    }
    return new Header(name, line.substring(colon + 1).trim());
  }

  private static RejectedException refuse(RejectReason reason, String detail) {
    return new RejectedException(reason, detail);
  }
}
