package org.covertmark.core.store.memory;

import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;

/**
 * A strategic filter evaluated on the rows of a {@link PackedTrace}: protocol and payload tests read
 * the trace's kind column, and address tests on IPv4 packets and IPv4 subnets read the addresses from
 * the captured bytes, so neither rebuilds the packet. Every other test (ports, TLS, HTTP, IPv6
 * addresses, IPv4 addresses in IPv6 blocks) rebuilds it and asks {@link PacketFilter#test}, whose
 * meaning every part here follows.
 */
abstract class RowFilter {

    /** Whether the packet at {@code row} is selected. */
    abstract boolean test(int row);

    /** The filter for the rows of {@code trace}. */
    static RowFilter of(PacketFilter filter, PackedTrace trace) {
        if (filter instanceof PacketFilter.All) {
            return new RowFilter() {
                @Override
                boolean test(int row) {
                    return true;
                }
            };
        }
        if (filter instanceof PacketFilter.Protocol p) {
            int bit = p.number() == org.covertmark.api.packet.Packet.TCP ? PackedTrace.TCP : PackedTrace.UDP;
            return kind(trace, bit);
        }
        if (filter instanceof PacketFilter.HasPayload) {
            return kind(trace, PackedTrace.PAYLOAD);
        }
        if (filter instanceof PacketFilter.Address a && a.subnet().version() == 4) {
            return address(trace, a);
        }
        if (filter instanceof PacketFilter.And and) {
            RowFilter[] parts = parts(and.parts(), trace);
            return new RowFilter() {
                @Override
                boolean test(int row) {
                    for (RowFilter f : parts) {
                        if (!f.test(row)) {
                            return false;
                        }
                    }
                    return true;
                }
            };
        }
        if (filter instanceof PacketFilter.Or or) {
            RowFilter[] parts = parts(or.parts(), trace);
            return new RowFilter() {
                @Override
                boolean test(int row) {
                    for (RowFilter f : parts) {
                        if (f.test(row)) {
                            return true;
                        }
                    }
                    return false;
                }
            };
        }
        if (filter instanceof PacketFilter.Not not) {
            RowFilter operand = of(not.operand(), trace);
            return new RowFilter() {
                @Override
                boolean test(int row) {
                    return !operand.test(row);
                }
            };
        }
        return new RowFilter() {
            @Override
            boolean test(int row) {
                return filter.test(trace.packet(row));
            }
        };
    }

    private static RowFilter[] parts(List<PacketFilter> parts, PackedTrace trace) {
        RowFilter[] out = new RowFilter[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of(parts.get(i), trace);
        }
        return out;
    }

    private static RowFilter kind(PackedTrace trace, int bit) {
        return new RowFilter() {
            @Override
            boolean test(int row) {
                return (trace.kind(row) & bit) != 0;
            }
        };
    }

    /** An IPv4 block: IPv4 packets compare masked bits; IPv6 packets (mapped addresses) ask the reference. */
    private static RowFilter address(PackedTrace trace, PacketFilter.Address a) {
        Subnet subnet = a.subnet();
        int mask = subnet.prefixLength() == 0 ? 0 : -1 << (32 - subnet.prefixLength());
        int network = (int) subnet.network().low();
        return new RowFilter() {
            @Override
            boolean test(int row) {
                if ((trace.kind(row) & PackedTrace.IPV4) == 0) {
                    return a.test(trace.packet(row));
                }
                return switch (a.direction()) {
                    case SRC -> (trace.source4(row) & mask) == network;
                    case DST -> (trace.destination4(row) & mask) == network;
                    case EITHER -> (trace.source4(row) & mask) == network
                            || (trace.destination4(row) & mask) == network;
                };
            }
        };
    }
}
