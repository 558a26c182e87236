package org.icutwin.gateway.subscription;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.icutwin.gateway.fhir.FhirR4;

/** A rest-hook endpoint on 127.0.0.1 that records what it receives and can be taken down and up. */
final class TestReceiver implements AutoCloseable {

  /** One notification as received. */
  record Received(String type, List<Long> eventNumbers, String contentType, String authorization, Bundle bundle) {
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int answer = 200;
  private final int port;
  private HttpServer server;

  TestReceiver() throws IOException {
    start(0);
    this.port = server.getAddress().getPort();
  }

  private TestReceiver start(int bindPort) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 0);
    server.createContext("/hook", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int status = answer;
        if (status == 200) {
          received.add(parse(body, exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization")));
        }
        exchange.sendResponseHeaders(status, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    return this;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/hook");
  }

  /** Takes the endpoint down (connections are refused). */
  void down() {
    server.stop(0);
  }

  /** Brings it up again on the same port. */
  void up() throws IOException {
    start(port);
  }

  /** Answers with this status instead of 200 (and records nothing while it does). */
  void answer(int status) {
    answer = status;
  }

  /** Every event number received, with repeats, in arrival order. */
  List<Long> eventNumbers() {
    List<Long> all = new ArrayList<>();
    received.forEach(r -> all.addAll(r.eventNumbers()));
    return all;
  }

  List<String> types() {
    return received.stream().map(Received::type).toList();
  }

  private static Received parse(String body, String contentType, String authorization) {
    Bundle b = FhirR4.context().newJsonParser().parseResource(Bundle.class, body);
    Parameters status = (Parameters) b.getEntryFirstRep().getResource();
    String type = status.getParameter("type").getValue().primitiveValue();
    List<Long> numbers = status.getParameter().stream().filter(p -> p.getName().equals("notification-event"))
        .map(p -> Long.parseLong(p.getPart().stream().filter(x -> x.getName().equals("event-number")).findFirst()
            .orElseThrow().getValue().primitiveValue()))
        .toList();
    return new Received(type, numbers, contentType, authorization, b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
