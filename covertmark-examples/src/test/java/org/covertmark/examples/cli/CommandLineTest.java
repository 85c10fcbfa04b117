package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.covertmark.api.progress.ProgressListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("The command line")
class CommandLineTest {

    @Test
    @DisplayName("every command's help has examples and no line wider than 80 columns")
    void helpHasExamples() {
        CommandLine cli = Main.commandLine();
        List<String> commands = List.of("", "packets", "features", "run", "procedure", "plot", "strategies", "traces",
                "delete", "completion");
        for (String command : commands) {
            CliRun r = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Examples:", "covertmark ");
            assertThat(r.out().lines()).as(command).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        }
        assertThat(cli.getSubcommands()).containsKeys("packets", "features", "run", "procedure", "plot");
    }

    @Test
    @DisplayName("completion prints a bash completion script of every command")
    void completion() {
        CliRun r = CliRun.of("completion");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_covertmark",
                "plot", "procedure", "--quiet", "(\"tpr\" \"fpr\" \"time\" \"block_rate\")");
    }

    @Test
    @DisplayName("--version prints the version; --quiet and --verbose are accepted by every command")
    void commonOptions() {
        String release = System.getProperty("covertmark.projectVersion");
        assertThat(release).as("the build passes the project's version").isNotBlank();
        assertThat(CliRun.of("--version").out().strip()).isEqualTo("covertmark " + release);
        CliRun quiet = CliRun.of("strategies", "--quiet");
        assertThat(quiet.status()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("entropy-dist");
        assertThat(CliRun.of("--quiet", "strategies").status()).isZero();
        assertThat(CliRun.of("strategies", "-v").status()).isZero();
    }

    @Test
    @DisplayName("a mistyped command or option: exit 2, the nearest valid names, and where to find help")
    void mistakes() {
        CliRun command = CliRun.of("rnu");
        assertThat(command.status()).isEqualTo(2);
        assertThat(command.err()).isEqualTo("covertmark: Unmatched argument at index 0: 'rnu'\n"
                + "Did you mean: covertmark run?\nTry 'covertmark --help' for usage.\n");

        // --strategy is required: the mistyped option, not the missing one, is the mistake.
        CliRun option = CliRun.of("run", "--strategi", "sgd", "--positive", "x.pcap");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("covertmark: Unknown options: '--strategi', 'sgd'\n"
                + "Possible solutions: --strategy, --store\nTry 'covertmark run --help' for usage.\n");

        CliRun missing = CliRun.of("run", "--positive", "x.pcap");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("covertmark: Missing required option: '--strategy=NAME'\n");
    }

    @Test
    @DisplayName("progress bars only on an interactive terminal: never with --quiet, in CI or without a console")
    void progressOnlyOnATerminal() {
        assertThat(ConsoleProgress.forTerminal(true, Map.of())).isSameAs(ProgressListener.NONE);
        assertThat(ConsoleProgress.forTerminal(false, Map.of("CI", "true"))).isSameAs(ProgressListener.NONE);
        // the tests run with standard streams redirected, as on a pipe: no console
        assertThat(System.console()).isNull();
        assertThat(ConsoleProgress.forTerminal(false, Map.of())).isSameAs(ProgressListener.NONE);
    }
}
