package org.icutwin.gateway.subscription;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription in the one internal form the outbox and dispatcher use, whatever FHIR shape it
 * arrived in.
 *
 * @param id subscription id
 * @param criteria which resources trigger events
 * @param endpoint rest-hook URL notifications are POSTed to
 * @param content how much of the focus resource a notification carries
 * @param headers extra HTTP headers sent with every notification (e.g. Authorization)
 * @param heartbeatPeriod how long a quiet channel waits before a heartbeat, or null for none
 */
public record CanonicalSubscription(String id, Criteria criteria, URI endpoint, Content content,
    List<Header> headers, Duration heartbeatPeriod) {

  /** Payload content (Subscriptions Backport IG {@code backport-payload-content}). */
  public enum Content {
    EMPTY("empty"), ID_ONLY("id-only"), FULL_RESOURCE("full-resource");

    public final String code;

    Content(String code) {
      this.code = code;
    }
  }

  /** One HTTP header. */
  public record Header(String name, String value) {

    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A resource type and equality filters on its search parameters.
   *
   * @param resourceType e.g. {@code MedicationRequest}
   * @param filters parameter name to required value, e.g. {@code patient -> p1}
   */
  public record Criteria(String resourceType, Map<String, String> filters) {

    public Criteria {
      Objects.requireNonNull(resourceType, "resourceType");
      filters = Map.copyOf(filters);
    }

    /** Whether a resource of {@code type} with these search values matches every filter. */
    public boolean matches(String type, Map<String, String> values) {
      return resourceType.equals(type)
          && filters.entrySet().stream().allMatch(f -> f.getValue().equals(values.get(f.getKey())));
    }
  }

  public CanonicalSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(criteria, "criteria");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(content, "content");
    headers = List.copyOf(headers);
  }

  public Optional<Duration> heartbeat() {
    return Optional.ofNullable(heartbeatPeriod);
  }
}
