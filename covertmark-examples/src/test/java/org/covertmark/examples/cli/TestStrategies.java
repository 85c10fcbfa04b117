package org.covertmark.examples.cli;

import java.util.List;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;

/**
 * Strategies found on the test class path only (through {@code src/test/resources/META-INF/services}),
 * so that the command line can be tested before the built-in strategies exist.
 */
public final class TestStrategies {

    private TestStrategies() {
    }

    /** Test strategy: flags TCP packets to port 443 (or the {@code port} parameter). */
    public static class Port443 implements DetectionStrategy {
        static final Parameter<Integer> PORT = Parameter.integer("port", 443, "The port flagged.").atLeast(0)
                .atMost(65535);

        @Override
        public String name() {
            return "test-port-443";
        }

        @Override
        public String description() {
            return "Test strategy: flags TCP packets to port 443.";
        }

        @Override
        public List<Parameter<?>> parameters() {
            return List.of(PORT);
        }

        private static boolean flags(StrategyContext context, Packet p) {
            int port = context.parameter(PORT);
            return p.tcp().map(t -> t.destinationPort() == port).orElse(false);
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                if (flags(context, trace.packets().get(i))) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }

    /** Test strategy: flags TCP packets to port 443 in both directions of traffic together. */
    public static class Port443Both extends Port443 {
        @Override
        public String name() {
            return "test-port-443-both";
        }

        @Override
        public String description() {
            return "Test strategy: flags TCP packets to port 443, reading both directions.";
        }

        @Override
        public InputMode inputMode() {
            return InputMode.EITHER;
        }
    }

    /** Test strategy: fills the heap in its positive run until the JVM runs out of memory. */
    public static class OutOfMemory extends Port443 {
        @Override
        public String name() {
            return "test-out-of-memory";
        }

        @Override
        public String description() {
            return "Test strategy: runs out of memory in its positive run.";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            List<long[]> hoard = new java.util.ArrayList<>();
            while (trace.role() == Role.POSITIVE) {
                hoard.add(new long[1 << 20]);
            }
            return super.decide(context, trace, config);
        }
    }

    /** Test strategy: throws from its positive run. */
    public static class Throwing extends Port443 {
        @Override
        public String name() {
            return "test-throwing";
        }

        @Override
        public String description() {
            return "Test strategy: fails in its positive run.";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            if (trace.role() == Role.POSITIVE) {
                throw new IllegalStateException("deliberate failure in the positive run");
            }
            return super.decide(context, trace, config);
        }
    }
}
