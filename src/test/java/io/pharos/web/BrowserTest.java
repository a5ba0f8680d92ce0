package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, which
 * {@code scripts/test} installs; nothing is downloaded). Screenshots go to {@code target/screenshots/}.
 */
class BrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required"));   // with the bundled embedding model: every search mode

    static final String BEACON = "The beacon lamp needs new wicks every winter.\n\nThe reef is marked with a red buoy; a red buoy rings.";

    static WebDriver browser;
    static TestUsers.Caller alice;
    static TestUsers.Caller bob;

    @BeforeAll
    static void start() {
        alice = TestUsers.create(server, "Alice", Role.USER);
        bob = TestUsers.create(server, "Bob", Role.USER);
        for (String[] doc : new String[][] {
                {"The lighthouse keeper's log", "Every night the keeper lit the lighthouse lamp and wrote the weather in the log.\n\nStorms came from the west."},
                {"Harbour charts", "Charts of the harbour, with the reef and the beacon marked."}}) {
            Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of("title", doc[0], "content", doc[1])));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
    }

    @Test
    void sign_in_search_and_open_a_result() throws IOException {
        String base = "http://127.0.0.1:" + server.pharos().port();
        browser.get(base + "/sign-in");
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        screenshot("sign-in");

        browser.findElement(By.id("key")).sendKeys("pharos_wrong");
        browser.findElement(By.cssSelector("form button")).click();
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("unknown or revoked");

        browser.findElement(By.id("key")).sendKeys(alice.key());
        browser.findElement(By.cssSelector("form button")).click();
        waitForUrl(":\\d+/");
        assertThat(browser.findElement(By.tagName("header")).getText()).contains(alice.user().email());

        browser.findElement(By.id("q")).sendKeys("lighthouse keeper");
        browser.findElement(By.cssSelector("#mode option[value=keyword]")).click();
        browser.findElement(By.cssSelector("form.search button")).click();
        var first = browser.findElement(By.cssSelector("ol.hits li a"));
        assertThat(first.getText()).isEqualTo("The lighthouse keeper's log");
        assertThat(browser.findElements(By.cssSelector("ol.hits li:first-child .snippet mark"))).extracting(e -> e.getText().toLowerCase()).contains("lighthouse", "keeper");
        screenshot("search");

        first.click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("The lighthouse keeper's log");
        assertThat(browser.findElement(By.tagName("article")).getText()).contains("Storms came from the west.");
        screenshot("resource");

        browser.findElement(By.cssSelector("header form button")).click();
        waitForUrl("/sign-in");
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).as("signed out: the cookie is gone").endsWith("/sign-in");
    }

    @Test
    void annotate_a_selection_edit_with_a_conflict_and_collect_the_resource() throws IOException {
        String base = "http://127.0.0.1:" + server.pharos().port();
        Api.Response made = alice.api().post("/api/v1/resources", Api.json(Map.of("title", "Beacon <maintenance>",
                "content", BEACON)));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().get("id").asText();
        signIn(base);

        browser.get(base + "/resources/" + id);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Beacon <maintenance>");
        ((JavascriptExecutor) browser).executeScript("""
                var text = document.querySelectorAll('#content p')[2].firstChild;
                var range = document.createRange();
                range.setStart(text, text.data.lastIndexOf('red buoy'));
                range.setEnd(text, text.data.lastIndexOf('red buoy') + 'red buoy'.length);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);""");
        browser.findElement(By.id("use-selection")).click();
        assertThat(browser.findElement(By.id("highlighted_text")).getAttribute("value")).isEqualTo("red buoy");
        browser.findElement(By.id("note")).sendKeys("<b>check the buoy</b> in spring");
        browser.findElement(By.cssSelector("#annotate input[name=shared]")).click();
        browser.findElement(By.cssSelector("#annotate button[type=submit]")).click();
        waitForUrl("#annotations");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector("ul.annotations")).getText())
                .contains("red buoy").contains("<b>check the buoy</b> in spring").contains("(shared)");
        screenshot("annotated");
        assertThat(alice.api().get("/api/v1/resources/" + id + "/annotations").json().get("items").get(0).get("start_offset").asInt())
                .as("the selected (second) occurrence").isEqualTo(BEACON.lastIndexOf("red buoy"));

        browser.findElement(By.linkText("Edit details")).click();
        Api.Response meanwhile = alice.api().patch("/api/v1/resources/" + id, Api.json(Map.of("creator", "The harbour master", "version", 1)), null);
        assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(200);
        browser.findElement(By.id("creator")).sendKeys("Keeper Jones");
        browser.findElement(By.id("language")).sendKeys("en");
        browser.findElement(By.cssSelector("#edit button[type=submit]")).click();
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("changed this resource since you opened the form");
        assertThat(browser.findElement(By.id("creator")).getAttribute("value")).isEqualTo("Keeper Jones");
        assertThat(browser.findElement(By.id("edit")).getText()).contains("Now: The harbour master");
        screenshot("edit-conflict");
        browser.findElement(By.cssSelector("#edit button[type=submit]")).click();
        waitForUrl("/resources/" + id);
        assertThat(browser.findElement(By.tagName("article")).getText()).contains("Keeper Jones").contains("en");

        browser.get(base + "/collections");
        browser.findElement(By.id("name")).sendKeys("Winter <jobs>");
        browser.findElement(By.cssSelector("#visibility option[value=private]")).click();
        browser.findElement(By.cssSelector("#new-collection button[type=submit]")).click();
        waitForUrl("/collections/.+");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Winter <jobs>");
        browser.get(base + "/resources/" + id);
        browser.findElement(By.xpath("//select[@id='collection_id']/option[.='Winter <jobs>']")).click();
        browser.findElement(By.xpath("//select[@id='collection_id']/following-sibling::button")).click();
        waitForUrl("/collections/.+");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Winter <jobs>");
        assertThat(browser.findElement(By.cssSelector("ul.members")).getText()).contains("Beacon <maintenance>");
        screenshot("collection");
        String privateCollection = browser.getCurrentUrl();

        browser.get(base + "/keys");
        browser.findElement(By.id("name")).sendKeys("browser key");
        browser.findElement(By.cssSelector("#new-key-form button")).click();
        assertThat(browser.findElement(By.id("new-key")).getText()).startsWith("pharos_");
        screenshot("keys");
        browser.findElement(By.cssSelector("header form button")).click();
        waitForUrl("/sign-in");

        signIn(base, bob);
        browser.get(privateCollection);
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("alice's private collection, for bob").isEqualTo("Not found");
        assertThat(browser.getPageSource()).doesNotContain("Winter").doesNotContain("Beacon");
        browser.get(base + "/collections");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Winter <jobs>");
        screenshot("private-collection-refused");
    }

    @Test
    void import_a_folder_watch_it_and_find_it_in_each_mode() throws IOException {
        String base = "http://127.0.0.1:" + server.pharos().port();
        Path folder = Files.createTempDirectory("harbour-notes");
        Files.writeString(folder.resolve("fog.md"), "# Fog signals\n\nThe foghorn sounds twice a minute whenever fog rolls over the harbour.");
        Files.writeString(folder.resolve("pilots.html"), "<html><head><title>Pilot boats</title></head><body><p>Pilot boats meet the ships "
                + "at the outer mark.</p><script>alert('x')</script></body></html>");
        Files.createDirectories(folder.resolve("old"));
        Files.writeString(folder.resolve("old/tally.txt"), "Tally of wrecks\n\nThree schooners were lost on the sandbar in the great gale.");
        signIn(base);
        browser.get(base + "/import");
        screenshot("import");
        browser.findElement(By.id("folder")).sendKeys(folder.toString());
        browser.findElement(By.cssSelector("#import button[type=submit]")).click();
        waitForUrl("/import/[0-9a-f]+");
        String summary = waitForText(By.id("summary"), Duration.ofSeconds(60));
        assertThat(summary).contains("3 files: 3 created, 0 updated, 0 unchanged, 0 failed");
        screenshot("import-summary");
        assertThat(waitForText(By.cssSelector("#embedding-queue p"), "Nothing waits", Duration.ofSeconds(120))).contains("Nothing waits");

        for (String[] search : new String[][] {{"keyword", "foghorn"}, {"semantic", "a horn warning ships in the mist"}, {"hybrid", "foghorn mist"}}) {
            browser.get(base + "/");
            browser.findElement(By.id("q")).sendKeys(search[1]);
            browser.findElement(By.cssSelector("#mode option[value=" + search[0] + "]")).click();
            browser.findElement(By.cssSelector("form.search button")).click();
            waitForUrl("mode=" + search[0] + ".*");
            assertThat(browser.findElement(By.cssSelector("ol.hits li a")).getText()).as(search[0]).isEqualTo("Fog signals");
            screenshot("search-" + search[0]);
        }
        browser.findElement(By.id("explain")).click();
        browser.findElement(By.cssSelector("form.search button")).click();
        waitForUrl("explain=on.*");
        assertThat(browser.findElement(By.cssSelector("ol.hits li .explain")).getText()).contains("keyword: rank 1").contains("semantic: rank").contains("fusion: k 60, method rrf, score");
        screenshot("search-explain");
        browser.findElement(By.cssSelector("ol.hits li a")).click();
        waitForUrl("/resources/.+");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (SearchPagesTest.clicks(server, "foghorn mist") == 0 && System.nanoTime() < deadline) sleep(100);
        assertThat(SearchPagesTest.clicks(server, "foghorn mist")).as("opening the result recorded the click").isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The text of {@code what} once it is on the page (which may reload itself meanwhile). */
    private static String waitForText(By what, Duration within) {
        return waitForText(what, "", within);
    }

    /** The text of {@code what} once it contains {@code wanted}, or its last text. */
    private static String waitForText(By what, String wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String text = null;
        while (System.nanoTime() < deadline) {
            try {
                var found = browser.findElements(what);
                if (!found.isEmpty()) {
                    text = found.get(0).getText();
                    if (text.contains(wanted)) return text;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // the page reloaded between finding and reading
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(text).as(what + " within " + within).isNotNull();
        return text;
    }

    /** Waits for the navigation a click started: the address ends with {@code ending} (a regular expression). */
    private static void waitForUrl(String ending) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!browser.getCurrentUrl().matches(".*" + ending) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(browser.getCurrentUrl()).matches(".*" + ending);
    }

    private static void signIn(String base) {
        signIn(base, alice);
    }

    private static void signIn(String base, TestUsers.Caller who) {
        browser.get(base + "/sign-in");
        browser.manage().deleteAllCookies();
        browser.get(base + "/sign-in");
        browser.findElement(By.id("key")).sendKeys(who.key());
        browser.findElement(By.cssSelector("form button")).click();
        waitForUrl(":\\d+/");
        assertThat(browser.findElement(By.tagName("header")).getText()).contains(who.user().email());
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
