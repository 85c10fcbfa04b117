package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Frames captured live from a network interface, through libpcap (by pcap4j and JNA, optional
 * dependencies of this module: a program that only reads capture files needs neither). Nanosecond
 * timestamps where the system gives them, immediate delivery, and a short read timeout so that the
 * caller can stop between frames.
 *
 * <pre>{@code
 * try (LiveCapture c = LiveCapture.open("lo", "tcp port 8080", 262144);
 *         PcapngWriter out = PcapngWriter.create(file, c.linkType(), c.snapLength(), "lo", "my tool")) {
 *     while (!done) {
 *         LiveCapture.Frame f = c.next(); // null after about 100 ms without a frame
 *         if (f != null) {
 *             out.write(f.epochSecond(), f.nanos(), f.wireLength(), f.data());
 *         }
 *     }
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LiveCapture implements AutoCloseable {

    /** How long {@link #next} waits for a frame before it returns null. */
    static final int TIMEOUT_MILLIS = 100;
    /** How long to wait between reads that found nothing. */
    private static final int POLL_MILLIS = 2;

    /** One captured frame: its time, its length on the wire and the bytes kept of it. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Frame(long epochSecond, int nanos, int wireLength, byte[] data) {
    }

    /** Why a capture could not start. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Failure {
        /** libpcap (or JNA, or pcap4j) is not available. */
        NO_LIBPCAP,
        /** The process may not capture: neither root nor the capabilities to. */
        NO_PERMISSION,
        /** No interface of that name. */
        NO_SUCH_INTERFACE,
        /** The filter is not valid BPF. */
        BAD_FILTER,
        /** libpcap refused for another reason, given in the message. */
        OTHER
    }

    /** A capture that could not start, with why as data and libpcap's words as the message. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class StartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final Failure failure;
        private final String interfaceName;
        private final transient List<String> interfaces;

        StartException(Failure failure, String interfaceName, List<String> interfaces, String message, Throwable cause) {
            super(message, cause);
            this.failure = failure;
            this.interfaceName = interfaceName;
            this.interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        }

        /** Why the capture could not start. */
        public Failure failure() {
            return failure;
        }

        /** The interface asked for. */
        public String interfaceName() {
            return interfaceName;
        }

        /** The interfaces libpcap lists, when the one asked for is not among them. */
        public List<String> interfaces() {
            return interfaces;
        }
    }

    private final PcapHandle handle;
    private final String interfaceName;
    private final int linkType;
    private final int snapLength;

    private LiveCapture(PcapHandle handle, String interfaceName, int linkType, int snapLength) {
        this.handle = handle;
        this.interfaceName = interfaceName;
        this.linkType = linkType;
        this.snapLength = snapLength;
    }

    /**
     * Starts capturing on {@code interfaceName}.
     *
     * @param filter a BPF filter (tcpdump's syntax), or null or blank for every frame
     * @param snapLength the most bytes kept of a frame
     * @throws StartException naming why the capture cannot start
     */
    public static LiveCapture open(String interfaceName, String filter, int snapLength) {
        Objects.requireNonNull(interfaceName, "interfaceName");
        PcapHandle handle;
        try {
            PcapNetworkInterface device = Pcaps.getDevByName(interfaceName);
            if (device == null) {
                List<String> names = Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).toList();
                throw new StartException(Failure.NO_SUCH_INTERFACE, interfaceName, names,
                        "no interface named " + interfaceName, null);
            }
            handle = new PcapHandle.Builder(interfaceName).snaplen(snapLength)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(TIMEOUT_MILLIS).immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            throw failed(interfaceName, e);
        } catch (LinkageError e) {
            throw new StartException(Failure.NO_LIBPCAP, interfaceName, null, String.valueOf(e.getMessage()), e);
        }
        try {
            if (filter != null && !filter.isBlank()) {
                try {
                    handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new StartException(Failure.BAD_FILTER, interfaceName, null, e.getMessage(), e);
                }
            }
            // libpcap's read timeout does not return a read on every system when nothing arrives (Linux's
            // memory-mapped capture blocks): read without blocking, and wait a little between empty reads.
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            return new LiveCapture(handle, interfaceName, handle.getDlt().value(), handle.getSnapshot());
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new StartException(Failure.OTHER, interfaceName, null, String.valueOf(e.getMessage()), e);
        } catch (StartException e) {
            handle.close();
            throw e;
        }
    }

    /** The failure libpcap's message describes. */
    private static StartException failed(String interfaceName, PcapNativeException e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        Failure f = lower.contains("permission") || lower.contains("not permitted") ? Failure.NO_PERMISSION
                : lower.contains("no such device") || lower.contains("doesn't exist") ? Failure.NO_SUCH_INTERFACE
                : Failure.OTHER;
        return new StartException(f, interfaceName, null, m, e);
    }

    /** The interface captured on. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The LINKTYPE_ number of its frames. */
    public int linkType() {
        return linkType;
    }

    /** The most bytes kept of a frame. */
    public int snapLength() {
        return snapLength;
    }

    /** The next frame, or null when none came within a short wait (about 100 ms). */
    public Frame next() {
        byte[] data;
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        try {
            while ((data = handle.getNextRawPacket()) == null) {
                if (System.nanoTime() >= deadline) {
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (NotOpenException e) {
            throw new IllegalStateException("the capture on " + interfaceName + " is closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Timestamp t = handle.getTimestamp();
        long millis = t.getTime();
        long seconds = Math.floorDiv(millis, 1000);
        Integer wire = handle.getOriginalLength();
        return new Frame(seconds, t.getNanos(), wire == null ? data.length : wire, data);
    }

    @Override
    public void close() {
        handle.close();
    }
}
