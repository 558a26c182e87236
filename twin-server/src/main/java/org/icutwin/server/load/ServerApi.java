package org.icutwin.server.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few REST calls the load generator makes, over the JDK's HTTP client with Jackson bodies. */
final class ServerApi {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json;
  private final URI base;
  private final String token;

  ServerApi(URI base, String token, ObjectMapper json) {
    this.base = base;
    this.token = token;
    this.json = json;
  }

  /** POSTs {@code body} as JSON; fails unless the answer is 2xx. */
  String post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
    return checked(req, http.send(req, HttpResponse.BodyHandlers.ofString()));
  }

  /** GETs {@code path}; fails unless the answer is 2xx. */
  String get(String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).GET().build();
    return checked(req, http.send(req, HttpResponse.BodyHandlers.ofString()));
  }

  Scrape scrape() throws IOException, InterruptedException {
    return Scrape.parse(get("/prometheus"));
  }

  private static String checked(HttpRequest req, HttpResponse<String> res) throws IOException {
    if (res.statusCode() / 100 != 2) {
      throw new IOException(req.method() + " " + req.uri().getPath() + " answered " + res.statusCode() + ": "
          + res.body());
    }
    return res.body();
  }
}
