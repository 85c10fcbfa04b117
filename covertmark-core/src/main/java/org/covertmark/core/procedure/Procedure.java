package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.Suggestions;
import org.covertmark.core.export.ResultFiles;

/**
 * An ordered list of strategy runs, read from or written to a JSON file:
 *
 * <pre>{@code
 * {
 *   "description": "obfs4 against ordinary HTTPS",
 *   "runs": [
 *     {"strategy": "length-clustering", "protocol": "obfs4", "positive": "obfs4.pcap",
 *      "negative": "https.pcap", "client": ["10.1.0.0/24"], "reverse": "both",
 *      "params": {"tls_mode": "guess"}, "seed": 1}
 *   ]
 * }
 * }</pre>
 *
 * <p>Each run has {@code strategy} and {@code positive} (required); {@code protocol} (default: the
 * positive file's name without extension), {@code negative}, {@code recall} (capture paths relative
 * to the procedure file's folder, or {@code trace:ID}); {@code client}, {@code server},
 * {@code negative_client}, {@code recall_client} (lists of addresses or subnets); {@code reverse}
 * ({@code false}, {@code true} or {@code "both"}; default {@code false}); {@code params} (an object of
 * parameter values), {@code seed} (default 1) and {@code trials} (default 5). A field not listed here is an error, so that a
 * misspelt one is never silently ignored.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Procedure {

    /** The fields of a run, in the order they are written. */
    static final List<String> RUN_FIELDS = List.of("strategy", "protocol", "positive", "negative", "recall", "client",
            "server", "negative_client", "recall_client", "reverse", "params", "seed", "trials");
    private static final List<String> TOP_FIELDS = List.of("description", "runs");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;
    private final Path folder;
    private final Optional<String> description;
    private final List<ProcedureRun> runs;

    private Procedure(String source, Path folder, Optional<String> description, List<ProcedureRun> runs) {
        this.source = Objects.requireNonNull(source, "source");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.description = Objects.requireNonNull(description, "description");
        this.runs = List.copyOf(runs);
        if (this.runs.isEmpty()) {
            throw new IllegalArgumentException("a procedure has at least one run");
        }
    }

    /** A procedure of these runs, whose relative capture paths are resolved against {@code folder}. */
    public static Procedure of(Path folder, List<ProcedureRun> runs) {
        return new Procedure("procedure", folder, Optional.empty(), runs);
    }

    /** What messages call this procedure: the file it was loaded from, as given, or {@code procedure}. */
    public String source() {
        return source;
    }

    /** The folder relative capture paths are resolved against: the procedure file's folder. */
    public Path folder() {
        return folder;
    }

    /** What the procedure is for, if it says. */
    public Optional<String> description() {
        return description;
    }

    /** The runs in file order; a run with {@code "reverse": "both"} stands for two runs. */
    public List<ProcedureRun> runs() {
        return runs;
    }

    /** The number of runs made, with each {@code "both"} counting twice. */
    public int runCount() {
        return runs.stream().mapToInt(r -> r.reverse().reversedFlags().size()).sum();
    }

    /** This procedure with a description. */
    public Procedure withDescription(String text) {
        return new Procedure(source, folder, Optional.of(text), runs);
    }

    /** This procedure with every run's seed replaced by {@code seed}. */
    public Procedure withSeed(long seed) {
        return new Procedure(source, folder, description, runs.stream().map(r -> r.withSeed(seed)).toList());
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /**
     * Reads a procedure file.
     *
     * @throws ProcedureException with a one-line message naming the file, the run and the field at fault
     */
    public static Procedure load(Path file) {
        String name = file.toString();
        JsonNode root;
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            root = JSON.readTree(r);
        } catch (NoSuchFileException e) {
            throw new ProcedureException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ProcedureException(name + ": permission denied", e);
        } catch (JsonProcessingException e) {
            throw new ProcedureException(name + ": " + where(e.getLocation()) + "not valid JSON: "
                    + oneLine(e.getOriginalMessage()), e);
        } catch (CharacterCodingException e) {
            throw new ProcedureException(name + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ProcedureException(name + ": cannot be read: "
                    + (Files.isDirectory(file) ? "is a directory" : e.getMessage()), e);
        }
        Path parent = file.getParent();
        return read(name, parent == null ? Path.of("") : parent, root);
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static Procedure read(String name, Path folder, JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new ProcedureException(name + ": the file is empty; it must hold a JSON object with a \"runs\" array");
        }
        if (!root.isObject()) {
            throw new ProcedureException(name + ": must hold a JSON object with a \"runs\" array, not "
                    + kind(root));
        }
        unknownFields(name + ": ", root, TOP_FIELDS, "a procedure's fields are");
        Optional<String> description = Optional.empty();
        JsonNode d = root.get("description");
        if (d != null && !d.isNull()) {
            if (!d.isTextual()) {
                throw new ProcedureException(name + ": \"description\" must be a string");
            }
            description = Optional.of(d.textValue());
        }
        JsonNode runs = root.get("runs");
        if (runs == null || !runs.isArray() || runs.isEmpty()) {
            throw new ProcedureException(name + ": \"runs\" must be a non-empty array of runs"
                    + (runs == null ? ", and it is missing" : ""));
        }
        List<ProcedureRun> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            out.add(readRun(name + ": run " + (i + 1) + ": ", runs.get(i)));
        }
        return new Procedure(name, folder, description, out);
    }

    private static ProcedureRun readRun(String at, JsonNode run) {
        if (!run.isObject()) {
            throw new ProcedureException(at + "must be a JSON object, not " + kind(run));
        }
        unknownFields(at, run, RUN_FIELDS, "a run's fields are");
        String strategy = requiredText(at, run, "strategy", "the name of a strategy");
        String positive = path(at, "positive",
                requiredText(at, run, "positive", "the protocol's capture file or trace:ID"));
        Optional<String> negative = optionalText(at, run, "negative").map(p -> path(at, "negative", p));
        Optional<String> recall = optionalText(at, run, "recall").map(p -> path(at, "recall", p));
        String protocol = optionalText(at, run, "protocol").orElseGet(() -> ProcedureRun.defaultProtocol(positive));
        return new ProcedureRun(strategy, protocol, positive, negative, recall, subnets(at, run, "client"),
                subnets(at, run, "server"), subnets(at, run, "negative_client"), subnets(at, run, "recall_client"),
                reverse(at, run), params(at, run), seed(at, run), trials(at, run));
    }

    private static void unknownFields(String at, JsonNode object, List<String> known, String listing) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                String hint = Suggestions.nearest(f, known).map(n -> "did you mean \"" + n + "\"? ").orElse("");
                throw new ProcedureException(at + "unknown field \"" + f + "\"; " + hint + listing + ": "
                        + String.join(", ", known));
            }
        }
    }

    private static String requiredText(String at, JsonNode run, String field, String what) {
        JsonNode n = run.get(field);
        if (n == null || n.isNull()) {
            throw new ProcedureException(at + "\"" + field + "\" is required: " + what);
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw new ProcedureException(at + "\"" + field + "\" must be a non-empty string: " + what);
        }
        return n.textValue();
    }

    private static Optional<String> optionalText(String at, JsonNode run, String field) {
        JsonNode n = run.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw new ProcedureException(at + "\"" + field + "\" must be a non-empty string");
        }
        return Optional.of(n.textValue());
    }

    private static String path(String at, String field, String text) {
        if (text.startsWith("trace:")) {
            if (text.substring("trace:".length()).isBlank()) {
                throw new ProcedureException(at + "\"" + field + "\": '" + text + "' names no trace; write trace:ID");
            }
            return text;
        }
        try {
            Path.of(text);
        } catch (InvalidPathException e) {
            throw new ProcedureException(at + "\"" + field + "\": '" + text + "' is not a valid path: "
                    + e.getReason());
        }
        return text;
    }

    private static List<Subnet> subnets(String at, JsonNode run, String field) {
        JsonNode n = run.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (n.isTextual()) {
            items.add(n);
        } else if (n.isArray()) {
            n.forEach(items::add);
        } else {
            throw new ProcedureException(at + "\"" + field + "\" must be a list of IP addresses or subnets, "
                    + "e.g. [\"10.0.0.0/24\", \"2001:db8::/32\"], not " + kind(n));
        }
        List<Subnet> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = at + "\"" + field + "\"" + (n.isArray() ? "[" + (i + 1) + "]" : "") + ": ";
            if (!item.isTextual()) {
                throw new ProcedureException(where + "must be a string such as \"10.0.0.0/24\", not " + kind(item));
            }
            try {
                out.add(Subnet.parse(item.textValue()));
            } catch (IllegalArgumentException e) {
                throw new ProcedureException(where + "'" + item.textValue()
                        + "' is not an IP address or subnet (examples: 10.0.0.0/8, 192.0.2.7, 2001:db8::/32)");
            }
        }
        return out;
    }

    private static ProcedureRun.Reverse reverse(String at, JsonNode run) {
        JsonNode n = run.get("reverse");
        if (n == null || n.isNull()) {
            return ProcedureRun.Reverse.NO;
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? ProcedureRun.Reverse.YES : ProcedureRun.Reverse.NO;
        }
        if (n.isTextual() && n.textValue().equals("both")) {
            return ProcedureRun.Reverse.BOTH;
        }
        throw new ProcedureException(at + "\"reverse\" must be true, false or \"both\", not " + n);
    }

    private static Map<String, String> params(String at, JsonNode run) {
        JsonNode n = run.get("params");
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new ProcedureException(at + "\"params\" must be an object of parameter names and values, "
                    + "e.g. {\"window_size\": 50}, not " + kind(n));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text;
            if (v.isTextual()) {
                text = v.textValue();
            } else if (v.isBoolean()) {
                text = Boolean.toString(v.booleanValue());
            } else if (v.isNumber()) {
                text = numberText(v);
            } else {
                throw new ProcedureException(at + "\"params\": \"" + e.getKey()
                        + "\" must be a number, a string or true/false, not " + kind(v));
            }
            out.put(e.getKey(), text);
        }
        return out;
    }

    /**
     * A JSON number as parameter text: integers as they are, decimals without exponent ({@code 1e3}
     * is {@code 1000}) unless the exponent is so large that writing it out would be absurd.
     */
    private static String numberText(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        BigDecimal d = n.decimalValue();
        return Math.abs(d.scale()) > 400 ? d.toString() : d.toPlainString();
    }

    private static long seed(String at, JsonNode run) {
        JsonNode n = run.get("seed");
        if (n == null || n.isNull()) {
            return RunSpec.DEFAULT_SEED;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ProcedureException(at + "\"seed\" must be an integer (a 64-bit one), not " + n);
        }
        return n.longValue();
    }

    private static int trials(String at, JsonNode run) {
        JsonNode n = run.get("trials");
        if (n == null || n.isNull()) {
            return RunSpec.DEFAULT_TRIALS;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1 || n.intValue() > RunSpec.MAX_TRIALS) {
            throw new ProcedureException(at + "\"trials\" must be a whole number from 1 to " + RunSpec.MAX_TRIALS
                    + ", not " + n);
        }
        return n.intValue();
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        return n.isTextual() ? "a string" : n.toString();
    }

    // ---- writing -------------------------------------------------------------------------------------------

    /**
     * Writes the procedure to a JSON file that {@link #load} reads back as an equal procedure.
     * Relative capture paths are rewritten relative to the new file's folder when it differs, so
     * they still name the same files.
     */
    public void save(Path file) {
        Path target = file.toAbsolutePath().normalize().getParent();
        Path here = folder.toAbsolutePath().normalize();
        boolean moved = !here.equals(target);
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(text).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            if (description.isPresent()) {
                g.writeStringField("description", description.get());
            }
            g.writeArrayFieldStart("runs");
            for (ProcedureRun r : runs) {
                g.writeStartObject();
                g.writeStringField("strategy", r.strategy());
                g.writeStringField("protocol", r.protocol());
                g.writeStringField("positive", moved ? rebase(r.positive(), here, target) : r.positive());
                if (r.negative().isPresent()) {
                    g.writeStringField("negative", moved ? rebase(r.negative().get(), here, target) : r.negative().get());
                }
                if (r.recall().isPresent()) {
                    g.writeStringField("recall", moved ? rebase(r.recall().get(), here, target) : r.recall().get());
                }
                subnets(g, "client", r.client(), true);
                subnets(g, "server", r.server(), true);
                subnets(g, "negative_client", r.negativeClient(), false);
                subnets(g, "recall_client", r.recallClient(), false);
                g.writeFieldName("reverse");
                switch (r.reverse()) {
                    case NO -> g.writeBoolean(false);
                    case YES -> g.writeBoolean(true);
                    case BOTH -> g.writeString("both");
                }
                if (!r.params().isEmpty()) {
                    g.writeObjectFieldStart("params");
                    for (Map.Entry<String, String> p : r.params().entrySet()) {
                        param(g, p.getKey(), p.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeNumberField("seed", r.seed());
                g.writeNumberField("trials", r.trials());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ResultFiles.writeText(file, text + "\n");
    }

    /** Numbers and true/false are written as JSON numbers and booleans; they read back as the same text. */
    private static void param(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value.equals("true") || value.equals("false")) {
            g.writeBoolean(Boolean.parseBoolean(value));
        } else if (JSON_NUMBER.matcher(value).matches() && value.equals(readBack(value))) {
            g.writeNumber(value);
        } else {
            g.writeString(value);
        }
    }

    /** The text {@link #params} makes of a JSON number literal. */
    private static String readBack(String number) {
        try (JsonParser p = JSON.getFactory().createParser(number)) {
            return numberText(JSON.readTree(p));
        } catch (IOException e) {
            return null;
        }
    }

    private static void subnets(JsonGenerator g, String field, List<Subnet> subnets, boolean always)
            throws IOException {
        if (subnets.isEmpty() && !always) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (Subnet s : subnets) {
            g.writeString(s.toString());
        }
        g.writeEndArray();
    }

    private static String rebase(String text, Path from, Path to) {
        if (text.startsWith("trace:") || Path.of(text).isAbsolute()) {
            return text;
        }
        return to.relativize(from.resolve(text).normalize()).toString().replace('\\', '/');
    }

    // ---- equality ------------------------------------------------------------------------------------------

    /** Equal when the runs, the description and the folder (as an absolute path) are; the source is not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Procedure p && p.runs.equals(runs) && p.description.equals(description)
                && p.folder.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize());
    }

    @Override
    public int hashCode() {
        return Objects.hash(runs, description, folder.toAbsolutePath().normalize());
    }

    @Override
    public String toString() {
        return source + " (" + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ")";
    }
}
