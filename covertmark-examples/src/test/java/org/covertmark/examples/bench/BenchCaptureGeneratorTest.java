package org.covertmark.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCaptureGeneratorTest {

    private static final long SIZE = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void sameSeedAndSizeGiveTheSameBytesAndTheReaderReadsEveryPacket() throws Exception {
        Path first = dir.resolve("a/bench.pcap");
        Path second = dir.resolve("b/bench.pcap");
        BenchCaptureGenerator.Summary s1 = BenchCaptureGenerator.generate(first, SIZE, 7);
        BenchCaptureGenerator.Summary s2 = BenchCaptureGenerator.generate(second, SIZE, 7);

        assertThat(s2).isEqualTo(s1);
        assertThat(sha256(second)).isEqualTo(sha256(first));
        Path otherSeed = dir.resolve("c/bench.pcap");
        BenchCaptureGenerator.generate(otherSeed, SIZE, 8);
        assertThat(sha256(otherSeed)).isNotEqualTo(sha256(first));
        assertThat(Files.size(first)).isEqualTo(s1.bytes()).isLessThanOrEqualTo(SIZE).isGreaterThan(SIZE - 2000);
        assertThat(dir.resolve("a").toFile().list()).containsExactly("bench.pcap");

        long tcp = 0;
        long empty = 0;
        try (CaptureReader reader = CaptureReader.open(first)) {
            while (reader.hasNext()) {
                Packet p = reader.next();
                if (p.isTcp()) {
                    tcp++;
                    assertThat(p.ipLength()).isEqualTo(p.bytes().length());
                    assertThat(p.tcp().orElseThrow().headerLength()).isEqualTo(32);
                    if (p.tcp().orElseThrow().payloadLength() == 0) {
                        empty++;
                    }
                }
            }
            CaptureStats stats = reader.stats();
            assertThat(stats.skippedTotal()).isZero();
            assertThat(stats.records()).isEqualTo(s1.packets());
            assertThat(stats.packets()).isEqualTo(s1.packets());
        }
        assertThat(tcp).isEqualTo(s1.packets());
        assertThat(empty).isEqualTo(s1.emptyAcks());
        assertThat(s1.fullSegments() + s1.smallSegments() + s1.emptyAcks()).isEqualTo(s1.packets());
        assertThat(s1.randomPayloads() + s1.textPayloads()).isEqualTo(s1.fullSegments() + s1.smallSegments());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
