package org.covertmark.api.filter;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;

/**
 * The addresses a trace is read for, as the original system defined them. A packet passes when
 * (its source matches a SRC rule, or there is no SRC rule) and (its destination matches a DST rule,
 * or there is no DST rule) — or when either of its addresses matches any EITHER rule. An empty
 * filter passes every packet; a filter of EITHER rules alone passes exactly the packets with an
 * address in one of them.
 */
@API(status = STABLE, since = "0.1")
public final class InputFilter {

    private static final InputFilter ALL = new InputFilter(List.of());

    private final List<InputRule> rules;
    /** The subnets of the SRC, DST and EITHER rules, as arrays: the filter runs once per packet. */
    private final Subnet[] src;
    private final Subnet[] dst;
    private final Subnet[] either;

    private InputFilter(List<InputRule> rules) {
        this.rules = List.copyOf(rules);
        this.src = select(Direction.SRC);
        this.dst = select(Direction.DST);
        this.either = select(Direction.EITHER);
    }

    private Subnet[] select(Direction d) {
        return rules.stream().filter(r -> r.direction() == d).map(InputRule::subnet).toArray(Subnet[]::new);
    }

    /** {@return the filter that passes everything: no rules, one shared instance} */
    public static InputFilter all() {
        return ALL;
    }

    /**
     * A filter of the given rules.
     *
     * @param rules the rules in the order they are to be listed (the order does not change what
     *     passes); copied, and must not hold null
     * @return the filter; {@link #all()} when {@code rules} is empty
     */
    public static InputFilter of(List<InputRule> rules) {
        return rules.isEmpty() ? ALL : new InputFilter(rules);
    }

    /**
     * A filter of the given rules.
     *
     * @param rules the rules in the order they are to be listed; none gives {@link #all()}
     * @return the filter
     */
    public static InputFilter of(InputRule... rules) {
        return of(Arrays.asList(rules));
    }

    /** {@return the rules, in the order given; an unmodifiable list, empty for {@link #all()}} */
    public List<InputRule> rules() {
        return rules;
    }

    /** {@return whether the filter has no rule and so passes everything} */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether a packet with these addresses passes, by the rule in the class description.
     *
     * @param source the packet's source address
     * @param destination the packet's destination address
     * @return whether the packet passes; always true for an empty filter
     */
    public boolean test(IpAddress source, IpAddress destination) {
        if (rules.isEmpty()) {
            return true;
        }
        for (Subnet s : either) {
            if (s.contains(source) || s.contains(destination)) {
                return true;
            }
        }
        if (src.length == 0 && dst.length == 0) {
            return false;
        }
        return matchesAny(src, source) && matchesAny(dst, destination);
    }

    private static boolean matchesAny(Subnet[] subnets, IpAddress a) {
        if (subnets.length == 0) {
            return true;
        }
        for (Subnet s : subnets) {
            if (s.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the packet passes, judged by its IP addresses alone.
     *
     * @param packet the packet
     * @return {@link #test(IpAddress, IpAddress) test(packet.source(), packet.destination())}
     */
    public boolean test(Packet packet) {
        return rules.isEmpty() || test(packet.source(), packet.destination());
    }

    /**
     * {@return the filter with every SRC rule made DST and every DST rule made SRC, for reading the
     * other direction of the same conversations} EITHER rules stay as they are.
     */
    public InputFilter reversed() {
        List<InputRule> out = new ArrayList<>(rules.size());
        for (InputRule r : rules) {
            out.add(r.reversed());
        }
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputFilter f && f.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    /** The rules joined by commas, or {@code ALL}. */
    @Override
    public String toString() {
        return rules.isEmpty() ? "ALL" : rules.stream().map(InputRule::toString).collect(Collectors.joining(", "));
    }
}
