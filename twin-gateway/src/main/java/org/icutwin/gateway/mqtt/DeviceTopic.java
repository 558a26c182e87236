package org.icutwin.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Topic scheme v1: a device publishes to {@code icutwin/v1/devices/{deviceId}/{channel}} and reads
 * refusals on {@code icutwin/v1/devices/{deviceId}/errors} (docs/mqtt.md).
 *
 * @param deviceId the device named by the topic
 * @param channel the payload kind named by the topic
 */
public record DeviceTopic(String deviceId, Channel channel) {

  /** Every v1 device topic starts with this. */
  public static final String PREFIX = "icutwin/v1/devices/";
  /** Last level of the topic the server publishes refusals to. */
  public static final String ERRORS = "errors";
  /**
   * Device ids usable as one topic level and in broker permissions: no {@code /}, {@code +},
   * {@code #}, {@code $} or spaces; 1 to 128 characters.
   */
  public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public DeviceTopic {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(channel, "channel");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("device id '" + deviceId + "' does not match " + DEVICE_ID);
    }
  }

  /** The topic a device publishes this channel to. */
  public String topic() {
    return PREFIX + deviceId + "/" + channel.level();
  }

  /** The device topic {@code topic} names, if it is a v1 data topic with a valid device id. */
  public static Optional<DeviceTopic> parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] rest = topic.substring(PREFIX.length()).split("/", -1);
    if (rest.length != 2 || !DEVICE_ID.matcher(rest[0]).matches()) {
      return Optional.empty();
    }
    return Channel.ofLevel(rest[1]).map(c -> new DeviceTopic(rest[0], c));
  }

  /** Where the server publishes refusals of this device's messages. */
  public static String errorsOf(String deviceId) {
    return PREFIX + deviceId + "/" + ERRORS;
  }

  /**
   * The filters the ingest server subscribes to: one per channel, as MQTT 5 shared subscriptions
   * {@code $share/{group}/...} when a group is given. One filter per channel rather than
   * {@code .../+/+}, so that the server does not receive its own error reports back.
   */
  public static List<String> ingestFilters(Optional<String> sharedGroup) {
    List<String> filters = new ArrayList<>();
    for (Channel c : Channel.values()) {
      String filter = PREFIX + "+/" + c.level();
      filters.add(sharedGroup.map(g -> "$share/" + g + "/" + filter).orElse(filter));
    }
    return List.copyOf(filters);
  }
}
