package org.covertmark.examples.strategy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;

/**
 * A censor that blocks TCP flows which carry payload yet open, in each direction, with neither a
 * TLS handshake record nor an HTTP request. Fully encrypted "looks like nothing" protocols — obfs4,
 * shadowsocks, VMess — open with random bytes in both directions; web traffic opens with a TLS
 * ClientHello and ServerHello or an HTTP request. The Great Firewall of China has been measured
 * blocking fully encrypted flows with rules of this shape, TLS and HTTP openings among its exemptions
 * (Wu et al., "How the Great Firewall of China Detects and Blocks Fully Encrypted Traffic", USENIX
 * Security 2023).
 *
 * <p>The unit of both rates is the <em>flow</em> (a bidirectional TCP 5-tuple), since that is what
 * the censor blocks: TPR is the share of the positive trace's flows flagged, FPR the share of the
 * negative trace's flows flagged, and each flagged negative flow blocks its server address. A flow
 * counts when it carries payload and, by default, its opening SYN is in the capture — a flow caught
 * part way through shows no opening bytes, so a capture that starts late says nothing about it.
 * Flows with fewer payload segments than a configuration's threshold are not judged: the censor
 * lets them pass, and they count as not flagged.
 *
 * <p>The configurations try thresholds of {@code min_payload_packets} × 1, 2, 4 and 8: waiting for
 * longer flows spares short innocent exchanges but lets short proxy flows through.
 *
 * <p>This class is built into its own jar against covertmark-api alone; see the project's README,
 * "Writing a strategy".
 */
public final class TlsHandshakeAbsenceStrategy implements DetectionStrategy {

    static final Parameter<Integer> MIN_PAYLOAD_PACKETS = Parameter.integer("min_payload_packets", 1,
            "Flows with fewer payload segments are not judged; the configurations try this, 2, 4 and 8 times it.")
            .atLeast(1).atMost(100_000);

    static final Parameter<Boolean> REQUIRE_HANDSHAKE = Parameter.flag("require_handshake", true,
            "Judge only flows whose SYN is in the capture; false judges a flow caught part way by its first "
                    + "captured payload.");

    private static final int[] MULTIPLIERS = {1, 2, 4, 8};

    @Override
    public String name() {
        return "tls-handshake-absence";
    }

