package org.covertmark.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The capture reader")
class CaptureReaderTest {

    private static final Path PUBLIC = Path.of("..", "data", "public");

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static List<Packet> readAll(Path file) {
        try (CaptureReader r = CaptureReader.open(file)) {
            return r.toList();
        }
    }

    @Nested
    @DisplayName("refuses a file that is not a readable capture, naming the file and the fault")
    class WholeFileFaults {

        @Test
        @DisplayName("a missing file")
        void missing() {
            Path file = dir.resolve("absent.pcap");
            assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureException.class)
                    .hasMessage(file + ": no such file");
        }

        @Test
        @DisplayName("a directory")
        void directory() {
            assertThatThrownBy(() -> CaptureReader.open(dir)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("is a directory");
        }

        @Test
        @DisplayName("an empty file and a file too short to hold a magic number")
        void empty() throws IOException {
            assertThatThrownBy(() -> CaptureReader.open(write("empty.pcap", new byte[0])))
                    .isInstanceOf(CaptureException.class).hasMessageContaining("file is empty");
            assertThatThrownBy(() -> CaptureReader.open(write("three.pcap", new byte[3])))
                    .isInstanceOf(CaptureException.class).hasMessageContaining("too short");
        }

        @Test
        @DisplayName("text that is not a capture, with the bytes it starts with and offset 0")
        void notACapture() throws IOException {
            Path file = write("notes.pcap", "hello world\n".getBytes());
            assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("not a pcap or pcapng capture").hasMessageContaining("68656c6c")
                    .extracting(e -> ((CaptureException) e).offset()).isEqualTo(0L);
        }

        @Test
        @DisplayName("a pcap whose file header is cut short")
        void shortHeader() throws IOException {
            byte[] header = Arrays.copyOf(CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1).toBytes(), 10);
            assertThatThrownBy(() -> CaptureReader.open(write("short.pcap", header)))
                    .isInstanceOf(TruncatedCaptureException.class).hasMessageContaining("file header");
        }

