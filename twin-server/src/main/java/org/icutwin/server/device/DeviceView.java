package org.icutwin.server.device;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A registered device as the API shows it (never its password hash).
 *
 * @param deviceId device id, also its MQTT client id and user name
 * @param kind what it is, e.g. {@code cgm}, {@code monitor}, {@code pump}
 * @param sensorClass measurement noise class it reports as, or null for each code's default
 * @param registeredAt when it was registered
 * @param registeredBy who registered it
 * @param boundTo the patient it is bound to now, if any
 */
@Serdeable
public record DeviceView(String deviceId, String kind, @Nullable String sensorClass, Instant registeredAt,
    String registeredBy, @Nullable String boundTo) {
}
