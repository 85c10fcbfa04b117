package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.covertmark.api.packet.Packet;

/**
 * Clusters of payload lengths, most frequent first: the Java counterparts of the original
 * {@code ordered_tcp_payload_length_frequency} and {@code ordered_udp_payload_length_frequency}.
 *
 * <p>The clustering is scikit-learn's {@code MeanShift(bandwidth, bin_seeding=True)} — a flat
 * kernel, seeds on a grid of the bandwidth's size (rounding half to even, as numpy does), a seed
 * moved to the mean of the points within the bandwidth (inclusive) until it moves less than a
 * thousandth of the bandwidth or 300 times, centres ordered by how many points they hold with
 * near-duplicates (within the bandwidth) removed, each point labelled with its nearest centre —
 * computed exactly on the one-dimensional integer lengths with prefix sums, so it costs no more than
 * a sort of the distinct lengths.
 */
@API(status = MAINTAINED, since = "0.1")
public final class LengthClusters {

    /** TCP payloads longer than this are near a likely MTU limit and left out of clustering. */
    public static final int MTU_AVOIDANCE = 1300;

    private static final int MAX_ITERATIONS = 300;

    private LengthClusters() {
    }

    /**
     * Clusters the TCP payload lengths (as announced by the IP header) of the TCP packets among
     * {@code packets}, leaving out lengths above {@value #MTU_AVOIDANCE} bytes.
     *
     * @param tlsOnly when set, only segments whose payload begins with a whole TLS record count
     */
    public static List<LengthCluster> tcpPayloadLengths(List<Packet> packets, boolean tlsOnly, double bandwidth) {
        int[] lengths = packets.stream()
                .filter(p -> p.isTcp() && (!tlsOnly || p.isTlsSegment()))
                .mapToInt(p -> p.tcp().orElseThrow().payloadLength())
                .filter(l -> l <= MTU_AVOIDANCE)
                .toArray();
        return meanShift(lengths, bandwidth);
    }

    /** Clusters the UDP payload lengths (the UDP length field less its 8-byte header) of the UDP packets. */
    public static List<LengthCluster> udpPayloadLengths(List<Packet> packets, double bandwidth) {
        int[] lengths = packets.stream().filter(Packet::isUdp)
                .mapToInt(p -> Math.max(0, p.udp().orElseThrow().length() - 8)).toArray();
        return meanShift(lengths, bandwidth);
    }

    /**
     * Mean-shift clusters of non-negative integer values, ordered by the number of values in each,
     * most first (ties by centre, smaller first).
     *
     * @throws IllegalArgumentException if the bandwidth is not positive or a value is negative
     */
    public static List<LengthCluster> meanShift(int[] values, double bandwidth) {
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, not " + bandwidth);
        }
        if (values.length == 0) {
            return List.of();
        }
        int max = Arrays.stream(values).max().orElseThrow();
        if (Arrays.stream(values).min().orElseThrow() < 0) {
            throw new IllegalArgumentException("lengths must not be negative");
        }
        // counts[v] and prefix sums over the value axis answer "points within the bandwidth" in O(1).
        long[] count = new long[max + 2];
        long[] sum = new long[max + 2];
        for (int v : values) {
            count[v + 1]++;
        }
        for (int v = 0; v <= max; v++) {
            sum[v + 1] = sum[v] + count[v + 1] * v;
            count[v + 1] += count[v];
        }
        Window within = new Window(count, sum, max, bandwidth);

        // Seeds: the occupied cells of a grid of the bandwidth's size, or every point if each has its own
        // cell. Read from the counts, by distinct value in ascending order: the order of the seeds does not
        // change the centres found.
        List<Double> cells = new ArrayList<>();
        List<Double> distinct = new ArrayList<>();
        double lastCell = Double.NaN;
        for (int v = 0; v <= max; v++) {
            if (count[v + 1] == count[v]) {
                continue;
            }
            distinct.add((double) v);
            double cell = Math.rint(v / bandwidth);
            if (cell != lastCell) {
                cells.add(cell);
                lastCell = cell;
            }
        }
        double[] seeds = cells.size() == values.length ? distinct.stream().mapToDouble(Double::doubleValue).toArray()
                : cells.stream().mapToDouble(c -> c * bandwidth).toArray();

        Map<Double, Long> intensity = new LinkedHashMap<>();
        double stop = 1e-3 * bandwidth;
        for (double seed : seeds) {
            double mean = seed;
            long inside;
            int iterations = 0;
            while (true) {
                inside = within.count(mean);
                if (inside == 0) {
                    break;
                }
                double previous = mean;
                mean = within.mean(mean);
                if (Math.abs(mean - previous) <= stop || iterations == MAX_ITERATIONS) {
                    break;
                }
                iterations++;
            }
            if (inside > 0) {
                intensity.put(mean, inside);
            }
        }

        // Strongest centres first (ties: larger centre first, as sorting (intensity, centre) in reverse does).
        List<Map.Entry<Double, Long>> ranked = new ArrayList<>(intensity.entrySet());
        ranked.sort(Map.Entry.<Double, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()).reversed());
        List<Double> centres = new ArrayList<>();
        boolean[] suppressed = new boolean[ranked.size()];
        for (int i = 0; i < ranked.size(); i++) {
            if (suppressed[i]) {
                continue;
            }
            double c = ranked.get(i).getKey();
            centres.add(c);
            for (int j = 0; j < ranked.size(); j++) {
                if (Math.abs(ranked.get(j).getKey() - c) <= bandwidth) {
                    suppressed[j] = true;
                }
            }
        }

        // Each distinct value joins its nearest centre (the first one on a tie).
        int k = centres.size();
        List<TreeSet<Integer>> members = new ArrayList<>(k);
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            members.add(new TreeSet<>());
        }
        for (int v = 0; v <= max; v++) {
            long n = count[v + 1] - count[v];
            if (n == 0) {
                continue;
            }
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (Math.abs(v - centres.get(i)) < Math.abs(v - centres.get(best))) {
                    best = i;
                }
            }
            members.get(best).add(v);
            sizes[best] += n;
        }
        List<LengthCluster> clusters = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (sizes[i] > 0) {
                clusters.add(new LengthCluster(members.get(i), sizes[i], centres.get(i)));
            }
        }
        clusters.sort(Comparator.comparingLong(LengthCluster::packets).reversed()
                .thenComparingDouble(LengthCluster::center));
        return List.copyOf(clusters);
    }

    /** Counts and means of the values within the bandwidth of a point, from prefix sums. */
    private record Window(long[] count, long[] sum, int max, double bandwidth) {

        long count(double centre) {
            int lo = low(centre);
            int hi = high(centre);
            return lo > hi ? 0 : count[hi + 1] - count[lo];
        }

        double mean(double centre) {
            int lo = low(centre);
            int hi = high(centre);
            return (double) (sum[hi + 1] - sum[lo]) / (count[hi + 1] - count[lo]);
        }

        private int low(double centre) {
            double x = Math.ceil(centre - bandwidth);
            if (x - 1 >= 0 && Math.abs(x - 1 - centre) <= bandwidth) {
                x -= 1;
            }
            return (int) Math.max(0, x);
        }

        private int high(double centre) {
            double x = Math.floor(centre + bandwidth);
            if (Math.abs(x + 1 - centre) <= bandwidth) {
                x += 1;
            }
            return (int) Math.min(max, x);
        }
    }
}
