package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reader's rules for what a public test suite found, on the project's own crafted captures
 * (tools/make-crafted-captures.py), through {@code covertmark packets} as a user runs it: the rows,
 * the exit status and the one-line summaries on standard error. Their fields are compared with tshark
 * by {@link PacketsAgreeWithTsharkTest}.
 */
@DisplayName("covertmark packets on the crafted captures")
class CaptureRulesTest {

    private static CliRun packets(String name) {
        return CliRun.of("packets", PacketsAgreeWithTsharkTest.CRAFTED.resolve(name).toString());
    }

    private static List<String> frames(CliRun run) {
        return run.tsv().stream().map(r -> r.get("frame")).toList();
    }

    @Test
    @DisplayName("a 2.4 record storing more than its wire length is walked by what it stores: frames 1, 2, 3")
    void storedLengthWalked() {
        CliRun run = packets("caplen-over-wire.pcap");
        assertThat(run.status()).isZero();
        assertThat(frames(run)).containsExactly("1", "2", "3");
        assertThat(run.tsv().get(2)).containsEntry("payload_len", "5").containsEntry("seq", "1027");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("a 2.3 file's swapped lengths are swapped back, as libpcap does")
    void olderFilesSwapped() {
        CliRun run = packets("lengths-swapped-v2.3.pcap");
        assertThat(run.status()).isZero();
        assertThat(frames(run)).containsExactly("1", "2", "3");
        assertThat(run.tsv().get(1)).containsEntry("ip_len", "240").containsEntry("payload_len", "200");
    }

    @Test
    @DisplayName("an IPv4 total length of 0 runs to the end of the frame, and is counted")
    void totalLengthZero() {
        CliRun run = packets("ipv4-total-length-zero.pcap");
        assertThat(run.status()).isZero();
        assertThat(run.tsv().get(1)).containsEntry("ip_len", "1306").containsEntry("payload_len", "1266")
                .containsEntry("http_method", "POST").containsEntry("http_uri", "/upload").containsEntry("sport", "40000");
        assertThat(run.err().strip()).isEqualTo("covertmark: " + PacketsAgreeWithTsharkTest.CRAFTED.resolve(
                "ipv4-total-length-zero.pcap") + ": read 1 packet with a repair: IPv4 total length 0 (segmentation "
                + "offload): read to the end of the frame");
    }

    @Test
    @DisplayName("an IPv4 total length beyond the frame: the payload is what the frame held, and it is counted")
    void totalLengthBeyondFrame() {
        CliRun run = packets("ipv4-total-length-beyond-frame.pcap");
        assertThat(run.tsv()).extracting(r -> r.get("ip_len") + "/" + r.get("payload_len"))
                .containsExactly("808/0", "1000/4", "42/2");
        assertThat(run.err()).contains("read 2 packets with a repair: IPv4 total length beyond the frame");
    }

    @Test
    @DisplayName("a TCP header cut by the snap length keeps every field captured: ports from 4 bytes, seq from 8, "
            + "ack from 12, flags and length from 14")
    void cutHeaders() {
        CliRun run = packets("tcp-header-cut.pcap");
        // 12 cuts of a SYN, then of a data segment: 2, 4, 6, 8, 12, 13, 14, 16, 20, 26, 30, 34 bytes of TCP
        int[] tcpBytes = {2, 4, 6, 8, 12, 13, 14, 16, 20, 26, 30, 34};
        List<Map<String, String>> rows = run.tsv();
        assertThat(rows).hasSize(24);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            int n = tcpBytes[i % 12];
            boolean syn = i < 12;
            String at = "frame " + r.get("frame") + " (" + n + " bytes of TCP)";
            assertThat(r.get("sport")).as(at).isEqualTo(n >= 4 ? "40002" : "");
            assertThat(r.get("dport")).as(at).isEqualTo(n >= 4 ? "443" : "");
            assertThat(r.get("seq")).as(at).isEqualTo(n >= 8 ? syn ? "7" : "8" : "");
            assertThat(r.get("ack")).as(at).isEqualTo(n >= 12 ? syn ? "0" : "9" : "");
            assertThat(r.get("flags")).as(at).isEqualTo(n >= 14 ? syn ? "0x0002" : "0x0018" : "");
            assertThat(r.get("payload_len")).as(at).isEqualTo(n >= 14 ? syn ? "0" : "100" : "");
        }
    }

    @Test
    @DisplayName("IP behind MPLS label stacks and PPPoE sessions is read; what is not IP is counted by what it is")
    void encapsulations() {
        CliRun mpls = packets("mpls.pcap");
        assertThat(frames(mpls)).containsExactly("1", "2", "3");
        assertThat(mpls.err()).contains("skipped 1 packet: not IP: MPLS payload that is not IP (first nibble 0)");
        CliRun pppoe = packets("pppoe.pcap");
        assertThat(frames(pppoe)).containsExactly("3", "4");
        assertThat(pppoe.err()).contains("skipped 1 packet: not IP: EtherType 0x8863 (PPPoE discovery)")
                .contains("skipped 1 packet: not IP: PPPoE session protocol 0xc021 (LCP)");
        CliRun other = packets("not-ip-frames.pcap");
        assertThat(frames(other)).containsExactly("4");
        assertThat(other.err()).contains("not IP: EtherType 0x88e5 (MACsec)")
                .contains("not IP: EtherType 0xdada (Marvell DSA tag)").contains("not IP: EtherType 0x0806 (ARP)");
    }

    @Test
    @DisplayName("PPP, PPP in HDLC framing, Cisco HDLC, NFLOG and PKTAP (258 and Apple's 149) are read")
    void linkTypes() {
        assertThat(frames(packets("linktype-ppp.pcap"))).containsExactly("1", "2", "3", "4");
        assertThat(frames(packets("linktype-ppp-hdlc.pcap"))).containsExactly("1", "2", "3");
        CliRun hdlc = packets("linktype-c-hdlc.pcap");
        assertThat(frames(hdlc)).containsExactly("1", "2");
        assertThat(hdlc.err()).contains("skipped 1 packet: not IP: Cisco SLARP");
        assertThat(frames(packets("linktype-nflog.pcap"))).containsExactly("1", "2", "3");
        assertThat(frames(packets("linktype-pktap.pcap"))).containsExactly("1", "2", "3");
        assertThat(frames(packets("linktype-pktap-149.pcap"))).containsExactly("1", "2", "3");
    }

    @Test
    @DisplayName("an unsupported link type: skipped and counted while some interface can be read, exit 2 in either "
            + "format when none can")
    void unsupportedLinkTypes() {
        CliRun mixed = packets("pcapng-unsupported-interface.pcapng");
        assertThat(mixed.status()).isZero();
        assertThat(frames(mixed)).containsExactly("2");
        assertThat(mixed.err()).contains("skipped 2 packets: link type 147 is not supported");
        for (String name : List.of("pcapng-no-supported-interface.pcapng", "unsupported-link-type.pcap")) {
            CliRun none = packets(name);
            assertThat(none.status()).as(name).isEqualTo(2);
            assertThat(none.err().strip()).as(name).contains(name).contains("link type 147")
                    .contains("not supported").doesNotContain("\n").doesNotContain("Exception");
            assertThat(none.tsv()).as(name).isEmpty();
        }
    }

    @Test
    @DisplayName("an IP version other than 4 or 6 is skipped with a reason that reads right")
    void otherIpVersion() {
        CliRun run = packets("ip-version-7.pcap");
        assertThat(frames(run)).containsExactly("2");
        assertThat(run.err()).contains("skipped 1 packet: malformed IP: IP version N (not IPv4 or IPv6)");
    }
}
