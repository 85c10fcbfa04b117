package com.example.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.covertmark.core.engine.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program runs with core and the built-in strategies alone, and nothing heavy comes with them. */
class EmbeddingTest {

    static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void noDatabaseDriverNorLibpcapOnTheClassPath() {
        for (String heavy : new String[] {"com.mongodb.client.MongoClient", "org.bson.Document",
            "org.pcap4j.core.PcapHandle", "com.sun.jna.Native", "picocli.CommandLine"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(heavy), heavy + " is on the class path");
        }
    }

    @Test
    void scoresTwoCapturesInTheEmbeddedStore(@TempDir Path out) throws Exception {
        RunResult r = ScoreCaptures.score("entropy-est", SAMPLES.resolve("obfs4-iat0.pcap"), "10.1.0.0/24",
                SAMPLES.resolve("https-http.pcap"), "10.3.0.0/24", out);
        assertEquals("entropy-est", r.strategy());
        assertEquals(System.getProperty("covertmark.version"), r.version(), "the release that made the result");
        String json = Files.readString(out.resolve("results.json"));
        assertTrue(json.contains("\"version\" : \"" + r.version() + "\""), "results.json names the version");
        assertTrue(Files.size(out.resolve("flows.csv")) > 0);
    }
}
