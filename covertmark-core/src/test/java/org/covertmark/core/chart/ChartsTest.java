package org.covertmark.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

@DisplayName("Charts")
class ChartsTest {

    static XyChart chart() {
        return XyChart.builder("TPR <by> \"block\" & size", 320, 220)
                .xAxis(Axis.categories(List.of("16", "32", "64")), "block size")
                .yAxis(Axis.linear(0, 1, Axis.Format.PERCENT), "TPR")
                .band(new XyChart.Band("range", Palette.BLUE, new double[] {0, 1, 2}, new double[] {0.1, 0.2, 0.3},
                        new double[] {0.5, 0.6, 0.7}, "the range"))
                .series(new XyChart.Series("TPR", Palette.BLUE, List.of(new XyChart.Point(0, 0.3, "a < b"),
                        new XyChart.Point(1, 0.4, null), new XyChart.Point(2, 0.5, null)), true, XyChart.Marker.CIRCLE,
                        false, false))
                .highlight(new XyChart.Highlight(2, 0.5, "best", "the best"))
                .build();
    }

    @Test
    @DisplayName("render as well-formed SVG with escaped text, tooltips as <title> and an accessible label")
    void svg() throws Exception {
        String svg = chart().svgDocument();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getAttribute("aria-label")).isEqualTo("TPR <by> \"block\" & size");
        assertThat(doc.getDocumentElement().getAttribute("role")).isEqualTo("img");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("polygon").getLength()).isEqualTo(1);
        assertThat(svg).contains("<title>a &lt; b</title>", "<title>the best</title>", ">60%<", ">block size<");
        assertThat(chart().svg("chart")).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"");
    }

    @Test
    @DisplayName("render as PNG at twice their size")
    void png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chart().png(out);
        var image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(440);
    }

    @Test
    @DisplayName("axes label rates as percentages and put zeros of a logarithmic axis in a slot of their own")
    void axes() {
        assertThat(Axis.percent(0.005)).isEqualTo("0.5%");
        assertThat(Axis.percent(1)).isEqualTo("100%");
        assertThat(Axis.percent(0.0001)).isEqualTo("0.01%");
        assertThat(Axis.number(1024)).isEqualTo("1024");
        assertThat(Axis.number(7.68219)).isEqualTo("7.682");
        assertThat(Axis.linear(0, 1, Axis.Format.PERCENT).ticks()).extracting(Axis.Tick::label)
                .containsExactly("0%", "20%", "40%", "60%", "80%", "100%");
        assertThat(Axis.fromZero(0.013, 0.001, Axis.Format.PERCENT).ticks()).extracting(Axis.Tick::label)
                .containsExactly("0%", "0.5%", "1%", "1.5%");

        Axis log = Axis.logWithZero(0.0004, 1, Axis.Format.PERCENT);
        assertThat(log.ticks()).extracting(Axis.Tick::label).containsExactly("0", "0.01%", "0.1%", "1%", "10%", "100%");
        assertThat(log.fraction(0)).isZero();
        assertThat(log.fraction(0.0001)).isGreaterThan(0.05);
        assertThat(log.fraction(1)).isEqualTo(1);
        assertThat(log.fraction(0.01)).isGreaterThan(log.fraction(0.001));

        Axis categories = Axis.categories(List.of("a", "b"));
        assertThat(categories.fraction(0)).isEqualTo(0.25);
        assertThat(categories.fraction(1)).isEqualTo(0.75);
    }
}
