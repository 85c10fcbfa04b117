package org.covertmark.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.capture.CaptureException;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.examples.cli.Converters;
import org.covertmark.examples.cli.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code covertmark bench}: measures capture reading and decoding throughput against bare-loop
 * baselines in one process, or writes the synthetic capture the measurements are made on.
 */
@Command(name = "bench",
        description = {"Measure how fast captures are read, decoded and formatted, against bare-loop baselines.",
            "Each stage reads the whole capture; after warm-up runs, the median, min and max of the measured "
                + "runs are shown, with the ratio of the median to the stage's baseline.",
            "With --generate, write a deterministic synthetic capture (Ethernet/IPv4/TCP) to measure on instead."},
        footer = {"", "Examples:",
            "  covertmark bench --generate /tmp/covertmark-bench/bench-1g.pcap --size 1g",
            "  covertmark bench /tmp/covertmark-bench/bench-1g.pcap --markdown",
            "  covertmark bench capture.pcap --client 10.0.0.0/8 --iterations 3 --warmup 1"},
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {

    static final String HEADER_WALK = "A: header walk (baseline)";
    static final String HISTOGRAM_ENTROPY = "B: histogram entropy (baseline)";
    static final String READ_ONLY = "read only";
    static final String DECODE_ALL = "read + decode all layers";
    static final String INPUT_FILTER = "input filter";
    static final String PCAP4J = "pcap4j decode";
    static final String PACKETS_TSV = "packets TSV";
    static final String PACKETS_TSV_ONE_THREAD = "packets TSV, 1 thread";
    static final String BYTE_ENTROPY = AnalyticsStages.BYTE_ENTROPY;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "A classic pcap capture of Ethernet frames to measure on.")
    Path file;

    @Option(names = "--generate", paramLabel = "OUT",
            description = "Write a synthetic benchmark capture to OUT instead of measuring.")
    Path generate;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1g", converter = SizeConverter.class,
            description = "With --generate: the most bytes to write, e.g. 1g, 200m, 64k (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "With --generate: the random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Input filter of the 'input filter' stage and clients of the window statistics "
                + "(repeatable); default: the first packet's source /16 (/48 for IPv6).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5",
            description = "Measured runs per stage (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Unmeasured warm-up runs per stage (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--markdown", description = "Print a Markdown table with the machine and the command.")
    boolean markdown;

    private StrategyStages strategyStages;
    private CompressedStages compressedStages;

    private String loadBefore;
    private List<Subnet> subnets;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (generate != null) {
            if (file != null) {
                throw new CommandLine.ParameterException(cl, "give either FILE to measure or --generate OUT, not both");
            }
            return generate();
        }
        if (file == null) {
            throw new CommandLine.ParameterException(cl, "give a capture FILE to measure, or --generate OUT");
        }
        for (String o : new String[] {"--size", "--seed"}) {
            if (cl.getParseResult().hasMatchedOption(o)) {
                throw new CommandLine.ParameterException(cl, o + " applies only with --generate");
            }
        }
        if (iterations < 1) {
            throw new CommandLine.ParameterException(cl, "--iterations must be at least 1, not " + iterations);
        }
        if (warmup < 0) {
            throw new CommandLine.ParameterException(cl, "--warmup must be 0 or more, not " + warmup);
        }
        return measure();
    }

    private int generate() throws IOException {
        long start = System.nanoTime();
        BenchCaptureGenerator.Summary s;
        try {
            s = BenchCaptureGenerator.generate(generate, size, seed);
        } catch (IOException e) {
            throw new UserError(generate + ": cannot write the capture: " + describe(e));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = cl().getOut();
        out.printf(Locale.ROOT, "wrote %s: %d bytes, %d packets (%d empty, %d full-size, %d small; payloads %d random,"
                + " %d text) in %.1f s (seed %d)%n", generate, s.bytes(), s.packets(), s.emptyAcks(),
                s.fullSegments(), s.smallSegments(), s.randomPayloads(), s.textPayloads(), seconds, seed);
        out.flush();
        return 0;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way of " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private CommandLine cl() {
        return spec.commandLine();
    }

    // ---- measuring ----

    /** One stage: its work, its baseline (null for a baseline), and what its MB/s counts. */
    private static final class Stage {
        final String name;
        final Stage baseline;
        final boolean payloadBytes;
        final Body body;
        final long[] times;
        final long[] cpuTimes;
        final long[] counters = new long[3];
        long checksum;
        boolean checksumVaried;
        String failure;

        Stage(String name, Stage baseline, boolean payloadBytes, int iterations, Body body) {
            this.name = name;
            this.baseline = baseline;
            this.payloadBytes = payloadBytes;
            this.body = body;
            this.times = new long[iterations];
            this.cpuTimes = new long[iterations];
        }

        long median() {
            return median(times);
        }

        static long median(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        long min() {
            return Arrays.stream(times).min().orElse(0);
        }

        long max() {
            return Arrays.stream(times).max().orElse(0);
        }
    }

    @FunctionalInterface
    private interface Body {
        long run(long[] counters) throws Exception;
    }

    private int measure() throws IOException {
        // pcap4j logs its set-up at INFO; the table is the output here
        if (System.getProperty("org.slf4j.simpleLogger.log.org.pcap4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
        }
        Path path = file;
        InputFilter filter;
        String format;
        try (CaptureReader reader = CaptureReader.open(path)) {
            format = reader.format();
            if (reader.compression().isPresent()) {
                // its baselines walk the file's own bytes; it measures compressed reading itself
                throw new CaptureException(path, -1, "bench measures uncompressed captures (and reading them "
                        + "compressed, from copies it makes); this is " + format + ": decompress it first");
            }
            filter = inputFilter(reader);
        }
        BenchStages.PcapHeader header = BenchStages.PcapHeader.read(path);
        if (!header.pcap() || header.linkType() != 1) {
            throw new CaptureException(path, -1, "bench measures classic pcap captures of Ethernet frames; this is "
                    + format + " (convert with: editcap -F pcap -T ether IN OUT)");
        }
        long fileSize = Files.size(path);

        List<Stage> stages = new ArrayList<>();
        strategyStages = new StrategyStages(path, clients, iterations);
        Stage a = new Stage(HEADER_WALK, null, false, iterations, c -> BenchStages.headerWalk(path, c));
        Stage b = new Stage(HISTOGRAM_ENTROPY, null, true, iterations, c -> BenchStages.histogramEntropy(path, c));
        stages.add(a);
        stages.add(b);
        stages.add(new Stage(READ_ONLY, a, false, iterations, c -> BenchStages.readOnly(path, c)));
        compressedStages = new CompressedStages(path);
        for (String codec : CompressedStages.CODECS) {
            stages.add(new Stage(CompressedStages.PREFIX + codec, a, false, iterations,
                    c -> compressedStages.read(codec, c)));
        }
        stages.add(new Stage(DECODE_ALL, a, false, iterations,
                c -> BenchStages.decodeAllLayers(path, InputFilter.all(), c)));
        stages.add(new Stage(INPUT_FILTER, a, false, iterations, c -> BenchStages.decodeAllLayers(path, filter, c)));
        stages.add(new Stage(PCAP4J, a, false, iterations, c -> BenchStages.pcap4jDecode(path, c)));
        int processors = Runtime.getRuntime().availableProcessors();
        stages.add(new Stage(PACKETS_TSV, a, false, iterations, c -> BenchStages.packetsTsv(path, processors, c)));
        stages.add(new Stage(PACKETS_TSV_ONE_THREAD, a, false, iterations, c -> BenchStages.packetsTsv(path, 1, c)));
        stages.add(new Stage(BYTE_ENTROPY, b, true, iterations, c -> AnalyticsStages.byteEntropy(path, c)));
        for (int threads = 1; threads <= 2; threads++) {
            int t = threads;
            stages.add(new Stage(t == 1 ? AnalyticsStages.WINDOW_STATISTICS : AnalyticsStages.WINDOW_STATISTICS_2, b,
                    true, iterations, c -> AnalyticsStages.windowStatistics(path, subnets, t, c)));
        }
        stages.add(new Stage(AnalyticsStages.STATISTICAL_TESTS, b, true, iterations,
                c -> AnalyticsStages.statisticalTests(path, c)));

        strategyStages.addTo((name, payload, body) -> stages.add(new Stage(name, a, payload, iterations, body::run)));
        loadBefore = loadAverage();
        PrintWriter err = cl().getErr();
        long total = 0;
        for (Stage s : stages) {
            err.printf(Locale.ROOT, "covertmark bench: %s: %d warm-up + %d measured runs%n", s.name, warmup,
                    iterations);
            err.flush();
            run(s);
            total = total * 31 + s.checksum;
        }
        strategyStages.close();
        compressedStages.close();
        report(stages, path, fileSize, format, filter, total);
        return 0;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void run(Stage s) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        Long first = null;
        for (int i = -warmup; i < iterations; i++) {
            System.gc();
            long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long start = System.nanoTime();
            long sum;
            try {
                sum = s.body.run(s.counters);
            } catch (CaptureException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                // pcap4j, for one, may fail to load; the other stages still run
                s.failure = e.toString();
                return;
            }
            long elapsed = System.nanoTime() - start;
            long cpuElapsed = cpu ? threads.getCurrentThreadCpuTime() - cpuStart : -1;
            if (i >= 0) {
                s.times[i] = elapsed;
                s.cpuTimes[i] = cpuElapsed;
            }
            if (first == null) {
                first = sum;
            } else if (first != sum) {
                s.checksumVaried = true;
            }
        }
        s.checksum = first == null ? 0 : first;
        System.gc();
    }

    /** The --client subnets, or the first packet's source /16 (/48), as EITHER rules; sets {@link #subnets}. */
    private InputFilter inputFilter(CaptureReader reader) {
        subnets = new ArrayList<>(clients);
        if (subnets.isEmpty() && reader.hasNext()) {
            IpAddress src = reader.next().source();
            subnets.add(Subnet.of(src, src.isIpv4() ? 16 : 48));
        }
        List<InputRule> rules = new ArrayList<>();
        for (Subnet s : subnets) {
            rules.add(new InputRule(s, Direction.EITHER));
        }
        return InputFilter.of(rules);
    }

    // ---- reporting ----

    private void report(List<Stage> stages, Path path, long fileSize, String format, InputFilter filter, long total) {
        PrintWriter out = cl().getOut();
        Stage walk = stages.get(0);
        Stage hist = stages.get(1);
        Stage entropy = named(stages, BYTE_ENTROPY);
        Stage decode = named(stages, DECODE_ALL);
        Stage filtered = named(stages, INPUT_FILTER);
        String[] head = {"Stage", "Median ms", "Min–max ms", "CPU ms", "Packets/s", "MB/s", "Ratio"};
        List<String[]> rows = new ArrayList<>();
        for (Stage s : stages) {
            if (s.failure != null) {
                rows.add(new String[] {s.name, "failed", "", "", "", "", s.failure});
                continue;
            }
            double median = s.median() / 1e6;
            double seconds = s.median() / 1e9;
            String ratio;
            if (s.baseline == null) {
                ratio = "1.00 (baseline)";
            } else if (s.baseline.failure != null) {
                ratio = "n/a";
            } else {
                ratio = String.format(Locale.ROOT, "%.2f× %s", (double) s.median() / s.baseline.median(),
                        s.baseline.name.substring(0, 1));
            }
            rows.add(new String[] {s.name + (s.checksumVaried ? " [checksum varied!]" : ""),
                fixed(median), fixed(s.min() / 1e6) + "–" + fixed(s.max() / 1e6),
                s.cpuTimes[0] < 0 ? "n/a" : fixed(Stage.median(s.cpuTimes) / 1e6),
                grouped(s.counters[0] / seconds),
                grouped(s.counters[1] / 1e6 / seconds) + (s.payloadBytes ? " (payload)" : ""),
                ratio});
        }

        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Capture: %s, %,d bytes, %s; %,d records, %,d IP packets.", path,
                fileSize, format, walk.counters[0], decode.counters[2]));
        notes.add(String.format(Locale.ROOT, "TCP payloads: %,d (%,d bytes) by baseline B, %,d (%,d bytes) by "
                + "Packet.payload().", hist.counters[2], hist.counters[1], entropy.counters[2], entropy.counters[1]));
        notes.add(String.format(Locale.ROOT, "Runs: %d warm-up + %d measured per stage, wall-clock "
                + "(System.nanoTime), System.gc() before each run; CPU ms is the median CPU time of the measuring "
                + "thread (GC and JIT threads not included); MB = 10^6 bytes of the file (of TCP payload "
                + "for the entropy stages); packets/s counts the file's records.", warmup, iterations));
        notes.add(String.format(Locale.ROOT, "packets TSV: what covertmark packets does, with %d formatting "
                + "threads (one per processor; its CPU ms counts only the thread that writes); packets TSV, "
                + "1 thread: the same on the measuring thread alone.", Runtime.getRuntime().availableProcessors()));
        notes.add(String.format(Locale.ROOT, "input filter: %s, %,d of %,d packets pass.", filter,
                filtered.counters[2], filtered.counters[0]));
        notes.add("pcap4j decode: pcap4j 1.8.2 static packet factory (no libpcap), each frame copied into a new "
                + "byte[]; it has no TLS or HTTP decoder, so it decodes through TCP only.");
        notes.addAll(AnalyticsStages.notes(subnets, entropy.counters, named(stages, AnalyticsStages.WINDOW_STATISTICS)
                .counters, named(stages, AnalyticsStages.WINDOW_STATISTICS).checksum,
                named(stages, AnalyticsStages.WINDOW_STATISTICS_2).checksum,
                named(stages, AnalyticsStages.STATISTICAL_TESTS).counters));
        notes.add("Load average (1, 5, 15 min) before the runs: " + loadBefore + "; after: " + loadAverage()
                + " (other processes competing for the CPUs make wall times longer and more spread).");
        notes.addAll(strategyStages.notes());
        notes.addAll(compressedStages.notes());
        notes.add(String.format(Locale.ROOT, "Checksum: %016x", total));

        if (markdown) {
            out.println("| " + String.join(" | ", head) + " |");
            out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (String[] r : rows) {
                out.println("| " + String.join(" | ", r) + " |");
            }
            out.println();
            for (String n : notes) {
                out.println("- " + n);
            }
            out.println();
            out.println("Machine: " + machine());
            out.println();
            out.println("Command: `" + command() + "`");
        } else {
            int[] width = new int[head.length];
            for (int c = 0; c < head.length; c++) {
                width[c] = head[c].length();
                for (String[] r : rows) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            }
            printRow(out, head, width);
            for (String[] r : rows) {
                printRow(out, r, width);
            }
            out.println();
            for (String n : notes) {
                out.println(n);
            }
        }
        out.flush();
    }

    private static Stage named(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    private static void printRow(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String v = cells[c];
            String pad = " ".repeat(width[c] - v.length());
            sb.append(c == 0 ? v + pad : pad + v);
            if (c < cells.length - 1) {
                sb.append("  ");
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%,.0f", v);
    }

    private static String grouped(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private String command() {
        List<String> args = cl().getParseResult().originalArgs();
        return "covertmark " + String.join(" ", args);
    }

    /** CPU, cores, memory, OS and JVM, from /proc and the JVM's properties. */
    static String machine() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        Runtime rt = Runtime.getRuntime();
        StringBuilder sb = new StringBuilder();
        sb.append(cpu == null ? System.getProperty("os.arch") : cpu).append(", ")
                .append(rt.availableProcessors()).append(" cores");
        if (mem != null) {
            Matcher m = Pattern.compile("(\\d+)\\s*kB").matcher(mem);
            sb.append(", ").append(m.find() ? String.format(Locale.ROOT, "%.1f GiB RAM",
                    Long.parseLong(m.group(1)) / (1024.0 * 1024)) : mem);
        }
        sb.append(", ").append(os == null ? "" : os.replace("\"", "") + ", ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch"));
        sb.append(", JVM ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"));
        sb.append(String.format(Locale.ROOT, ", max heap %.1f GiB", rt.maxMemory() / (1024.0 * 1024 * 1024)));
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        sb.append(", JVM options: ").append(jvmArgs.isEmpty() ? "(none)" : String.join(" ", jvmArgs));
        return sb.toString();
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int sep = line.indexOf(key.startsWith("PRETTY") ? '=' : ':');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** {@code 1g}, {@code 200m}, {@code 64k}, {@code 65536}: binary multiples of bytes. */
    static final class SizeConverter implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kKmMgG]?)");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size (examples: 1g, 200m, 64k, 65536)");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            if (n > (64L << 30) >> shift) {
                throw new TypeConversionException("'" + value + "' is larger than 64g");
            }
            return n << shift;
        }
    }
}
