package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

@DisplayName("covertmark plot")
class PlotCommandTest {

    @TempDir
    static Path dir;

    static Path results;

    /** length-clustering on Tor against HTTPS: a grid of bandwidth × top clusters. */
    @BeforeAll
    static void run() {
        results = dir.resolve("lc");
        CliRun r = CliRun.of("run", "--quiet", "--strategy", "length-clustering",
                "--positive", CliRun.PUBLIC.resolve("tor.pcap").toString(), "--client", "192.168.1.252",
                "--negative", CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--negative-client", "192.168.0.17",
                "--out", results.toString());
        assertThat(r.status()).as(r.err()).isZero();
    }

    @Test
    @DisplayName("writes an SVG of a metric against a parameter, one line per value of the other parameter")
    void svg() throws Exception {
        Path out = dir.resolve("tpr.svg");
        CliRun r = CliRun.of("plot", results.toString(), "--x", "bandwidth", "--y", "tpr", "--out", out.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + out + "\n");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).as("one line per top-cluster count").isEqualTo(2);
        assertThat(Files.readString(out)).contains("true positive rate by Bandwidth", "Top Clusters 1",
                "Top Clusters 2", "bandwidth 5, top 1 cluster");
    }

    @Test
    @DisplayName("writes a PNG when the file name ends in .png, and TPR against FPR when --x is a metric")
    void png() throws Exception {
        Path out = dir.resolve("sub").resolve("roc.png");
        CliRun r = CliRun.of("plot", results.resolve("results.json").toString(), "--x", "FPR", "--y", "tpr", "--out",
                out.toString());

        assertThat(r.status()).as(r.err()).isZero();
        BufferedImage image = ImageIO.read(out.toFile());
        assertThat(image.getWidth()).isEqualTo(1440);
        assertThat(image.getHeight()).isEqualTo(880);
    }

    @Test
    @DisplayName("writes beside the results by default")
    void defaultName() {
        CliRun r = CliRun.of("plot", results.toString(), "--x", "Top_Clusters", "--y", "block-rate");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(results.resolve("plot-block_rate-by-top-clusters.svg")).isRegularFile();
    }

    @Test
    @DisplayName("names the flag and value at fault, with exit status 2")
    void mistakes() {
        CliRun noParameter = CliRun.of("plot", results.toString(), "--x", "bandwith", "--y", "tpr");
        assertThat(noParameter.status()).isEqualTo(2);
        assertThat(noParameter.err()).isEqualTo("covertmark: --x: " + results.resolve("results.json")
                + " has no parameter 'bandwith'; did you mean \"Bandwidth\"? parameters: Bandwidth, Top Clusters; "
                + "metrics: tpr, fpr, time, block_rate\n");

        CliRun noMetric = CliRun.of("plot", results.toString(), "--x", "bandwidth", "--y", "recall");
        assertThat(noMetric.status()).isEqualTo(2);
        assertThat(noMetric.err()).startsWith("covertmark: --y: no metric 'recall'");

        CliRun noResults = CliRun.of("plot", dir.toString(), "--x", "bandwidth", "--y", "tpr");
        assertThat(noResults.status()).isEqualTo(2);
        assertThat(noResults.err()).contains(dir + ": no results.json in this folder");

        CliRun format = CliRun.of("plot", results.toString(), "--x", "bandwidth", "--y", "tpr", "--out",
                dir.resolve("chart.pdf").toString());
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).contains("must end in .svg or .png");
    }
}