    @Override
    public String description() {
        return "Flags TCP flows whose first payload in each direction is neither a TLS handshake record nor an "
                + "HTTP request, as fully encrypted protocols (obfs4, shadowsocks) look. Rates count flows.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Min Payload Packets");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(MIN_PAYLOAD_PACKETS, REQUIRE_HANDSHAKE);
    }

    /** Both directions of each flow are needed: clients and servers are EITHER rules. */
    @Override
    public InputMode inputMode() {
        return InputMode.EITHER;
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp();
    }

    @Override
    public void run(StrategyContext context) {
        warnWhenNoFlowStarts(context, "positive", context.positives());
        warnWhenNoFlowStarts(context, "negative", context.negatives());
        int min = context.parameter(MIN_PAYLOAD_PACKETS);
        for (int k : MULTIPLIERS) {
            Config config = Config.of(min * k);
            context.runOnPositive(config);
            if (context.hasNegative()) {
                context.runOnNegative(config);
            }
        }
    }

    private static void warnWhenNoFlowStarts(StrategyContext context, String trace, List<Packet> packets) {
        boolean requireHandshake = context.parameter(REQUIRE_HANDSHAKE);
        Collection<Flow> flows = flows(packets);
        long carrying = flows.stream().filter(f -> f.payloadSegments > 0).count();
        if (carrying > 0 && flows.stream().noneMatch(f -> f.counts(requireHandshake))) {
            context.log().warn("none of the {} {} flows carrying payload starts in the capture (no SYN), so none is "
                    + "judged; give --param require_handshake=false to judge them by their first captured payload",
                    carrying, trace);
        }
    }

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        return detect(context, flows(context.positives()), config, false);
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        return detect(context, flows(context.negatives()), config, true);
    }

    @Override
    public String interpretConfig(Config config) {
        int min = config.intValue(0);
        return "flows with at least " + min + " payload segment" + (min == 1 ? "" : "s") + " judged";
    }

    private static Detection detect(StrategyContext context, Collection<Flow> flows, Config config, boolean block) {
        boolean requireHandshake = context.parameter(REQUIRE_HANDSHAKE);
        int min = config.intValue(0);
        long counted = 0;
        long flagged = 0;
        for (Flow f : flows) {
            if (!f.counts(requireHandshake)) {
                continue;
            }
            counted++;
            if (f.payloadSegments >= min && !f.opensRecognisably()) {
                flagged++;
                if (block) {
                    context.block(f.server(context));
                }
            }
        }
        return Detection.of(flagged, counted);
    }

    /** The TCP flows of the packets, in order of first appearance. */
    private static Collection<Flow> flows(List<Packet> packets) {
        Map<FlowKey, Flow> flows = new LinkedHashMap<>();
        for (Packet p : packets) {
            TcpSegment t = p.tcp().orElse(null);
            if (t == null) {
                continue;
            }
            Endpoint from = new Endpoint(p.source(), t.sourcePort());
            Endpoint to = new Endpoint(p.destination(), t.destinationPort());
            boolean ascending = from.compareTo(to) <= 0;
            FlowKey key = ascending ? new FlowKey(from, to) : new FlowKey(to, from);
            flows.computeIfAbsent(key, k -> new Flow(p.destination(), k)).add(p, t, ascending);
        }
        return flows.values();
    }

    /** Whether a payload opens with a TLS handshake record header or an HTTP request line. */
    static boolean isRecognisedOpening(Packet p) {
        ByteView b = p.payload();
        // The record header alone: a ClientHello with post-quantum key shares spans several segments.
        boolean tlsHandshake = b.length() >= 3 && b.getUnsignedByte(0) == TlsRecord.HANDSHAKE
                && b.getUnsignedByte(1) == 3 && b.getUnsignedByte(2) <= 4;
        return tlsHandshake || p.isHttpRequest();
    }

    private record Endpoint(IpAddress address, int port) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            int c = address.compareTo(o.address);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }

    private record FlowKey(Endpoint low, Endpoint high) {
    }

    /** What the censor keeps per flow: whether it saw the start, and how each direction opened. */
    private static final class Flow {
        private final IpAddress firstDestination;
        private final FlowKey key;
        private IpAddress server;
        private boolean started;
        private int payloadSegments;
        /** Per direction (low to high, high to low): null before its first payload, then whether it was recognised. */
        private final Boolean[] opening = new Boolean[2];

        Flow(IpAddress firstDestination, FlowKey key) {
            this.firstDestination = firstDestination;
            this.key = key;
        }

        void add(Packet p, TcpSegment t, boolean ascending) {
            if (t.hasFlags(TcpSegment.SYN)) {
                started = true;
                if (!t.hasFlags(TcpSegment.ACK)) {
                    server = p.destination();
                } else if (server == null) {
                    server = p.source();
                }
            }
            if (t.payloadLength() > 0) {
                payloadSegments++;
                int direction = ascending ? 0 : 1;
                if (opening[direction] == null) {
                    opening[direction] = isRecognisedOpening(p);
                }
            }
        }

        boolean counts(boolean requireHandshake) {
            return payloadSegments > 0 && (started || !requireHandshake);
        }

        boolean opensRecognisably() {
            return Boolean.TRUE.equals(opening[0]) || Boolean.TRUE.equals(opening[1]);
        }

        /** The address a censor would block: the SYN's destination, else the side outside the client subnets. */
        IpAddress server(StrategyContext context) {
            if (server != null) {
                return server;
            }
            boolean lowIsClient = context.inNegativeFilter(key.low().address());
            boolean highIsClient = context.inNegativeFilter(key.high().address());
            if (lowIsClient != highIsClient) {
                return lowIsClient ? key.high().address() : key.low().address();
            }
            return firstDestination;
        }
    }
}