        @Test
        @DisplayName("a link type that cannot be decoded, listing those that can")
        void unsupportedLinkType() throws IOException {
            Path file = write("wifi.pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 105).toBytes());
            assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("link type 105 is not supported").hasMessageContaining("276 LINUX_SLL2");
        }

        @Test
        @DisplayName("a record announcing more bytes than any frame holds, without allocating them")
        void absurdRecordLength() throws IOException {
            byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
                    .u32(1).u32(0).u32(0x7fff_ff00L).u32(0x7fff_ff00L).bytes(new byte[64]).toBytes();
            Path file = write("huge.pcap", bytes);
            try (CaptureReader r = CaptureReader.open(file)) {
                assertThatThrownBy(r::hasNext).isInstanceOf(CaptureException.class)
                        .hasMessageContaining("larger than any frame").hasMessageContaining("at byte 24");
            }
        }

        @Test
        @DisplayName("a pcapng block whose length is not a multiple of 4, or disagrees with its trailer")
        void badBlockLengths() throws IOException {
            byte[] odd = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).u32(1).u32(22).bytes(new byte[14]).toBytes();
            try (CaptureReader r = CaptureReader.open(write("odd.pcapng", odd))) {
                assertThatThrownBy(r::hasNext).isInstanceOf(CaptureException.class)
                        .hasMessageContaining("not a multiple of 4").hasMessageContaining("at byte 32");
            }
            byte[] mismatch = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN).u32(5).u32(16).u32(0).u32(20).toBytes();
            try (CaptureReader r = CaptureReader.open(write("mismatch.pcapng", mismatch))) {
                assertThatThrownBy(r::hasNext).isInstanceOf(CaptureException.class)
                        .hasMessageContaining("does not match its trailing copy 20");
            }
        }
    }

    @Nested
    @DisplayName("on a capture cut short")
    class Truncation {

        @Test
        @DisplayName("delivers every packet before the cut, then says where and how many were read")
        void packetsBeforeTheCut() throws IOException {
            byte[] whole = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, 1)
                    .record(100, 1, CaptureBytes.ethernetUdp(1)).record(101, 2, CaptureBytes.ethernetUdp(3))
                    .toBytes();
            Path file = write("cut.pcap", Arrays.copyOf(whole, whole.length - 5));
            try (CaptureReader r = CaptureReader.open(file)) {
                assertThat(r.hasNext()).isTrue();
                assertThat(r.next().source().toString()).isEqualTo("10.0.0.1");
                assertThatThrownBy(r::hasNext).isInstanceOfSatisfying(TruncatedCaptureException.class, e -> {
                    assertThat(e.packetsRead()).isEqualTo(1);
                    assertThat(e.offset()).isEqualTo(24 + 16 + 46);
                    assertThat(e.getMessage()).contains("cut.pcap").contains("after 1 complete packet record");
                });
                assertThat(r.hasNext()).as("the reader stays finished after the fault").isFalse();
            }
        }

        @Test
        @DisplayName("a pcapng block cut short")
        void pcapngBlockCut() throws IOException {
            byte[] whole = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, null)
                    .enhancedPacket(0, 5_000_000, CaptureBytes.ethernetUdp(1)).toBytes();
            Path file = write("cut.pcapng", Arrays.copyOf(whole, whole.length - 1));
            try (CaptureReader r = CaptureReader.open(file)) {
                assertThatThrownBy(r::hasNext).isInstanceOf(TruncatedCaptureException.class)
                        .hasMessageContaining("a block of 80 bytes").hasMessageContaining("at byte 48");
            }
        }
    }

    @Nested
    @DisplayName("reads")
    class Reading {

        @Test
        @DisplayName("pcap timestamps in both byte orders and resolutions, carrying an overlong fraction into the seconds")
        void pcapTimestamps() throws IOException {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                Path micro = write("micro.pcap", CaptureBytes.pcap(order, false, 1)
                        .record(1_600_000_000L, 123_456, CaptureBytes.ethernetUdp(1))
                        .record(1_600_000_000L, 2_500_000, CaptureBytes.ethernetUdp(1)).toBytes());
                assertThat(readAll(micro)).extracting(Packet::timestamp).containsExactly(
                        new Timestamp(1_600_000_000L, 123_456_000), new Timestamp(1_600_000_002L, 500_000_000));
                Path nano = write("nano.pcap", CaptureBytes.pcap(order, true, 1)
                        .record(1_600_000_000L, 123_456_789, CaptureBytes.ethernetUdp(1)).toBytes());
                assertThat(readAll(nano).get(0).timestamp()).isEqualTo(new Timestamp(1_600_000_000L, 123_456_789));
            }
        }

        @Test
        @DisplayName("pcapng timestamps in each interface's own resolution")
        void pcapngResolutions() throws IOException {
            byte[] bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                    .interfaceBlock(1, null)
                    .interfaceBlock(1, 9)
                    .interfaceBlock(101, 0x80 | 10)
                    .enhancedPacket(0, 1_600_000_000_123_456L, CaptureBytes.ethernetUdp(1))
                    .enhancedPacket(1, 1_600_000_000_123_456_789L, CaptureBytes.ethernetUdp(2))
                    .enhancedPacket(2, (1_600_000_000L << 10) | 512, CaptureBytes.ipv4Udp(3))
                    .toBytes();
            assertThat(readAll(write("res.pcapng", bytes))).extracting(Packet::timestamp).containsExactly(
                    new Timestamp(1_600_000_000L, 123_456_000), new Timestamp(1_600_000_000L, 123_456_789),
                    new Timestamp(1_600_000_000L, 500_000_000));
        }

        @Test
        @DisplayName("frame numbers count packet records only, skipping other pcapng blocks")
        void frameNumbers() throws IOException {
            byte[] bytes = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
                    .block(0x40000bad, new byte[8])
                    .interfaceBlock(1, null)
                    .enhancedPacket(0, 1, CaptureBytes.ethernetArp())
                    .block(5, new byte[16])
                    .enhancedPacket(0, 2, CaptureBytes.ethernetUdp(7))
                    .toBytes();
            try (CaptureReader r = CaptureReader.open(write("blocks.pcapng", bytes))) {
                assertThat(r.toList()).extracting(Packet::frame).containsExactly(2L);
                assertThat(r.stats().records()).isEqualTo(2);
                assertThat(r.stats().skipped()).containsEntry("not IP: EtherType 0x0806 (ARP)", 1L);
            }
        }

        @Test
        @DisplayName("undecodable IP packets are counted under their fault, numbers replaced, protocol names kept")
        void malformedReasons() throws IOException {
            byte[] shortHeader = CaptureBytes.ethernetUdp(1);
            shortHeader[14] = 0x43; // IHL 3: a 12-byte IPv4 header
            byte[] otherShortHeader = CaptureBytes.ethernetUdp(2);
            otherShortHeader[14] = 0x41; // IHL 1
            byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
                    .record(1, 0, shortHeader).record(2, 0, otherShortHeader).record(3, 0, CaptureBytes.ethernetUdp(3))
                    .toBytes();
            try (CaptureReader r = CaptureReader.open(write("ihl.pcap", bytes))) {
                assertThat(r.toList()).extracting(Packet::frame).containsExactly(3L);
                assertThat(r.stats().skipped()).containsExactly(
                        Map.entry("malformed IP: IPv4 header length N below N", 2L));
            }
        }

        @Test
        @DisplayName("packets on an interface of an unsupported link type are skipped and counted, not fatal")
        void unsupportedInterface() throws IOException {
            byte[] bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                    .interfaceBlock(105, null).interfaceBlock(1, null)
                    .enhancedPacket(0, 1, new byte[30]).enhancedPacket(1, 2, CaptureBytes.ethernetUdp(1))
                    .enhancedPacket(7, 3, CaptureBytes.ethernetUdp(1)).toBytes();
            try (CaptureReader r = CaptureReader.open(write("mixed.pcapng", bytes))) {
                assertThat(r.toList()).extracting(Packet::frame).containsExactly(2L);
                assertThat(r.stats().skipped()).containsEntry("link type 105 is not supported", 1L)
                        .containsEntry("packet on an undeclared pcapng interface", 1L);
            }
        }

        @Test
        @DisplayName("only packets that pass the input filter, counting the rest")
        void inputFilter() {
            InputFilter filter = InputFilter.of(InputRule.src("192.168.0.17"));
            try (CaptureReader all = CaptureReader.open(PUBLIC.resolve("tls2.pcap"));
                    CaptureReader some = CaptureReader.open(PUBLIC.resolve("tls2.pcap"), filter)) {
                long expected = all.stream().filter(p -> p.source().toString().equals("192.168.0.17")).count();
                List<Packet> kept = some.toList();
                assertThat(kept).hasSize((int) expected).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.source().toString()).isEqualTo("192.168.0.17"));
                assertThat(some.stats().skipped().get("outside the input filter"))
                        .isEqualTo(some.stats().records() - expected);
            }
        }

        @Test
        @DisplayName("counts the frames without IP that it skips (CDP, VLAN-tagged or not), saying what they hold")
        void nonIpCounted() {
            try (CaptureReader r = CaptureReader.open(PUBLIC.resolve("VlanPackets.pcap"))) {
                assertThat(r.toList()).hasSize(20);
                assertThat(r.stats().records()).isEqualTo(26);
                assertThat(r.stats().skipped()).containsOnly(Map.entry("not IP: an IEEE 802.3 frame with LLC", 6L));
            }
        }
    }
}
