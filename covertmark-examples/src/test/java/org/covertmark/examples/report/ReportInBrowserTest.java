package org.covertmark.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.procedure.Procedure;
import org.covertmark.core.procedure.ProcedureFiles;
import org.covertmark.core.procedure.ProcedureListener;
import org.covertmark.core.procedure.ProcedureResult;
import org.covertmark.core.procedure.ProcedureRunner;
import org.covertmark.core.procedure.RunOutcome;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the report of real runs — every built-in strategy in both directions on Shadowsocks and
 * Tor captures against HTTPS browsing — and opens it in headless chromium: the page must load with
 * no console error and no failed resource, and every chart must be drawn, which is read off a
 * screenshot (pixels of the series colours inside each chart's box). The screenshots are kept in
 * {@code target/report-screenshots/} for people to look at.
 */
@DisplayName("The HTML report in a real browser")
class ReportInBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    static final List<String> STRATEGIES = List.of("entropy-dist", "entropy-est", "length-clustering", "sgd");

    /** Records script errors, failed resources and console errors before the page's own content runs. */
    static final String ERROR_PROBE = "<script>window.__cmErrors=[];"
            + "window.addEventListener('error',function(e){__cmErrors.push('error: '+(e.message||"
            + "(e.target&&(e.target.src||e.target.href))||e.type))},true);"
            + "window.addEventListener('unhandledrejection',function(e){__cmErrors.push('rejection: '+e.reason)});"
            + "(function(){var c=console.error;console.error=function(){__cmErrors.push('console: '+"
            + "Array.prototype.join.call(arguments,' '));c.apply(console,arguments)}})();</script>";

    /** After the load event: the errors, each chart's box and title, the matrix's box, the page height. */
    static final String LAYOUT_PROBE = "<script>window.addEventListener('load',function(){"
            + "function box(e){var b=e.getBoundingClientRect();return [Math.round(b.left+scrollX),"
            + "Math.round(b.top+scrollY),Math.round(b.width),Math.round(b.height)]}"
            + "var charts=[];document.querySelectorAll('svg.chart').forEach(function(s){"
            + "charts.push({box:box(s),title:s.getAttribute('aria-label')})});"
            + "var m=document.querySelector('table.matrix');var p=document.createElement('pre');p.id='cm-probe';"
            + "p.textContent=JSON.stringify({errors:__cmErrors,charts:charts,matrix:m?box(m):null,"
            + "height:document.documentElement.scrollHeight});document.body.appendChild(p)});</script>";

    static final Pattern PROBE = Pattern.compile("<pre id=\"cm-probe\">(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    static Path dir;

    static ProcedureResult result;
    static Chromium chromium;

    /** Runs the demo's own procedure: every built-in strategy on the bundled obfs4 and shadowsocks captures. */
    @BeforeAll
    static void runTheDemo() throws IOException {
        chromium = Chromium.find(dir);
        Procedure procedure = Procedure.load(Path.of("samples", "demo.json"));
        try (TraceStore store = TraceStores.open("memory:")) {
            result = ProcedureRunner.run(procedure, store, StrategyRegistry.discover(ReportInBrowserTest.class.getClassLoader()),
                    ProcedureListener.NONE);
        }
        ProcedureFiles.write(result, dir.resolve("results"));
        Files.createDirectories(SCREENSHOTS);
    }

    /** The runs that measured something. */
    static List<RunResult> measured() {
        return result.outcomes().stream().map(o -> o.result().orElseThrow()).filter(r -> !r.records().isEmpty())
                .toList();
    }

    @Test
    @DisplayName("every built-in strategy publishes the distribution of the feature it used")
    void distributionsArePublished() {
        assertThat(result.outcomes()).hasSize(14);
        assertThat(result.failures()).as("failed runs").isEmpty();
        List<String> strategies = measured().stream().map(RunResult::strategy).distinct().toList();
        assertThat(strategies).containsExactlyInAnyOrderElementsOf(STRATEGIES);
        for (RunResult r : measured()) {
            String run = r.strategy() + " " + r.direction() + " on " + r.spec().positive();
            assertThat(r.distributions()).as(run).hasSize(1);
            FeatureHistogram h = r.distributions().values().iterator().next();
            assertThat(h.total(Role.POSITIVE)).as(run).isPositive();
            assertThat(h.bins()).as(run).isBetween(1, FeatureHistogram.MAX_BINS);
        }
    }

    @Test
    @DisplayName("the procedure's report loads without errors and draws every chart and the detection matrix")
    void procedureReport() throws Exception {
        Path report = dir.resolve("results").resolve("report.html");
        Check check = check(report, "procedure-report");
        assertThat(check.kinds()).containsKeys("Each run's best configuration", "TPR against FPR",
                "Distribution", "TPR by", "FPR by", "Precision against the base rate");
        assertThat(check.kinds().get("Precision against the base rate")).isEqualTo(measured().size());
        // each run that measured something has an operating-point chart and a distribution
        assertThat(check.kinds().get("TPR against FPR")).isEqualTo(measured().size());
        assertThat(check.kinds().get("Distribution")).isEqualTo(measured().size());
        assertThat(check.kinds().get("Each run's best configuration")).isEqualTo(1);
        assertThat(check.matrixRed()).as("cells of the 'very effective' band or of inconclusive verdicts in the "
                + "detection matrix").isGreaterThan(2000);
    }

    @Test
    @DisplayName("a single run's report loads without errors and draws every chart")
    void runReport() throws Exception {
        RunOutcome obfs4Entropy = result.outcomes().stream()
                .filter(o -> o.run().protocol().equals("obfs4") && o.run().strategy().equals("entropy-dist")
                        && o.reversed())
                .findFirst().orElseThrow();
        Path report = dir.resolve("results").resolve(obfs4Entropy.folderName()).resolve("report.html");
        Check check = check(report, "run-report");
        assertThat(check.kinds()).containsOnlyKeys("TPR against FPR", "Distribution", "TPR by", "FPR by",
                "Precision against the base rate");
        assertThat(check.kinds().get("TPR by")).isEqualTo(3);
    }

    @Test
    @DisplayName("the report is self-contained: no external resource, no link out of the file")
    void selfContained() throws IOException {
        String html = Files.readString(dir.resolve("results").resolve("report.html"));
        assertThat(html).doesNotContain(" src=").doesNotContain("<link").doesNotContain("url(")
                .doesNotContain("@import");
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertThat(href.group(1)).startsWith("#");
        }
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://")
                .doesNotContain("https://");
    }

    record Check(Map<String, Integer> kinds, long matrixRed) {
    }

    /**
     * Opens the report with error and layout probes added, takes a screenshot of the whole page, and
     * checks that each chart's box in the screenshot holds many pixels of the series colours.
     */
    Check check(Path report, String name) throws Exception {
        String html = Files.readString(report);
        Path probed = report.resolveSibling("probed-" + report.getFileName());
        Files.writeString(probed, html.replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(ERROR_PROBE))
                .replace("</body>", LAYOUT_PROBE + "</body>"));

        String dom = chromium.dumpDom(probed);
        Matcher m = PROBE.matcher(dom);
        assertThat(m.find()).as("the page's load-event probe ran (no script failed before it)").isTrue();
        JsonNode probe = new ObjectMapper().readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&"));
        List<String> errors = new ArrayList<>();
        probe.get("errors").forEach(e -> errors.add(e.asText()));
        assertThat(errors).as("console errors and failed resources").isEmpty();

        int height = Math.min(probe.get("height").asInt() + 20, 30_000);
        Path png = chromium.screenshot(probed, height, dir.resolve(name + ".png"));
        Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(Chromium.WIDTH);

        Map<String, Integer> kinds = new TreeMap<>();
        JsonNode charts = probe.get("charts");
        assertThat(charts.size()).as("charts on the page").isPositive();
        for (JsonNode c : charts) {
            String title = c.get("title").asText();
            int[] b = box(c.get("box"));
            assertThat(b[2]).as("width of " + title).isGreaterThan(200);
            assertThat(b[3]).as("height of " + title).isGreaterThan(150);
            assertThat(b[1] + b[3]).as("chart '" + title + "' lies within the screenshot").isLessThan(shot.getHeight());
            long coloured = count(shot, b, ReportInBrowserTest::chromatic);
            long inked = count(shot, b, rgb -> !nearWhite(rgb));
            assertThat(coloured).as("pixels of series colours in '" + title + "' at " + List.of(b[0], b[1]))
                    .isGreaterThan(40);
            assertThat(inked).as("drawn pixels (axes, text, marks) in '" + title + "'").isGreaterThan(1500);
            kinds.merge(kind(title), 1, Integer::sum);
        }
        long matrixRed = 0;
        if (probe.hasNonNull("matrix")) {
            matrixRed = count(shot, box(probe.get("matrix")), rgb -> close(rgb, 0xb2182b, 30) || close(rgb, 0x9e9ac8, 30));
        }
        return new Check(kinds, matrixRed);
    }

    static String kind(String title) {
        for (String k : List.of("Each run's best configuration", "TPR against FPR", "Distribution", "TPR by",
                "FPR by", "Precision against the base rate")) {
            if (title.startsWith(k)) {
                return k;
            }
        }
        return title;
    }

    static int[] box(JsonNode n) {
        return new int[] {n.get(0).asInt(), n.get(1).asInt(), n.get(2).asInt(), n.get(3).asInt()};
    }

    interface PixelTest {
        boolean test(int rgb);
    }

    static long count(BufferedImage img, int[] b, PixelTest test) {
        long n = 0;
        for (int y = Math.max(0, b[1] + 2); y < Math.min(img.getHeight(), b[1] + b[3] - 2); y++) {
            for (int x = Math.max(0, b[0] + 2); x < Math.min(img.getWidth(), b[0] + b[2] - 2); x++) {
                if (test.test(img.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** A saturated pixel: a series colour (or a bar of it), not white, grey text, grid or a faint shade. */
    static boolean chromatic(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60;
    }

    static boolean nearWhite(int rgb) {
        return close(rgb, 0xffffff, 12);
    }

    static boolean close(int rgb, int target, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
