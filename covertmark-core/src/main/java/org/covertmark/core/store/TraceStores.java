package org.covertmark.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.TraceStoreProvider;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.core.capture.CaptureReader;

/**
 * Opens trace stores by URI, using the {@link TraceStoreProvider} registered for the URI's scheme,
 * and imports capture files into them.
 *
 * <pre>{@code
 * try (TraceStore store = TraceStores.open("memory:")) {
 *     StoredTrace t = TraceStores.importCapture(store, Path.of("tls.pcap"), InputFilter.all(), null);
 * }
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public final class TraceStores {

    /** The store used when none is named: the embedded memory store. */
    public static final String DEFAULT_URI = "memory:";

    /** {@code memory:} is not a valid {@link URI} (nothing follows the colon), so it is read as {@code memory:/}. */
    private static final Pattern BARE_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");
    private static final int MAX_FAILURES = 32;
    private static final Pattern PASSWORD = Pattern.compile("//([^/?#@:]*):[^/?#@]*@");
    /** The artifacts of CovertMark's own stores that are not in core, by scheme, to name when one is missing. */
    private static final Map<String, String> STORE_ARTIFACTS = Map.of(
            "mongodb", "org.covertmark:covertmark-store-mongodb",
            "mongodb+srv", "org.covertmark:covertmark-store-mongodb");

    private TraceStores() {
    }

    /**
     * Opens the store {@code uri} names, such as {@code memory:} or {@code mongodb://host:port/db}.
     *
     * @throws TraceStoreException if the URI is malformed, no provider handles its scheme, or the
     *     store cannot be opened; the one-line message names the URI (without its password) and the
     *     schemes available
     */
    public static TraceStore open(String uri) {
        Objects.requireNonNull(uri, "uri");
        String text = uri.strip();
        URI parsed;
        try {
            parsed = new URI(BARE_SCHEME.matcher(text).matches() ? text + "/" : text);
        } catch (URISyntaxException e) {
            throw new TraceStoreException("malformed trace store URI '" + redact(text) + "': " + e.getReason()
                    + " at index " + e.getIndex() + "; available: " + available(providers()));
        }
        return open(text, parsed);
    }

    /**
     * Opens the store {@code uri} names.
     *
     * @throws TraceStoreException as {@link #open(String)} does
     */
    public static TraceStore open(URI uri) {
        Objects.requireNonNull(uri, "uri");
        return open(uri.toString(), uri);
    }

    private static TraceStore open(String text, URI uri) {
        Providers found = providers();
        if (uri.getScheme() == null) {
            throw new TraceStoreException("malformed trace store URI '" + redact(text)
                    + "': no scheme (such as memory: or mongodb://host:port/db); available: " + available(found));
        }
        TraceStoreProvider provider = found.byScheme().get(uri.getScheme().toLowerCase(Locale.ROOT));
        if (provider == null) {
            String broken = found.failures().isEmpty() ? ""
                    : "; " + found.failures().size() + " provider(s) could not be loaded: " + found.failures().get(0);
            String artifact = STORE_ARTIFACTS.get(uri.getScheme().toLowerCase(Locale.ROOT));
            String hint = artifact == null ? "" : "; the " + uri.getScheme() + " store is in " + artifact
                    + ", which is not on the class path";
            throw new TraceStoreException("no trace store for scheme '" + uri.getScheme() + "' in '" + redact(text)
                    + "'; available: " + available(found) + hint + broken);
        }
        try {
            return provider.open(uri);
        } catch (TraceStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceStoreException("cannot open trace store '" + redact(text) + "': "
                    + redact(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * The complete stored trace {@code id}, as a run reads it.
     *
     * @param store the store
     * @param id the trace's id
     * @return the trace, complete
     * @throws UnknownTraceException when the store holds no trace {@code id}
     * @throws IncompleteTraceException when its import never finished
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static StoredTrace complete(TraceStore store, String id) {
        Optional<StoredTrace> t = store.get(id);
        if (t.isEmpty()) {
            throw new UnknownTraceException(id, store.describe());
        }
        if (!t.get().complete()) {
            throw new IncompleteTraceException(id, store.describe());
        }
        return t.get();
    }

    /** The URI schemes of the trace store providers found, sorted. */
    public static Set<String> schemes() {
        return providers().byScheme().keySet();
    }

    /**
     * Imports a capture file: reads it with {@link CaptureReader}, keeping the packets that pass
     * {@code filter}, and stores them as one trace.
     *
     * @param description what the trace is; the file name when null or blank
     * @return the complete stored trace
     * @throws org.covertmark.core.capture.CaptureException if the capture cannot be opened
     * @throws TraceStoreException if reading or storing fails part way; nothing complete is left
     */
    public static StoredTrace importCapture(TraceStore store, Path capture, InputFilter filter, String description) {
        return importCapture(store, capture, filter, description, ProgressListener.NONE);
    }

    /**
     * Imports a capture file as {@link #importCapture(TraceStore, Path, InputFilter, String)} does,
     * telling {@code progress} how many of its bytes have been read (one task, {@code importing NAME}).
     */
    public static StoredTrace importCapture(TraceStore store, Path capture, InputFilter filter, String description,
            ProgressListener progress) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(progress, "progress");
        CaptureReader reader = CaptureReader.open(capture, filter);
        reader.reportProgress(progress, "importing " + capture.getFileName());
        return store.importTrace(captureImport(reader, filter, description), reader);
    }

    /**
     * What to record of an import of the capture {@code reader} reads: its file name as the source,
     * its size, the input filter the reader was opened with, and the description (the file name when
     * null or blank). For callers that pass the reader's packets to {@link TraceStore#importTrace}
     * themselves, to read its {@link CaptureReader#stats() stats} afterwards or to wrap its stream.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static TraceImport captureImport(CaptureReader reader, InputFilter filter, String description) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(filter, "filter");
        Path name = reader.path().getFileName();
        String source = name == null ? reader.path().toString() : name.toString();
        String text = description == null || description.isBlank() ? source : description;
        return new TraceImport(text, filter, source, reader.sizeBytes());
    }

    /** Hides the password of {@code user:password@host}, since messages end up in logs. */
    private static String redact(String uri) {
        return PASSWORD.matcher(uri).replaceAll("//$1:***@");
    }

    private static String available(Providers found) {
        return found.byScheme().isEmpty() ? "none" : String.join(", ", found.byScheme().keySet());
    }

    private record Providers(Map<String, TraceStoreProvider> byScheme, List<String> failures) {
    }

    /**
     * Loads the providers afresh on each call, so that plug-ins added to the class path are seen; a
     * provider that fails to load is noted rather than hiding the others.
     */
    private static Providers providers() {
        Map<String, TraceStoreProvider> byScheme = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Iterator<TraceStoreProvider> it = ServiceLoader.load(TraceStoreProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                TraceStoreProvider p = it.next();
                byScheme.putIfAbsent(p.scheme().toLowerCase(Locale.ROOT), p);
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                if (failures.size() > MAX_FAILURES) {
                    break; // recovery after an error is only best effort; do not spin on one
                }
            }
        }
        return new Providers(Collections.unmodifiableMap(byScheme), failures);
    }
}
