package org.covertmark.examples.cli;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.covertmark.api.progress.ProgressListener;

/**
 * Shows the library's progress reports as a progress bar with rate and ETA on standard error
 * (me.tongfei:progressbar), one bar per task, cleared when the task ends. Only on an interactive
 * terminal: {@link #forTerminal} gives {@link ProgressListener#NONE} on a pipe, in CI or with
 * {@code --quiet}, so that nothing but results reaches a file or a log.
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;
    private ProgressBar bar;

    private ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /**
     * A progress bar on standard error when it is worth showing: there is a console (neither
     * standard input nor output is redirected), {@code quiet} is false and the environment has no
     * {@code CI} variable; else a listener that shows nothing.
     */
    static ProgressListener forTerminal(boolean quiet, Map<String, String> environment) {
        if (quiet || environment.containsKey("CI") || System.console() == null
                || "dumb".equals(environment.get("TERM"))) {
            return ProgressListener.NONE;
        }
        return new ConsoleProgress(System.err);
    }

    @Override
    public void started(String task, String unit, long total) {
        finished();
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(out))
                .clearDisplayOnFinish().showSpeed();
        if (BYTES.equals(unit)) {
            b.setUnit(" MB", 1_000_000);
        } else {
            b.setUnit(" " + unit, 1);
        }
        bar = b.build();
    }

    @Override
    public void advanced(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
