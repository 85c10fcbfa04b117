package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.PacketBuilder;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("packets TSV")
class PacketTsvTest {

    /** The row of a packet made the plain way: the column values as text, escaped, encoded as UTF-8. */
    private static byte[] expectedRow(Packet p) {
        PacketColumn[] columns = PacketColumn.values();
        String[] values = new String[columns.length];
        PacketColumn.values(p, values);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            if (values[i] != null) {
                line.append(values[i].replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                        .replace("\r", "\\r"));
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] row(Packet p) {
        TsvRows rows = new TsvRows(16);
        rows.add(p);
        return java.util.Arrays.copyOf(rows.bytes(), rows.length());
    }

    /** Every packet of the shipped captures, up to where a capture is cut short. */
    private static List<Packet> shippedPackets() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(CliRun.PUBLIC, Path.of("samples"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted()
                        .forEach(files::add);
            }
        }
        List<Packet> packets = new ArrayList<>();
        for (Path f : files) {
            try (CaptureReader reader = CaptureReader.open(f)) {
                while (reader.hasNext()) {
                    packets.add(reader.next());
                }
            } catch (RuntimeException cutShort) {
                // fuzz-2021-10-13.pcap: the packets before the cut are kept
            }
        }
        return packets;
    }

    private static List<Packet> unusualPackets() {
        byte[] tls = {22, 3, 1, 0, 2, 1, 2, 23, 3, 3, 0, 1, 9, 21, 3, 3, 0, 0};
        return List.of(
                PacketBuilder.tcp("10.0.0.1", 1, "192.168.255.254", 65535).seq(0xffffffffL).ack(0).flags(0xfff)
                        .ttl(255).frame(Long.MAX_VALUE).payload(tls).build(),
                PacketBuilder.tcp("2001:db8::1", 443, "::ffff:1.2.3.4", 50000).payload("not text \u00ff").build(),
                PacketBuilder.tcp("0.0.0.0", 80, "255.255.255.255", 8080)
                        .payload("GET /a\tb\\c\u00e9\rd HTTP/1.1\r\nHost: x\r\n\r\n").build(),
                PacketBuilder.tcp("10.0.0.1", 80, "10.0.0.2", 8080).payload("M-SEARCH /cut-\u00e9").build(),
                PacketBuilder.udp("fe80::1", 5353, "ff02::fb", 5353).payload(new byte[12]).build(),
                PacketBuilder.udp("10.0.0.1", 53, "10.0.0.2", 5353).time(Timestamp.UNKNOWN).build(),
                PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).time(new Timestamp(-1, 1)).build(),
                PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).time(new Timestamp(-5_000_000_000L, 999_999_999))
                        .build(),
                PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).time(new Timestamp(Long.MAX_VALUE, 999_999_999))
                        .build(),
                PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).time(new Timestamp(Long.MIN_VALUE + 1, 0)).build(),
                PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).timeMicros(1_700_000_000_123_456L)
                        .flags(TcpSegment.SYN).build());
    }

    @Test
    @DisplayName("each row holds the column values as text, escaped, in UTF-8: every shipped packet and odd ones")
    void rowsAreTheColumnValues() throws IOException {
        List<Packet> packets = new ArrayList<>(shippedPackets());
        assertThat(packets).as("shipped packets").hasSizeGreaterThan(10_000);
        packets.addAll(unusualPackets());
        for (Packet p : packets) {
            assertThat(new String(row(p), StandardCharsets.UTF_8)).as("row of %s", p)
                    .isEqualTo(new String(expectedRow(p), StandardCharsets.UTF_8));
        }
        assertThat(row(unusualPackets().get(2))).as("a Latin-1 target byte becomes two UTF-8 bytes")
                .containsSequence(0x5c, 0x5c, 'c', 0xc3, 0xa9, 0x5c, 'r', 'd');
    }

    @Test
    @DisplayName("numbers are written as Long.toString writes them, at every length and sign")
    void numbers() {
        List<Long> values = new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, 0xffffffffL));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 10 * p - 1, 5 * p + 3}) {
                values.add(v);
                values.add(-v);
            }
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        byte[] b = new byte[64];
        for (long v : values) {
            int end = TsvRows.number(b, 3, v);
            assertThat(new String(b, 3, end - 3, StandardCharsets.US_ASCII)).as("%d", v).isEqualTo(Long.toString(v));
        }
        for (int v = 0; v < 1_000_000; v += 7) {
            assertThat(TsvRows.digits(v)).as("digits of %d", v).isEqualTo(Integer.toString(v).length());
        }
    }

    /** Many packets with distinct rows, more than several batches. */
    private static List<Packet> manyPackets(int n) {
        List<Packet> packets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PacketBuilder b = PacketBuilder.tcp("10.0." + (i >>> 8 & 0xff) + "." + (i & 0xff), 1024 + i % 60000,
                    "192.0.2.1", i % 3 == 0 ? 80 : 443).frame(i + 1).timeMicros(1_700_000_000_000_000L + 37L * i)
                    .seq(i * 2_654_435_761L);
            if (i % 3 == 0) {
                b.payload("GET /item/" + i + " HTTP/1.1\r\n\r\n");
            } else if (i % 3 == 1) {
                b.payload(new byte[] {23, 3, 3, 0, 1, (byte) i});
            }
            packets.add(b.build());
        }
        return packets;
    }

    /** The packets, then (when {@code failAt} is below their number) a failure to read the next one. */
    private static Iterator<Packet> reading(List<Packet> packets, int failAt) {
        return new Iterator<>() {
            int next;
            boolean failed;

            @Override
            public boolean hasNext() {
                if (next == failAt && !failed) {
                    failed = true;
                    throw new IllegalStateException("cut short after " + failAt);
                }
                return !failed && next < packets.size();
            }

            @Override
            public Packet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return packets.get(next++);
            }
        };
    }

    private static String expectedTable(List<Packet> packets) {
        StringBuilder s = new StringBuilder(new String(TsvRows.header(), StandardCharsets.UTF_8));
        for (Packet p : packets) {
            s.append(new String(expectedRow(p), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("the rows come in capture order, whatever the number of threads")
    void inOrder(int threads) throws IOException {
        List<Packet> packets = manyPackets(3 * PacketTsv.BATCH + 17);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketTsv.write(reading(packets, Integer.MAX_VALUE), out, threads);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expectedTable(packets));
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    @DisplayName("when reading fails, every row before the failure is written, then the failure is thrown")
    void failureAfterTheRowsBeforeIt(int threads) {
        List<Packet> packets = manyPackets(2 * PacketTsv.BATCH + 10);
        for (int failAt : new int[] {0, 5, PacketTsv.BATCH, PacketTsv.BATCH + 1, 2 * PacketTsv.BATCH + 3}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> PacketTsv.write(reading(packets, failAt), out, threads))
                    .as("failing at %d", failAt).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cut short after " + failAt);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("failing at %d", failAt)
                    .isEqualTo(expectedTable(packets.subList(0, failAt)));
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    @DisplayName("when formatting a row fails, the rows before it are written, then the failure is thrown")
    void formattingFailure(int threads) {
        List<Packet> packets = new ArrayList<>(manyPackets(3 * PacketTsv.BATCH));
        int bad = PacketTsv.BATCH + 7;
        packets.set(bad, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> PacketTsv.write(reading(packets, Integer.MAX_VALUE), out, threads))
                .isInstanceOf(NullPointerException.class);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expectedTable(packets.subList(0, bad)));
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    @DisplayName("an error while reading (not a fault of the capture) is thrown, and nothing waits for it")
    void readingError(int threads) {
        List<Packet> packets = manyPackets(3 * PacketTsv.BATCH);
        int bad = PacketTsv.BATCH + 7;
        Iterator<Packet> failing = new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                if (next == bad) {
                    throw new InternalError("a fault occurred in an unsafe memory access");
                }
                return next < packets.size();
            }

            @Override
            public Packet next() {
                return packets.get(next++);
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> PacketTsv.write(failing, out, threads)).isInstanceOf(InternalError.class));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(expectedTable(List.of()));
    }

    @Test
    @DisplayName("a failing output stops the writing with its exception")
    void outputFailure() {
        List<Packet> packets = manyPackets(6 * PacketTsv.BATCH);
        OutputStream closed = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 100_000) {
                    throw new IOException("pipe closed");
                }
            }
        };
        assertThatThrownBy(() -> PacketTsv.write(reading(packets, Integer.MAX_VALUE), closed, 2))
                .isInstanceOf(IOException.class).hasMessage("pipe closed");
    }
}
