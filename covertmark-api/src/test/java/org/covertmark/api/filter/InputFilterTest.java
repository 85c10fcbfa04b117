package org.covertmark.api.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TestPackets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("InputFilter")
class InputFilterTest {

    private static final String A = "10.0.0.0/8";
    private static final String B = "192.168.0.0/16";
    private static final String C = "172.16.0.0/12";

    private static final String IN_A = "10.1.1.1";
    private static final String IN_A2 = "10.2.2.2";
    private static final String IN_B = "192.168.1.1";
    private static final String IN_C = "172.16.5.5";
    private static final String ELSEWHERE = "8.8.8.8";

    private static InputRule src(String s) {
        return InputRule.src(s);
    }

    private static InputRule dst(String s) {
        return InputRule.dst(s);
    }

    private static InputRule either(String s) {
        return InputRule.either(s);
    }

    private static Arguments row(String description, List<InputRule> rules, String source, String destination,
            boolean passes) {
        return Arguments.of(description, rules, source, destination, passes);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("empty filter, unrelated addresses", List.of(), ELSEWHERE, ELSEWHERE, true),
                row("SRC only: source in", List.of(src(A)), IN_A, ELSEWHERE, true),
                row("SRC only: source out", List.of(src(A)), ELSEWHERE, IN_A, false),
                row("DST only: destination in", List.of(dst(A)), ELSEWHERE, IN_A, true),
                row("DST only: destination out", List.of(dst(A)), IN_A, ELSEWHERE, false),
                row("SRC and DST: both match", List.of(src(A), dst(B)), IN_A, IN_B, true),
                row("SRC and DST: only source matches", List.of(src(A), dst(B)), IN_A, ELSEWHERE, false),
                row("SRC and DST: only destination matches", List.of(src(A), dst(B)), ELSEWHERE, IN_B, false),
                row("SRC and DST: reversed packet", List.of(src(A), dst(B)), IN_B, IN_A, false),
                row("two SRC rules: either SRC suffices", List.of(src(A), src(B)), IN_B, ELSEWHERE, true),
                row("two SRC rules and a DST rule: second SRC and the DST", List.of(src(A), src(B), dst(C)),
                        IN_B, IN_C, true),
                row("two SRC rules and a DST rule: DST fails", List.of(src(A), src(B), dst(C)), IN_B, IN_A, false),
                row("EITHER only: source in", List.of(either(A)), IN_A, ELSEWHERE, true),
                row("EITHER only: destination in", List.of(either(A)), ELSEWHERE, IN_A, true),
                row("EITHER only: neither in", List.of(either(A)), ELSEWHERE, ELSEWHERE, false),
                row("two EITHER rules: second matches", List.of(either(A), either(B)), ELSEWHERE, IN_B, true),
                row("two EITHER rules: none matches", List.of(either(A), either(B)), IN_C, ELSEWHERE, false),
                row("SRC and EITHER on the same subnet: EITHER wins when only the destination is in it",
                        List.of(src(A), either(A)), ELSEWHERE, IN_A, true),
                row("SRC and EITHER on the same subnet: neither address in it", List.of(src(A), either(A)),
                        ELSEWHERE, ELSEWHERE, false),
                row("SRC rule and an unrelated EITHER rule: SRC alone is enough", List.of(src(A), either(B)),
                        IN_A, ELSEWHERE, true),
                row("SRC rule and an unrelated EITHER rule: EITHER alone is enough", List.of(src(A), either(B)),
                        ELSEWHERE, IN_B, true),
                row("SRC rule and an unrelated EITHER rule: neither", List.of(src(A), either(B)), IN_C, ELSEWHERE,
                        false),
                row("DST rule and EITHER rule: EITHER matches the source", List.of(dst(A), either(B)), IN_B,
                        ELSEWHERE, true),
                row("SRC, DST and EITHER: SRC and DST both match", List.of(src(A), dst(B), either(C)), IN_A2, IN_B,
                        true),
                row("SRC, DST and EITHER: only SRC matches, EITHER misses", List.of(src(A), dst(B), either(C)),
                        IN_A, IN_A2, false),
                row("SRC, DST and EITHER: SRC misses, EITHER rescues", List.of(src(A), dst(B), either(C)), IN_C,
                        IN_A, true),
                row("IPv4 rule, IPv4-mapped IPv6 source", List.of(src(A)), "::ffff:10.1.1.1", "::1", true),
                row("::/0 EITHER rule does not pass IPv4 traffic", List.of(either("::/0")), IN_A, IN_B, false),
                row("::/0 EITHER rule passes IPv6 traffic", List.of(either("::/0")), "2001:db8::1", "::1", true),
                row("IPv6 SRC and IPv4 DST rules", List.of(src("2001:db8::/32"), dst(A)), "2001:db8::1", IN_A,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    @DisplayName("a packet passes by the rules of the original system")
    void table(String description, List<InputRule> rules, String source, String destination, boolean passes) {
        InputFilter f = InputFilter.of(rules);
        assertThat(f.test(IpAddress.parse(source), IpAddress.parse(destination))).isEqualTo(passes);
        assertThat(oracle(rules, IpAddress.parse(source), IpAddress.parse(destination)))
                .as("the row agrees with the written rule").isEqualTo(passes);
    }

    /** The rule as the class documents it, written out independently. */
    private static boolean oracle(List<InputRule> rules, IpAddress s, IpAddress d) {
        if (rules.isEmpty()) {
            return true;
        }
        boolean anySrc = false;
        boolean anyDst = false;
        boolean srcHit = false;
        boolean dstHit = false;
        boolean eitherHit = false;
        for (InputRule r : rules) {
            switch (r.direction()) {
                case SRC -> {
                    anySrc = true;
                    srcHit |= r.subnet().contains(s);
                }
                case DST -> {
                    anyDst = true;
                    dstHit |= r.subnet().contains(d);
                }
                case EITHER -> eitherHit |= r.subnet().contains(s) || r.subnet().contains(d);
                default -> throw new AssertionError();
            }
        }
        if (!anySrc && !anyDst) {
            return eitherHit;
        }
        return eitherHit || ((srcHit || !anySrc) && (dstHit || !anyDst));
    }

    @Test
    @DisplayName("random rule sets agree with the written rule, and with the rules in any order")
    void randomAgreesWithOracle() {
        Random random = new Random(99);
        List<String> subnets = List.of(A, B, C, "10.1.0.0/16", "0.0.0.0/0", "::/0", "::ffff:10.0.0.0/104");
        List<String> addresses = List.of(IN_A, IN_A2, IN_B, IN_C, ELSEWHERE, "::1", "::ffff:10.1.1.1");
        for (int i = 0; i < 3000; i++) {
            List<InputRule> rules = new ArrayList<>();
            int n = random.nextInt(5);
            for (int k = 0; k < n; k++) {
                Direction d = Direction.values()[random.nextInt(3)];
                rules.add(new InputRule(Subnet.parse(subnets.get(random.nextInt(subnets.size()))), d));
            }
            IpAddress s = IpAddress.parse(addresses.get(random.nextInt(addresses.size())));
            IpAddress d = IpAddress.parse(addresses.get(random.nextInt(addresses.size())));
            boolean expected = oracle(rules, s, d);
            assertThat(InputFilter.of(rules).test(s, d)).as(rules + " " + s + " > " + d).isEqualTo(expected);
            List<InputRule> shuffled = new ArrayList<>(rules);
            Collections.shuffle(shuffled, random);
            assertThat(InputFilter.of(shuffled).test(s, d)).isEqualTo(expected);
            // reversing the rules and the packet together changes nothing
            assertThat(InputFilter.of(rules).reversed().test(d, s)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("test(Packet) looks at the packet's source and destination")
    void testPacket() {
        Packet p = TestPackets.ipv4(IN_A, IN_B).carrying(TestPackets.tcp()).parse();
        assertThat(InputFilter.of(src(A), dst(B)).test(p)).isTrue();
        assertThat(InputFilter.of(src(B)).test(p)).isFalse();
        assertThat(InputFilter.of(src(A), dst(B)).reversed().test(p)).isFalse();
        assertThat(InputFilter.all().test(p)).isTrue();
    }

    @Test
    @DisplayName("reversed() swaps SRC and DST, keeps EITHER and the order")
    void reversed() {
        InputFilter f = InputFilter.of(src(A), either(C), dst(B));
        InputFilter r = f.reversed();
        assertThat(r.rules()).containsExactly(dst(A), either(C), src(B));
        assertThat(r.reversed()).isEqualTo(f);
        assertThat(InputFilter.all().reversed()).isEqualTo(InputFilter.all());
        InputRule e = either(C);
        assertThat(e.reversed()).isSameAs(e);
        assertThat(src(A).reversed()).isEqualTo(dst(A));
    }

    @Test
    @DisplayName("the empty filter is ALL; rules print in order")
    void emptyAndToString() {
        assertThat(InputFilter.of()).isSameAs(InputFilter.all());
        assertThat(InputFilter.of(List.of()).isEmpty()).isTrue();
        assertThat(InputFilter.all()).hasToString("ALL");
        assertThat(InputFilter.of(src("10.1.2.3/8"), either("2001:db8::1"))).hasToString(
                "SRC 10.0.0.0/8, EITHER 2001:db8::1");
        assertThat(InputFilter.of(src(A), dst(B))).isEqualTo(InputFilter.of(List.of(src(A), dst(B))))
                .isNotEqualTo(InputFilter.of(dst(B), src(A)));
    }

    @Test
    @DisplayName("rules() cannot be changed through the filter or the list given")
    void immutable() {
        List<InputRule> given = new ArrayList<>(Arrays.asList(src(A)));
        InputFilter f = InputFilter.of(given);
        given.add(dst(B));
        assertThat(f.rules()).containsExactly(src(A));
        assertThatThrownBy(() -> f.rules().add(dst(B))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new InputRule(null, Direction.SRC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> InputRule.src("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
