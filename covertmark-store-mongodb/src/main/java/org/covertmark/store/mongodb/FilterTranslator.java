package org.covertmark.store.mongodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates a {@link PacketFilter} into a MongoDB query over the packet documents that
 * {@link PacketCodec} writes, so that only the matching packets leave the server.
 *
 * <p>Every node of today's filter language has an exact translation. A node that has none (one
 * added to the language later, or one a test declares client-side) is evaluated in this process
 * with {@link PacketFilter#test} instead, for that node only: under an {@code and}, the other parts
 * still narrow the query on the server; under an {@code or} or a {@code not}, the whole {@code or}
 * or {@code not} is evaluated here. Each such fallback is logged at debug level.
 */
final class FilterTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(FilterTranslator.class);

    /** Matches no document: {@code _id} is never in an empty list. */
    private static final Document NOTHING = new Document("_id", new Document("$in", List.of()));

    private final Set<Class<?>> clientSide;

    /** A translator that translates every node it knows. */
    FilterTranslator() {
        this(Set.of());
    }

    /** A translator that leaves the nodes of the given classes to {@link PacketFilter#test}. */
    FilterTranslator(Set<Class<?>> clientSide) {
        this.clientSide = Set.copyOf(clientSide);
    }

    /**
     * A translated filter.
     *
     * @param query the server-side query; it selects every packet the filter selects, and exactly
     *     those when {@code residual} is null
     * @param residual what must still be tested in this process on the packets the query returns,
     *     or null when the query is exact
     */
    record Translation(Document query, PacketFilter residual) {

        /** Whether the query alone selects exactly the filter's packets. */
        boolean exact() {
            return residual == null;
        }
    }

    /** The query and residual for {@code filter}. */
    Translation translate(PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Translation t = node(filter);
        if (!t.exact()) {
            LOG.debug("filter {}: the server selects {}, this process tests {}", filter, t.query().toJson(),
                    t.residual());
        }
        return t;
    }

    private Translation node(PacketFilter f) {
        if (clientSide.contains(f.getClass())) {
            return clientSide(f);
        }
        if (f instanceof PacketFilter.All) {
            return exact(new Document());
        }
        if (f instanceof PacketFilter.Protocol p) {
            // The ports and payload length are stored only when the transport header was decoded,
            // as Packet.isTcp() and isUdp() require.
            return exact(new Document(PacketCodec.PROTO, p.number())
                    .append(PacketCodec.PAYLOAD_LEN, new Document("$exists", true)));
        }
        if (f instanceof PacketFilter.HasPayload) {
            return exact(new Document(PacketCodec.PAYLOAD_LEN, new Document("$gt", 0)));
        }
        if (f instanceof PacketFilter.TlsSegment) {
            return exact(new Document(PacketCodec.TLS_RECORDS, new Document("$exists", true)));
        }
        if (f instanceof PacketFilter.HttpRequest) {
            return exact(new Document(PacketCodec.HTTP_METHOD, new Document("$exists", true)));
        }
        if (f instanceof PacketFilter.Port p) {
            Document src = new Document(PacketCodec.SPORT, p.port());
            Document dst = new Document(PacketCodec.DPORT, p.port());
            return exact(switch (p.direction()) {
                case SRC -> src;
                case DST -> dst;
                case EITHER -> new Document("$or", List.of(src, dst));
            });
        }
        if (f instanceof PacketFilter.Address a) {
            Document src = address(PacketCodec.SRC, a.subnet());
            Document dst = address(PacketCodec.DST, a.subnet());
            return exact(a.direction() == Direction.SRC ? src
                    : a.direction() == Direction.DST ? dst : new Document("$or", List.of(src, dst)));
        }
        if (f instanceof PacketFilter.And and) {
            List<Document> queries = new ArrayList<>();
            List<PacketFilter> residuals = new ArrayList<>();
            for (PacketFilter part : and.parts()) {
                Translation t = node(part);
                if (!t.query().isEmpty()) {
                    queries.add(t.query());
                }
                if (!t.exact()) {
                    residuals.add(t.residual());
                }
            }
            Document query = queries.isEmpty() ? new Document()
                    : queries.size() == 1 ? queries.get(0) : new Document("$and", queries);
            PacketFilter residual = residuals.isEmpty() ? null
                    : residuals.size() == 1 ? residuals.get(0) : new PacketFilter.And(residuals);
            return new Translation(query, residual);
        }
        if (f instanceof PacketFilter.Or or) {
            if (or.parts().isEmpty()) {
                return exact(NOTHING);
            }
            List<Document> queries = new ArrayList<>();
            for (PacketFilter part : or.parts()) {
                Translation t = node(part);
                if (!t.exact()) {
                    return clientSide(f);
                }
                if (t.query().isEmpty()) {
                    return exact(new Document());
                }
                queries.add(t.query());
            }
            return exact(queries.size() == 1 ? queries.get(0) : new Document("$or", queries));
        }
        if (f instanceof PacketFilter.Not not) {
            Translation t = node(not.operand());
            if (!t.exact()) {
                return clientSide(f);
            }
            return exact(t.query().isEmpty() ? NOTHING : new Document("$nor", List.of(t.query())));
        }
        return clientSide(f);
    }

    private static Translation exact(Document query) {
        return new Translation(query, null);
    }

    private static Translation clientSide(PacketFilter f) {
        LOG.debug("no MongoDB query for '{}': it is evaluated in this process", f);
        return new Translation(new Document(), f);
    }

    /**
     * The addresses of {@code subnet} in the 128-bit form {@link PacketCodec} stores (IPv4 addresses
     * as their IPv4-mapped IPv6 form), as a range query; the address's version is tested too where
     * {@link Subnet#contains(IpAddress)} makes it matter.
     */
    static Document address(String prefix, Subnet subnet) {
        IpAddress network = subnet.network();
        long hi;
        long lo;
        int bits;
        boolean anyVersion;
        if (subnet.version() == 4) {
            IpAddress mapped = network.mapped();
            hi = mapped.high();
            lo = mapped.low();
            bits = subnet.prefixLength() + 96;
            anyVersion = true; // an IPv4 block also holds the IPv4-mapped IPv6 forms of its addresses
        } else {
            hi = network.high();
            lo = network.low();
            bits = subnet.prefixLength();
            // An IPv6 block holds IPv4 addresses only when it lies inside ::ffff:0:0/96.
            anyVersion = bits >= 96 && network.isIpv4Mapped();
        }
        List<Document> parts = new ArrayList<>(3);
        if (!anyVersion) {
            parts.add(new Document(PacketCodec.TYPE, PacketCodec.IPV6));
        }
        String hiField = prefix + PacketCodec.HI_SUFFIX;
        String loField = prefix + PacketCodec.LO_SUFFIX;
        if (bits <= 64) {
            long mask = bits == 0 ? 0 : -1L << (64 - bits);
            unsignedRange(hiField, hi & mask, hi | ~mask, parts);
        } else {
            parts.add(new Document(hiField, hi));
            long mask = bits == 128 ? -1L : -1L << (128 - bits);
            unsignedRange(loField, lo & mask, lo | ~mask, parts);
        }
        if (parts.isEmpty()) {
            return new Document(hiField, new Document("$exists", true));
        }
        return parts.size() == 1 ? parts.get(0) : new Document("$and", parts);
    }

    /**
     * Adds the condition {@code low <= field <= high} with both bounds read as unsigned 64-bit
     * numbers, for a field stored as a signed int64; nothing for the whole range.
     */
    private static void unsignedRange(String field, long low, long high, List<Document> parts) {
        if (low == high) {
            parts.add(new Document(field, low));
        } else if (low == 0 && high == -1L) {
            return;
        } else if ((low ^ high) >= 0) {
            // Both bounds in the same half: unsigned order is signed order.
            parts.add(new Document(field, new Document("$gte", low).append("$lte", high)));
        } else {
            // low in [0, 2^63), high in [2^63, 2^64): two signed ranges.
            parts.add(new Document("$or", List.of(new Document(field, new Document("$gte", low)),
                    new Document(field, new Document("$lte", high)))));
        }
    }
}
