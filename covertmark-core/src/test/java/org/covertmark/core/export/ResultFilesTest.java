package org.covertmark.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.testkit.StrategyTestKit;
import org.covertmark.core.testkit.Traces;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ResultFiles")
class ResultFilesTest {

    /** Flags every positive packet and nothing else. */
    static final class Everything implements DetectionStrategy {
        @Override
        public String name() {
            return "everything";
        }

        @Override
        public String description() {
            return "Flags every positive packet.";
        }

        @Override
        public Detection positiveRun(StrategyContext context, Config config) {
            return Detection.of(context.positives().size(), context.positives().size());
        }
    }

    @Test
    @DisplayName("writes all four files, results.json whole and ending in a newline")
    void writesEveryFile(@TempDir Path tmp) {
        RunResult r = StrategyTestKit.run(new Everything())
                .positive(Traces.flow("10.0.0.1:1", "192.0.2.1:2", 3, i -> new byte[10]))
                .negative(Traces.flow("10.0.0.2:1", "192.0.2.2:2", 3, i -> new byte[10]))
                .client("10.0.0.0/8").execute();
        ResultFiles.write(r, tmp);
        assertThat(tmp.resolve("results.json")).content().startsWith("{").endsWith("}\n")
                .contains("\"strategy\" : \"everything\"", "\"tpr\" : 1.0");
        assertThat(tmp.resolve("results.csv")).content().startsWith("TPR,FPR,positive_run_time_s,ip_block_rate\n");
        assertThat(tmp.resolve("wireshark-filter.txt")).content().isEqualTo("frame.number == 0\n");
        assertThat(tmp.resolve("report.html")).isRegularFile();
        assertThat(tmp.toFile().list()).hasSize(4);
    }
}
