package dev.autoencoders.examples.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser: Debian's headless Chromium, driven by its ChromeDriver through WebDriver. A person's
 * three moves: open the page, drag a point across the VAE's plane (the decoded image must change), click a cell of the
 * VQ-VAE's code map and give it another code (the decoded image must change); then a PixelCNN step. Screenshots of the
 * page and of each panel go to {@code target/playground-screenshots/}.
 *
 * <p>It runs the tiny test playground, or with {@code -Dplayground.url=http://127.0.0.1:PORT/} a running one (how the
 * screenshots in docs/playground.md were taken). Chromium and ChromeDriver are Debian's ({@code apt-get install chromium
 * chromium-driver}, which {@code .ci/run} does), or those named by {@code PLAYGROUND_CHROMIUM} and
 * {@code PLAYGROUND_CHROMEDRIVER}. Without them the test fails on CI ({@code CI=true}) and is skipped elsewhere, saying
 * how to install them.
 */
class PlaygroundBrowserTest {
    static final Path SHOTS = Path.of("target", "playground-screenshots");
    static TinyPlayground tiny;
    static ChromeDriver driver;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        String chromium = binary("PLAYGROUND_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = binary("PLAYGROUND_CHROMEDRIVER", "/usr/bin/chromedriver");
        String missing = chromium == null ? "Chromium" : chromedriver == null ? "ChromeDriver" : null;
        if (missing != null) {
            String how = missing + " is not installed: apt-get install chromium chromium-driver (Debian), "
                    + "or set PLAYGROUND_CHROMIUM and PLAYGROUND_CHROMEDRIVER";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException("CI must run the browser test: " + how);
            Assumptions.abort(how);
        }
        url = System.getProperty("playground.url");
        if (url == null) {
            tiny = new TinyPlayground(5, true, null);
            url = tiny.url();
        }
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // as this machine needs it: no sandbox (root), no GPU, no background traffic to Google, a fresh profile
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory("playground-chromium"), "--window-size=1400,3000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 3000));
    }

    /** The executable named by the environment variable, or the default path, or null when neither exists. */
    private static String binary(String variable, String path) {
        String v = System.getenv(variable);
        String p = v != null && !v.isBlank() ? v : path;
        return new File(p).canExecute() ? p : null;
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (tiny != null) tiny.close();
    }

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static String src(String id) {
        String s = driver.findElement(By.id(id)).getAttribute("src");
        return s == null ? "" : s;
    }

    @Test
    void aPersonDragsOnTheVaePlaneEditsTheCodeMapAndStepsThePixelCnn() throws IOException {
        driver.get(url);
        assertThat(driver.getTitle()).isEqualTo("autoencoders playground");

        // 1. the VAE's plane: wait for the first decoded picture (the middle of the plane), then drag across the plane
        waiting(60).until(d -> src("decoded-vae").startsWith("data:image/png"));
        waiting(60).until(d -> "done".equals(((JavascriptExecutor) d).executeScript("return state.jobs.latent && state.jobs.latent.state")));
        waiting(10).until(d -> ((JavascriptExecutor) d).executeScript("return state.latent && state.latent.step") != null);
        String before = src("decoded-vae");
        WebElement plane = driver.findElement(By.id("plane-vae"));
        new Actions(driver).moveToElement(plane, -120, -110).clickAndHold().moveByOffset(40, 30).moveByOffset(40, 30).release().perform();
        waiting(10).until(d -> !src("decoded-vae").equals(before));
        String afterDrag = src("decoded-vae");
        assertThat(afterDrag).startsWith("data:image/png").isNotEqualTo(before);
        assertThat(driver.findElement(By.id("point-vae")).getText()).startsWith("z = (");

        // 2. the VQ-VAE's code map: click the middle cell, then a bar of the usage chart with another code
        waiting(60).until(d -> d.findElements(By.cssSelector("#vq-map .cell")).size() == 49 && src("vq-decoded").startsWith("data:image/png"));
        String decoded = src("vq-decoded");
        WebElement cell = driver.findElement(By.cssSelector("#vq-map .cell[data-cell='24']"));
        int old = Integer.parseInt(cell.getText());
        cell.click();
        waiting(5).until(d -> d.findElement(By.id("vq-selected")).getText().startsWith("cell 24"));
        assertThat(driver.findElement(By.cssSelector("#vq-map .cell[data-cell='24']")).getAttribute("class")).contains("sel");
        int other = old == 0 ? 1 : 0;
        driver.findElement(By.cssSelector("#vq-usage .bar[data-code='" + other + "']")).click();
        waiting(10).until(d -> !src("vq-decoded").equals(decoded));
        assertThat(driver.findElement(By.cssSelector("#vq-map .cell[data-cell='24']")).getText()).isEqualTo(Integer.toString(other));
        assertThat(driver.findElement(By.id("vq-selected")).getText()).isEqualTo("cell 24 now holds code " + other);

        // 3. PixelCNN: three steps (-Dplayground.steps=N for more), each a code on the map and a distribution
        int steps = Integer.getInteger("playground.steps", 3);
        for (int i = 1; i <= steps; i++) {
            driver.findElement(By.id("px-step")).click();
            int shown = i;
            waiting(30).until(d -> d.findElements(By.cssSelector("#px-map .cell:not(.empty)")).size() >= shown);
        }
        assertThat(driver.findElement(By.id("px-dist-caption")).getText()).startsWith("step " + steps + " of 49");
        assertThat(src("px-image")).startsWith("data:image/png");

        // the other panels have drawn their pictures
        waiting(30).until(d -> src("dn-dae").startsWith("data:image/png") && src("cvae-image").startsWith("data:image/png")
                && src("interp-vae").startsWith("data:image/png"));
        assertThat(driver.findElement(By.id("status-line")).getAttribute("class")).isNotEqualTo("error");

        // screenshots: the whole page and each panel
        Path page = SHOTS.resolve("page.png");
        Files.write(page, driver.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(page)).isGreaterThan(10_000);
        for (String panel : List.of("latent", "interp", "cvae", "denoise", "vq", "pixelcnn")) {
            Path shot = SHOTS.resolve("panel-" + panel + ".png");
            WebElement section = driver.findElement(By.id("panel-" + panel));
            driver.executeScript("arguments[0].scrollIntoView()", section); // a part outside the viewport would be cut off
            Files.write(shot, section.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(shot)).as(shot.toString()).isGreaterThan(2_000);
        }
    }
}
