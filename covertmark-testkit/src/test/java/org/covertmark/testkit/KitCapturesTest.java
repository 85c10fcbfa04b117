package org.covertmark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store kit finds its own captures, in place or copied out of the jar. */
@DisplayName("The store kit's captures")
class KitCapturesTest {

    @Test
    @DisplayName("the resource folder holds the listed captures, each described in the README beside them")
    void theResourceFolderHoldsTheListedCapturesAndTheirReadme() throws IOException {
        // In this module's tests the resources are a folder on the class path, used in place.
        Path folder = KitCaptures.folder();
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }

        assertThat(files).containsExactlyInAnyOrderElementsOf(
                Stream.concat(KitCaptures.NAMES.stream(), Stream.of("README.md")).toList());
        String readme = Files.readString(folder.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(KitCaptures.NAMES).allSatisfy(n -> assertThat(readme).contains("| `" + n + "` |"));
    }

    @Test
    @DisplayName("a copy out of the class path holds every capture byte for byte")
    void copiesEveryCaptureAsItIs(@TempDir Path to) throws IOException {
        assertThat(KitCaptures.extract(to)).isEqualTo(to);

        for (String name : KitCaptures.NAMES) {
            assertThat(Files.readAllBytes(to.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(KitCaptures.folder().resolve(name)));
        }
    }

    @Test
    @DisplayName("the kit reads its captures from that folder by default")
    void theKitReadsItsCapturesFromThatFolder() {
        TraceStoreCompatibilityKit kit = new MemoryTraceStoreCompatibilityTest();

        assertThat(kit.samples()).isEqualTo(KitCaptures.folder());
        assertThat(kit.capture("kit-http.pcap")).isRegularFile().hasParent(KitCaptures.folder());
    }
}
