package org.icutwin.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.security.Actor;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.user.UserAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in headless Chromium (Debian's {@code chromium} driven through its
 * {@code chromedriver}) against the running server in demo mode: the demo patients' devices stream
 * over the embedded MQTT broker as in {@code ./icutwin --demo}. A clinician signs in, sees the
 * ward, opens the glucose patient, sees the chart and the proposal, is refused a dose above the
 * hard limit with the server's message, is asked for a reason above the soft limit, orders the
 * modified dose with a reason and finds it in the audit trail. Screenshots of the ward and patient
 * views are written to {@code target/dashboard-screenshots/}.
 *
 * <p>Without Chromium the test is skipped, unless {@code ICUTWIN_BROWSER_TESTS=required} (set by
 * {@code .ci/run}, which installs it), where a missing browser fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String PATIENT = "demo-glucose";
  private static final String PASSWORD = "correct-horse-battery";
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  private EmbeddedServer server;
  private HttpClient http;
  private WebDriver browser;
  private WebDriverWait wait;
  private String clinicianToken;

  @BeforeAll
  void start() throws IOException {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    if (!present) {
      String required = System.getenv("ICUTWIN_BROWSER_TESTS");
      if ("required".equals(required)) {
        throw new IllegalStateException("browser tests are required but " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing: apt-get install chromium chromium-driver");
      }
      Assumptions.abort("Chromium is not installed (apt-get install chromium chromium-driver); dashboard test skipped");
    }
    int mqttPort;
    try (ServerSocket s = new ServerSocket(0)) {
      mqttPort = s.getLocalPort();
    }
    Map<String, Object> props = Map.of("icutwin.data-dir", ServerTestSupport.newDataDir().toString(),
        "icutwin.mqtt.broker.embedded", true, "icutwin.mqtt.broker.port", mqttPort,
        "icutwin.demo.enabled", true, "icutwin.demo.accelerate", 10);
    server = ApplicationContext.run(EmbeddedServer.class, props, "test");
    http = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
    UserAccounts users = server.getApplicationContext().getBean(UserAccounts.class);
    users.create("dr-test", "Dr Test", List.of("CLINICIAN"), PASSWORD.toCharArray(), Actor.SYSTEM);
    clinicianToken = server.getApplicationContext().getBean(TokenService.class)
        .mint("probe", Set.of(Role.CLINICIAN), Duration.ofMinutes(30));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // As root in a sandboxless container, with the machine's closed network: no background traffic.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1400,1800", "--user-data-dir=" + Files.createTempDirectory("chromium-"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aClinicianSignsInReadsTheWardAndPatientAndDecidesWithinTheLimits() throws IOException {
    // The demo's glucose twin proposes after its first CGM values (a few seconds at x10).
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> !pending().isEmpty());

    // Signing in with a wrong password is refused with the server's words.
    browser.get(server.getURL() + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("dr-test");
    browser.findElement(By.id("password")).sendKeys("not-the-password");
    browser.findElement(By.id("signin-submit")).click();
    assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signin-error .error")))
        .getText()).contains("unknown user name or wrong password");
    browser.findElement(By.id("password")).clear();
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("signin-submit")).click();

    // The ward: all three demo patients, the one with a pending proposal marked for a decision.
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#ward tbody tr"), 3));
    assertThat(browser.findElement(By.id("who")).getText()).contains("Dr Test").contains("CLINICIAN");
    WebElement row = browser.findElement(By.cssSelector("#ward tr[data-patient='" + PATIENT + "']"));
    wait.until(d -> row.getText().contains("Decide") || row.getText().contains("Act now"));
    assertThat(row.getText()).contains("mmol/L").contains("ago").contains("U/h");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "Live"));
    screenshot("ward.png");

    // The patient: chart with measurements, estimate and forecasts; the proposal card. Open it
    // just after the twin proposed, so that the next proposal (every 15 data-minutes, 90 s here)
    // does not replace this one while the clinician decides.
    awaitFreshProposal();
    row.findElement(By.linkText(PATIENT)).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("proposal-body")));
    wait.until(d -> datasetLabels().stream().anyMatch(l -> l.startsWith("Measured")));
    List<String> labels = datasetLabels();
    assertThat(labels).anyMatch(l -> l.startsWith("Forecast under proposal"))
        .anyMatch(l -> l.startsWith("Forecast, continue as now")).anyMatch(l -> l.startsWith("Target band"));
    assertThat(browser.findElement(By.id("reasons")).getText()).isNotBlank();
    assertThat(browser.findElement(By.id("proposal-body")).getText()).contains("Expires").contains("U/h");
    assertThat(browser.findElement(By.id("twin-state")).getText()).contains("Drift").contains("Identifiability");
    // The twin's recorded estimates (GET .../estimates): the 90% band on the main chart and the
    // personalised parameters over time, one chart each.
    assertThat(labels).anyMatch(l -> l.startsWith("Twin estimate (90% band)"));
    assertThat(browser.findElements(By.cssSelector("#param-charts canvas"))).isNotEmpty();
    assertThat(browser.findElement(By.id("param-charts")).getText()).contains("p3");
    // Infusions: the insulin pump's rate and the feeding pump's, as reported over MQTT.
    wait.until(d -> chartLabels("dose-chart").stream().anyMatch(l -> l.startsWith("insulin rate")));
    assertThat(chartLabels("dose-chart")).anyMatch(l -> l.startsWith("enteral-nutrition rate (g/h)"));
    screenshot("patient.png");

    // Above the hard maximum (30 U/h): refused as typed, and the order is refused with the server's message.
    typeDose("35");
    wait.until(ExpectedConditions.attributeToBe(By.id("modify-verdict"), "data-state", "refused"));
    browser.findElement(By.id("modify")).click();
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-error")));
    assertThat(error.getText()).contains("refused").contains("hard max 30.0");

    // Above the soft maximum (15 U/h): a reason is demanded, as typed and by the server.
    typeDose("20");
    wait.until(ExpectedConditions.attributeToBe(By.id("modify-verdict"), "data-state", "needs-reason"));
    browser.findElement(By.id("modify")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-error"), "give a reason"));

    // With a reason it is allowed, ordered, and recorded in the audit trail.
    browser.findElement(By.id("modify-reason")).sendKeys("insulin resistance after steroids");
    wait.until(ExpectedConditions.attributeToBe(By.id("modify-verdict"), "data-state", "allowed"));
    browser.findElement(By.id("modify")).click();
    WebElement done = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-done")));
    assertThat(done.getText()).contains("modified").contains("20.0 U/h").contains("soft limit overridden");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"),
        "insulin resistance after steroids"));
    assertThat(browser.findElement(By.id("audit-table")).getText()).contains("dr-test");
    screenshot("patient-decided.png");

    // An alert (a dose charted twice under one id with different amounts: ID_CONFLICT) is
    // acknowledged from the patient view: it stays listed, marked, and the acknowledgement is audited.
    String now = java.time.Instant.now().minusSeconds(5).toString();
    http.toBlocking().exchange(HttpRequest.POST("/api/v1/patients/" + PATIENT + "/doses", Map.of("messageId",
        "ack-probe", "drug", "insulin", "kind", "rate", "amount", 1.0, "unit", "U/h", "time", now))
        .bearerAuth(clinicianToken));
    assertThatThrownBy(() -> http.toBlocking().exchange(HttpRequest.POST("/api/v1/patients/" + PATIENT + "/doses",
        Map.of("messageId", "ack-probe", "drug", "insulin", "kind", "rate", "amount", 2.0, "unit", "U/h", "time", now))
        .bearerAuth(clinicianToken))).hasMessageContaining("ID_CONFLICT");
    WebElement ack = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#alerts button.ack")));
    ack.click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), "acknowledged by dr-test"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "alert.acknowledged"));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('alerts-title').scrollIntoView()");
    screenshot("patient-alert-acknowledged.png");

    // What-if: continue as now against a higher rate, simulated side by side.
    WebElement alternative = browser.findElement(By.id("wi-rate-2"));
    alternative.sendKeys("6");
    browser.findElement(By.id("whatif-run")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#whatif-table, #whatif-result .error")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#whatif-result .error"))).as(
        browser.findElement(By.id("whatif-result")).getText()).isEmpty();
    WebElement table = browser.findElement(By.id("whatif-table"));
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(2);
    assertThat(table.getText()).contains("Continue as now").contains("Alternative").contains("mmol/L").contains("%");

    // Vancomycin what-if: intermittent regimens by AUC24, one beyond the hard maximum dose (3500 mg).
    browser.get(server.getURL() + "/#/patient/demo-vanco");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wi-dose-1")));
    browser.findElement(By.id("wi-dose-1")).sendKeys("1000");
    browser.findElement(By.id("wi-every-1")).sendKeys("12");
    browser.findElement(By.id("wi-name-2")).sendKeys("Too much");
    browser.findElement(By.id("wi-dose-2")).sendKeys("4000");
    browser.findElement(By.id("wi-every-2")).sendKeys("8");
    browser.findElement(By.id("whatif-run")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#whatif-table, #whatif-result .error")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#whatif-result .error"))).as(
        browser.findElement(By.id("whatif-result")).getText()).isEmpty();
    String vanco = browser.findElement(By.id("whatif-table")).getText();
    assertThat(vanco).contains("Alternative").contains("Too much").contains("mg·h/L").contains("beyond a hard limit")
        .contains("in one dose > max 3500 mg");
    ((JavascriptExecutor) browser).executeScript("document.getElementById('whatif-title').scrollIntoView()");
    screenshot("whatif-vancomycin.png");
  }

  /** Waits until the pending proposal was issued at most 3 data-minutes (18 s at x10) ago. */
  private void awaitFreshProposal() {
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
      Map<String, Object> p = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/patients/" + PATIENT)
          .bearerAuth(clinicianToken), Argument.mapOf(String.class, Object.class));
      List<?> pending = (List<?>) p.get("pending");
      if (pending.isEmpty()) {
        return false;
      }
      java.time.Instant now = java.time.Instant.parse((String) p.get("serverTime"));
      java.time.Instant issued = java.time.Instant.parse((String) ((Map<?, ?>) pending.get(0)).get("issuedAt"));
      return Duration.between(issued, now).compareTo(Duration.ofMinutes(3)) < 0;
    });
  }

  private void typeDose(String value) {
    WebElement input = browser.findElement(By.id("modify-value"));
    input.clear();
    input.sendKeys(value);
  }

  @SuppressWarnings("unchecked")
  private List<String> chartLabels(String canvas) {
    Object labels = ((JavascriptExecutor) browser).executeScript(
        "const c = Chart.getChart(arguments[0]); return c ? c.data.datasets.map(d => d.label) : [];", canvas);
    return (List<String>) labels;
  }

  @SuppressWarnings("unchecked")
  private List<String> datasetLabels() {
    Object labels = ((JavascriptExecutor) browser).executeScript(
        "const c = Chart.getChart('main-chart'); return c ? c.data.datasets.map(d => d.label) : [];");
    return (List<String>) labels;
  }

  private List<Map<String, Object>> pending() {
    return http.toBlocking().retrieve(HttpRequest.GET("/api/v1/patients/" + PATIENT + "/recommendations?status=PENDING")
        .bearerAuth(clinicianToken), Argument.listOf(Argument.mapOf(String.class, Object.class)));
  }

  private void screenshot(String name) throws IOException {
    File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
