package org.covertmark.core.procedure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.core.plugin.StrategyRegistry;

/** Strategies for testing procedures, and a registry that finds them. */
public final class TestStrategies {

    private TestStrategies() {
    }

    /**
     * A registry of exactly these strategy classes, found by {@link java.util.ServiceLoader} through a
     * services file written to {@code folder}, as a third party's jar would provide them.
     */
    @SafeVarargs
    public static StrategyRegistry registry(Path folder, Class<? extends DetectionStrategy>... strategies) {
        try {
            Path services = folder.resolve("META-INF/services/" + DetectionStrategy.class.getName());
            Files.createDirectories(services.getParent());
            Files.writeString(services, Arrays.stream(strategies).map(Class::getName)
                    .collect(Collectors.joining("\n", "", "\n")));
            ClassLoader only = new URLClassLoader(new URL[] {folder.toUri().toURL()},
                    TestStrategies.class.getClassLoader()) {
                // Hide the services files of the class path, so that the registry holds exactly these.
                @Override
                public java.util.Enumeration<URL> getResources(String name) throws IOException {
                    return findResources(name);
                }
            };
            return StrategyRegistry.discover(only);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flags TCP packets with payload to a port, 443 unless the parameter {@code port} says otherwise,
     * and passes every other packet with payload.
     */
    public static class ToPort implements DetectionStrategy {
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

        boolean flags(StrategyContext context, Packet p) {
            int port = context.parameter(PORT);
            return p.tcp().map(t -> t.destinationPort() == port).orElse(false);
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            List<Packet> packets = trace.packets();
            for (int i = 0; i < packets.size(); i++) {
                Packet p = packets.get(i);
                if (p.payload().isEmpty() || trace.connection(i) == null) {
                    continue;
                }
                if (flags(context, p)) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }

    /** Throws when it decides on the positive trace. */
    public static class Throwing extends ToPort {
        @Override
        public String name() {
            return "test-throwing";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            if (trace.role() == Role.POSITIVE) {
                throw new IllegalStateException("deliberate failure in the positive run");
            }
            return super.decide(context, trace, config);
        }
    }

    /** Asks for an array larger than any heap. */
    public static class OutOfMemory extends ToPort {
        @Override
        public String name() {
            return "test-out-of-memory";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            long[] huge = new long[Integer.MAX_VALUE - 8];
            huge[huge.length - 1] = 1;
            return super.decide(context, trace, config);
        }
    }

    /** Recurses without end. */
    public static class Recursing extends ToPort {
        @Override
        public String name() {
            return "test-stack-overflow";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            depth(0);
            return super.decide(context, trace, config);
        }

        private static long depth(long n) {
            return depth(n + 1) + 1;
        }
    }

    /** Needs no negative trace. */
    public static class PositiveOnly extends ToPort {
        @Override
        public String name() {
            return "test-positive-only";
        }

        @Override
        public boolean needsNegative() {
            return false;
        }
    }
}
