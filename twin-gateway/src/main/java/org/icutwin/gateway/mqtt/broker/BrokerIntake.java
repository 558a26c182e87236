package org.icutwin.gateway.mqtt.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.icutwin.gateway.mqtt.DeviceTopic;
import org.icutwin.gateway.mqtt.MqttLink;

/**
 * Device messages taken from the embedded broker <em>before</em> it acknowledges them: the broker's
 * PUBACK to a device is sent only once the server has recorded the message (or stored its refusal),
 * so an acknowledged observation never depends on the broker's own file store surviving a crash of
 * the process it shares with the server.
 *
 * <p>A HiveMQ publish interceptor holds each QoS 1 PUBLISH a device sends on one of its own data
 * topics and hands it to the open {@link MqttLink} (the ingestor's connection); the ingestor's
 * {@link MqttLink#acknowledge} releases the device's PUBACK with SUCCESS and the message goes no
 * further (nothing else subscribes to device data). When no link is open, when the link closes
 * with the message unrecorded, or when recording takes longer than the timeout, the device gets a
 * PUBACK with reason code 0x83 (implementation-specific error) and a reason string, and must
 * publish again; MQTT 3 devices, whose PUBACK has no reason code, are disconnected by the broker
 * instead, and resend on reconnecting. Publications on any other topic, or by a client that is not
 * the device the topic names, pass through untouched to the broker's permission check.
 *
 * <p>One intake per broker; it opens one link at a time (a new link replaces a closed one).
 */
public final class BrokerIntake implements MqttLink.Factory, PublishInboundInterceptor {

  /** Reason string a device gets when no ingest link is open. */
  static final String NOT_RUNNING = "icutwin ingest is not running: publish again";
  /** Reason string a device gets when the link closed before the message was recorded. */
  static final String NOT_RECORDED = "icutwin did not record the message: publish again";
  /** Reason string a device gets when recording took longer than the timeout. */
  static final String TIMED_OUT = "icutwin did not record the message in time: publish again";
  /** HiveMQ caps how long an extension may hold a packet. */
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private final Duration timeout;
  private final AtomicInteger linkCount = new AtomicInteger();
  private volatile IntakeLink current;
  private volatile boolean stopped;

