package org.covertmark.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The captures {@link TraceStoreCompatibilityKit} carries as resources of the covertmark-testkit jar,
 * under {@code org/covertmark/testkit/captures/} (written by {@code tools/make-crafted-captures.py
 * --kit}; the README beside them says what each holds), as files a capture reader can open.
 *
 * <p>When the resources are files in a folder on the class path (a module's {@code target/classes}),
 * that folder is used in place. Otherwise (the jar) they are copied once per JVM into a new temporary
 * folder, which is deleted when the JVM exits.
 */
final class KitCaptures {

    /** Where the captures lie, relative to this class's package. */
    static final String RESOURCES = "captures/";

    /** Every capture the kit carries, in the order they are copied. */
    static final List<String> NAMES = List.of(
            "kit-browsing.pcap",
            "kit-mixed.pcap",
            "kit-http.pcap",
            "kit-proxy.pcap",
            "kit-pcapng.pcapng",
            "kit-cut-short.pcap",
            "caplen-over-wire.pcap",
            "ipv4-total-length-zero.pcap",
            "ipv4-total-length-beyond-frame.pcap",
            "tcp-header-cut.pcap");

    private KitCaptures() {
    }

    /**
     * The folder holding every capture of {@link #NAMES}; found or made on first use.
     *
     * @return the resource folder itself, or the temporary copy
     * @throws IllegalStateException when the captures are not on the class path
     * @throws UncheckedIOException when they cannot be copied
     */
    static Path folder() {
        return Holder.FOLDER;
    }

    /** Finds or makes the folder once, when first asked for, whatever thread asks. */
    private static final class Holder {
        static final Path FOLDER = locate();
    }

    private static Path locate() {
        URL first = KitCaptures.class.getResource(RESOURCES + NAMES.get(0));
        if (first == null) {
            throw new IllegalStateException("the trace store kit's captures are not on the class path (looked for "
                    + KitCaptures.class.getPackageName().replace('.', '/') + "/" + RESOURCES + NAMES.get(0) + ")");
        }
        if ("file".equals(first.getProtocol())) {
            try {
                Path folder = Path.of(first.toURI()).getParent();
                if (NAMES.stream().allMatch(n -> Files.isRegularFile(folder.resolve(n)))) {
                    return folder;
                }
            } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
                // not a plain file path: copy the captures instead
            }
        }
        try {
            Path folder = Files.createTempDirectory("covertmark-kit-captures-");
            folder.toFile().deleteOnExit();
            return extract(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for the trace store kit's captures", e);
        }
    }

    /**
     * Copies every capture into {@code folder}, each marked to be deleted when the JVM exits (before
     * the folder, if that is marked too, as files marked later are deleted first).
     *
     * @param folder an existing folder holding none of the captures
     * @return {@code folder}
     * @throws UncheckedIOException when a capture cannot be read or written
     */
    static Path extract(Path folder) {
        for (String name : NAMES) {
            Path to = folder.resolve(name);
            try (InputStream in = KitCaptures.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("the trace store kit's capture " + name
                            + " is not on the class path");
                }
                to.toFile().deleteOnExit();
                Files.copy(in, to);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the trace store kit's capture " + name + " to " + to, e);
            }
        }
        return folder;
    }
}
