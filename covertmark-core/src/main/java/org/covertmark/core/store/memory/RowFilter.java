package org.covertmark.core.store.memory;

import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;

/**
 * A strategic filter evaluated on the rows of a {@link PackedTrace}: protocol and payload tests read
 * the trace's kind column, and address tests on IPv4 packets and IPv4 subnets its address columns, so
 * neither rebuilds the packet. Every other test (ports, TLS, HTTP, IPv6 addresses, IPv4 addresses in
 * IPv6 blocks) rebuilds it and asks {@link PacketFilter#test}, whose meaning every part here follows.
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
        if (kindBit(filter) != 0) {
            return kind(trace, kindBit(filter));
        }
        if (filter instanceof PacketFilter.Address a && a.subnet().version() == 4) {
            return addresses(trace, List.of(a));
        }
        if (filter instanceof PacketFilter.And and) {
            // Kind tests join into one mask; parts that select everything drop out.
            List<PacketFilter> rest = new ArrayList<>();
            int bits = 0;
            for (PacketFilter part : flatten(and.parts(), PacketFilter.And.class)) {
                int bit = kindBit(part);
                if (bit != 0) {
                    bits |= bit;
                } else if (!(part instanceof PacketFilter.All)) {
                    rest.add(part);
                }
            }
            RowFilter[] parts = parts(rest, trace);
            int mask = bits;
            if (parts.length == 0) {
                return mask == 0 ? of(PacketFilter.all(), trace) : kind(trace, mask);
            }
            if (parts.length == 1) {
                RowFilter only = parts[0];
                return mask == 0 ? only : new RowFilter() {
                    @Override
                    boolean test(int row) {
                        return (trace.kind(row) & mask) == mask && only.test(row);
                    }
                };
            }
            return new RowFilter() {
                @Override
                boolean test(int row) {
                    if ((trace.kind(row) & mask) != mask) {
                        return false;
                    }
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
            List<PacketFilter> flat = flatten(or.parts(), PacketFilter.Or.class);
            if (flat.stream().allMatch(f -> f instanceof PacketFilter.Address a && a.subnet().version() == 4)) {
                return addresses(trace, flat.stream().map(f -> (PacketFilter.Address) f).toList());
            }
            RowFilter[] parts = parts(flat, trace);
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

    /** The kind column bit a filter tests, or 0 when it tests something else. */
    private static int kindBit(PacketFilter filter) {
        if (filter instanceof PacketFilter.Protocol p) {
            return p.number() == Packet.TCP ? PackedTrace.TCP : PackedTrace.UDP;
        }
        return filter instanceof PacketFilter.HasPayload ? PackedTrace.PAYLOAD : 0;
    }

    /** The parts of nested filters of the same kind (and of and, or of or), in order. */
    private static List<PacketFilter> flatten(List<PacketFilter> parts, Class<? extends PacketFilter> type) {
        List<PacketFilter> out = new ArrayList<>();
        for (PacketFilter p : parts) {
            if (type.isInstance(p)) {
                out.addAll(flatten(p instanceof PacketFilter.And a ? a.parts() : ((PacketFilter.Or) p).parts(), type));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Rows whose kind has every bit of {@code mask}. */
    private static RowFilter kind(PackedTrace trace, int mask) {
        return new RowFilter() {
            @Override
            boolean test(int row) {
                return (trace.kind(row) & mask) == mask;
            }
        };
    }

    /**
     * Any of several IPv4 blocks, each tested on the source, the destination or either: IPv4 packets
     * compare masked bits; IPv6 packets (whose mapped addresses an IPv4 block may hold) ask the reference.
     */
    private static RowFilter addresses(PackedTrace trace, List<PacketFilter.Address> blocks) {
        int n = blocks.size();
        int[] masks = new int[n];
        int[] networks = new int[n];
        boolean[] source = new boolean[n];
        boolean[] destination = new boolean[n];
        for (int i = 0; i < n; i++) {
            Subnet subnet = blocks.get(i).subnet();
            masks[i] = subnet.prefixLength() == 0 ? 0 : -1 << (32 - subnet.prefixLength());
            networks[i] = (int) subnet.network().low();
            source[i] = blocks.get(i).direction() != Direction.DST;
            destination[i] = blocks.get(i).direction() != Direction.SRC;
        }
        return new RowFilter() {
            @Override
            boolean test(int row) {
                if ((trace.kind(row) & PackedTrace.IPV4) == 0) {
                    Packet p = trace.packet(row);
                    for (PacketFilter.Address a : blocks) {
                        if (a.test(p)) {
                            return true;
                        }
                    }
                    return false;
                }
                int src = trace.source4(row);
                int dst = trace.destination4(row);
                for (int i = 0; i < n; i++) {
                    if (source[i] && (src & masks[i]) == networks[i]
                            || destination[i] && (dst & masks[i]) == networks[i]) {
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
