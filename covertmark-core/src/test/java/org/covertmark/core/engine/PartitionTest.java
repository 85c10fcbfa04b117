package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.synthetic.Traces;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a trace is divided into a selection part and a test part. */
@DisplayName("A partition")
class PartitionTest {

    static TraceData trace(List<Packet> packets) {
        List<Subnet> clients = List.of(Subnet.parse(Generated.CLIENTS));
        return new TraceData(Role.POSITIVE, "generated", packets, InputFilter.of(InputRule.src(Generated.CLIENTS)),
                clients, clients, PacketFilter.all());
    }

    /** Connections to six servers, 5, 1, 1, 2, 3 and 4 of them: 16 in all. */
    static List<Packet> sixServers() {
        int[] sizes = {5, 1, 1, 2, 3, 4};
        List<Packet> all = new ArrayList<>();
        int n = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int k = 0; k < sizes[s]; k++, n++) {
                all.addAll(Traces.conversation("10.0.0." + (n + 1) + ":40000", "192.0.2." + (s + 1) + ":443")
                        .startingAt(10_000L * n).send(Generated.marked(0)).send(Generated.marked(0)).packets());
            }
        }
        return Traces.merge(all);
    }

    static Set<IpAddress> servers(TraceData t, boolean[] selected, boolean part) {
        Set<IpAddress> out = new HashSet<>();
        for (Connection c : t.connections()) {
            if (selected[c.id()] == part) {
                out.add(c.server());
            }
        }
        return out;
    }

    @Test
    @DisplayName("of a trace with at least 4 servers is by host: the parts share no server and differ by at most "
            + "the largest host's connections")
    void byHost() {
        TraceData t = trace(sixServers());
        for (long seed = 0; seed < 20; seed++) {
            Partition p = Partition.of(t, seed);
            assertThat(p.split()).isEqualTo("host");
            Set<IpAddress> selection = servers(t, p.selected(), true);
            Set<IpAddress> test = servers(t, p.selected(), false);
            assertThat(selection).doesNotContainAnyElementsOf(test);
            assertThat(selection.size() + test.size()).isEqualTo(6);
            assertThat(p.selectionFlows() + p.testFlows()).isEqualTo(16);
            assertThat(Math.abs(p.selectionFlows() - p.testFlows())).isLessThanOrEqualTo(5);
            assertThat(p.selectionHosts()).isEqualTo(selection.size());
            assertThat(p.testHosts()).isEqualTo(test.size());
        }
    }

    @Test
    @DisplayName("of a trace with fewer than 4 servers is by connection, in halves, never by packet")
    void byConnection() {
        List<Packet> three = Traces.merge(Generated.connections(1, 3, 2, 0), Traces.conversation("10.9.0.1:1",
                "172.17.0.1:443").startingAt(1).send(Generated.marked(0)).packets());
        TraceData t = trace(three);
        Partition p = Partition.of(t, 7);
        assertThat(p.split()).isEqualTo("flow");
        assertThat(t.connections()).hasSize(7);
        assertThat(p.selectionFlows()).isEqualTo(4);
        assertThat(p.testFlows()).isEqualTo(3);
        t.select(p.selected());
        for (int i = 0; i < t.packets().size(); i++) {
            assertThat(t.selected(i)).as("packet %d goes with its connection", i)
                    .isEqualTo(p.selected()[t.connection(i).id()]);
        }
    }

    @Test
    @DisplayName("of a trace with one connection is none: both parts are the whole trace")
    void none() {
        TraceData t = trace(Generated.connections(1, 1, 1, 0));
        Partition p = Partition.of(t, 7);
        assertThat(p.split()).isEqualTo("none");
        assertThat(p.inSelection(0)).isTrue();
        assertThat(p.inTest(0)).isTrue();
        assertThat(p.selectionFlows()).isEqualTo(1);
        assertThat(p.testFlows()).isEqualTo(1);
    }

    @Test
    @DisplayName("is the same for the same seed, and differs between seeds")
    void seeded() {
        TraceData t = trace(sixServers());
        assertThat(Partition.of(t, 42).selected()).isEqualTo(Partition.of(t, 42).selected());
        Set<String> splits = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            splits.add(java.util.Arrays.toString(Partition.of(t, seed).selected()));
        }
        assertThat(splits).hasSizeGreaterThan(1);
    }

    @Test
    @DisplayName("a run warns when a trace has a single connection: nothing of it could be held out")
    void warnsWhenNothingIsHeldOut() {
        RunResult r = Generated.run(new Generated.Marker(), Generated.connections(1, 1, 1, 1),
                Generated.connections(2, 1, 4, 0), s -> s.trials(1));
        assertThat(r.selection().get("positive").split()).isEqualTo("none");
        assertThat(r.warnings()).contains("the positive trace has 1 connection: nothing of it could be held out, so its "
                + "rates are measured on the data the configuration was chosen on");
        assertThat(r.flows()).filteredOn(f -> f.role() == Role.POSITIVE).extracting(RunResult.FlowRow::part)
                .containsExactly("both");
    }

    /**
     * Notes, in each trial, the connections of the packets {@link TraceView#selected} lets it learn
     * from — the packets it would learn from — and its trial number.
     */
    static final class Learner extends Generated.Marker {
        final List<Set<Integer>> learnt = new ArrayList<>();
        final List<Integer> trials = new ArrayList<>();

        @Override
        public void learn(StrategyContext context, Config config) {
            TraceView t = context.trace(Role.POSITIVE);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < t.packets().size(); i++) {
                if (t.selected(i)) {
                    seen.add(t.connection(i).id());
                }
            }
            learnt.add(seen);
            trials.add(context.trial());
        }
    }

    @Test
    @DisplayName("lets a strategy learn only from the selection part, a different one in each trial")
    void learnsOnlyFromTheSelectionPart() {
        Learner learner = new Learner();
        RunResult r = Generated.run(learner, sixServers(), Generated.connections(2, 1, 4, 0), s -> s.trials(4));
        // learn() runs once per trial for the one configuration, and once more in the first trial for the
        // decisions listed per connection.
        assertThat(learner.trials).containsExactly(0, 0, 1, 2, 3);
        Set<String> testPart = new HashSet<>();
        Set<String> selectionPart = new HashSet<>();
        for (RunResult.FlowRow f : r.flows()) {
            if (f.role() == Role.POSITIVE) {
                (f.part().equals("test") ? testPart : selectionPart).add(f.connection().client().toString());
            }
        }
        assertThat(testPart).hasSize(r.selection().get("positive").testFlows()).isNotEmpty();
        Set<String> learntFrom = new HashSet<>();
        TraceData t = trace(sixServers());
        for (int id : learner.learnt.get(0)) {
            learntFrom.add(t.connections().get(id).client().toString());
        }
        assertThat(learntFrom).isNotEmpty().isEqualTo(selectionPart).doesNotContainAnyElementsOf(testPart);
        assertThat(new HashSet<>(learner.learnt.subList(1, 5))).as("trials split differently").hasSizeGreaterThan(1);
    }
}