  /** @param timeout how long a device's PUBLISH may wait for the server to record it (1 s to 5 min) */
  public BrokerIntake(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("intake timeout must be 1 s to 5 min, got " + timeout);
    }
    this.timeout = timeout;
  }

  @Override
  public MqttLink open(MqttLink.Inbound inbound) throws IOException {
    Objects.requireNonNull(inbound, "inbound");
    if (stopped) {
      throw new IOException("the embedded broker is stopped");
    }
    IntakeLink previous = current;
    if (previous != null) {
      previous.close();
    }
    IntakeLink link = new IntakeLink(inbound, linkCount.incrementAndGet());
    current = link;
    return link;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    PublishPacket publish = input.getPublishPacket();
    Optional<DeviceTopic> topic = DeviceTopic.parse(publish.getTopic());
    if (topic.isEmpty() || publish.getRetain()) {
      return; // not device data, or retained (which devices may not publish): the broker decides
    }
    Optional<String> device = input.getConnectionInformation().getConnectionAttributeStore()
        .getAsString(BrokerAccess.DEVICE_ATTRIBUTE);
    if (device.isEmpty() || !device.get().equals(topic.get().deviceId())) {
      return; // not this client's own topic: the broker's permission check refuses it
    }
    IntakeLink link = current;
    if (link == null || !link.accepting()) {
      if (publish.getQos().getQosNumber() > 0) {
        output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, NOT_RUNNING);
      } else {
        output.preventPublishDelivery();
      }
      return;
    }
    link.take(publish, output);
  }

  /** The broker is stopping: the open link is lost, and no new one can be opened. */
  void brokerStopped() {
    stopped = true;
    IntakeLink link = current;
    if (link != null) {
      link.lose(new IOException("the embedded broker stopped"));
    }
  }

  /** One ingest connection over the interceptor. */
  private final class IntakeLink implements MqttLink {

    private final MqttLink.Inbound inbound;
    private final ExecutorService delivery;
    private final Map<Integer, Async<PublishInboundOutput>> held = new ConcurrentHashMap<>();
    private int nextId;
    private volatile boolean subscribed;
    private volatile boolean open = true;

    IntakeLink(MqttLink.Inbound inbound, int number) {
      this.inbound = inbound;
      // One thread keeps arrival order and may block on the ingestor's backlog without holding a
      // broker thread.
      this.delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "icutwin-broker-intake-" + number);
        t.setDaemon(true);
        return t;
      });
    }

    boolean accepting() {
      return open && subscribed;
    }

    /** Holds the device's PUBLISH (QoS 1) and queues it for the ingestor; QoS 0 is handed over at once. */
    void take(PublishPacket publish, PublishInboundOutput output) {
      String topic = publish.getTopic();
      byte[] payload = publish.getPayload().map(BrokerAccess::bytes).orElse(new byte[0]);
      int qos = publish.getQos().getQosNumber();
      if (qos == 0) {
        output.preventPublishDelivery();
        submit(() -> inbound.message(topic, payload, 0, 0));
        return;
      }
      Async<PublishInboundOutput> async = output.async(timeout, TimeoutFallback.FAILURE,
          AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, TIMED_OUT);
      int id;
      synchronized (this) {
        do {
          nextId = nextId % 65_535 + 1;
        } while (held.containsKey(nextId));
        id = nextId;
        held.put(id, async);
      }
      if (!submit(() -> {
        if (open) {
          inbound.message(topic, payload, id, 1);
        }
      })) {
        release(id, false, NOT_RECORDED);
      }
      if (!open) {
        release(id, false, NOT_RECORDED);
      }
    }

    private boolean submit(Runnable task) {
      try {
        delivery.execute(task);
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    /** Lets the broker answer a held PUBLISH: SUCCESS, or the error with {@code reason}. */
    private void release(int id, boolean recorded, String reason) {
      Async<PublishInboundOutput> async = held.remove(id);
      if (async == null) {
        return;
      }
      try {
        if (recorded) {
          async.getOutput().preventPublishDelivery();
        } else {
          async.getOutput().preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, reason);
        }
        async.resume();
      } catch (RuntimeException e) {
        // Already answered by the broker's timeout: the device publishes again and the store's
        // message-id check records it once.
      }
    }

    @Override
    public void subscribe(List<String> filters) throws IOException {
      if (!open) {
        throw new IOException("the intake link is closed");
      }
      subscribed = true;
    }

    @Override
    public void acknowledge(int packetId) throws IOException {
      if (!open) {
        throw new IOException("the intake link is closed");
      }
      release(packetId, true, null);
    }

    @Override
    public void publish(String topic, byte[] payload, Consumer<Throwable> done) {
      try {
        Publish p = Builders.publish().topic(topic).qos(com.hivemq.extension.sdk.api.packets.general.Qos.AT_LEAST_ONCE)
            .payload(ByteBuffer.wrap(payload)).build();
        Services.publishService().publish(p).whenComplete((ok, e) -> done.accept(e));
      } catch (RuntimeException e) {
        done.accept(e);
      }
    }

    @Override
    public boolean isConnected() {
      return open && !stopped;
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      subscribed = false;
      if (current == this) {
        current = null;
      }
      delivery.shutdownNow();
      try {
        delivery.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Integer id : new ArrayList<>(held.keySet())) {
        release(id, false, NOT_RECORDED);
      }
    }

    void lose(Throwable cause) {
      boolean wasOpen = open;
      close();
      if (wasOpen) {
        inbound.lost(cause);
      }
    }
  }
}
