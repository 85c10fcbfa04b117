package org.covertmark.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Address blocks as range queries: the server must agree with {@link Subnet#contains(IpAddress)}. */
class FilterTranslatorTest {

    private static final List<String> ADDRESSES = List.of("0.0.0.0", "10.0.0.0", "10.1.2.3", "10.255.255.255",
            "11.0.0.0", "127.0.0.1", "128.0.0.0", "192.168.0.17", "255.255.255.255", "::", "::1", "::ffff:0.0.0.0",
            "::ffff:10.1.2.3", "::ffff:192.168.0.17", "::ffff:255.255.255.255", "::fffe:ffff:ffff", "::1:0:0:0",
            "2001:db8::1", "2601:647:4b02:1d20::5", "2601:647:4b02:1d21::5", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "8000::", "8000::1", "8000:0:0:0:8000::", "8000::ffff:ffff:ffff:ffff", "fe80::1",
            "ffff:ffff:ffff:ffff:7fff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:8000::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    private static final List<String> SUBNETS = List.of("0.0.0.0/0", "10.0.0.0/8", "10.1.2.3", "192.168.0.0/16",
            "128.0.0.0/1", "0.0.0.0/1", "255.255.255.255/32", "::/0", "::/1", "8000::/1", "::/64", "::/96",
            "::ffff:0:0/96", "::ffff:0:0/95", "::ffff:10.0.0.0/104", "::ffff:10.1.2.3/128", "2001:db8::/32",
            "2601:647:4b02:1d20::/64", "2601:647:4b02:1d20::/63", "7fff::/16", "8000::/64", "8000::/65",
            "8000:0:0:0:8000::/65", "fe80::/10", "::1/128", "ffff:ffff:ffff:ffff::/64", "ffff:ffff:ffff:ffff::/65",
            "ffff:ffff:ffff:ffff:8000::/65", "ffff::/16");

    private static InProcessMongo server;
    private static MongoTraceStore store;
    private static MongoCollection<Document> addresses;

    @BeforeAll
    static void load() {
        server = InProcessMongo.start();
        store = server.openStore(MongoTraceStore.Options.defaults());
        addresses = store.database().getCollection("addresses");
        List<Document> docs = new ArrayList<>();
        for (String text : ADDRESSES) {
            IpAddress a = IpAddress.parse(text);
            IpAddress m = a.mapped();
            // The fields PacketCodec writes for a source address.
            docs.add(new Document("_id", text).append("type", a.isIpv4() ? "IPv4" : "IPv6")
                    .append("src_hi", m.high()).append("src_lo", m.low()));
        }
        addresses.insertMany(docs);
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    @DisplayName("every block selects on the server exactly the addresses Subnet.contains puts in it")
    void agreesWithContains() {
        for (String s : SUBNETS) {
            Subnet subnet = Subnet.parse(s);
            List<String> expected = ADDRESSES.stream().filter(a -> subnet.contains(IpAddress.parse(a))).sorted().toList();
            Document query = new FilterTranslator().translate(PacketFilter.sourceIn(subnet)).query();

            List<String> found = new ArrayList<>();
            addresses.find(query).forEach(d -> found.add(d.getString("_id")));

            assertThat(found).as(s + " as " + query.toJson()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @DisplayName("an IPv4 block is one range of the low half; ::/0 holds only IPv6 packets")
    void shapes() {
        assertThat(FilterTranslator.address("src", Subnet.parse("10.0.0.0/8")).toJson()).isEqualTo(
                "{\"$and\": [{\"src_hi\": 0}, {\"src_lo\": {\"$gte\": 281470849515520, \"$lte\": 281470866292735}}]}");
        assertThat(FilterTranslator.address("dst", Subnet.parse("::/0")).toJson()).isEqualTo("{\"type\": \"IPv6\"}");
    }
}
