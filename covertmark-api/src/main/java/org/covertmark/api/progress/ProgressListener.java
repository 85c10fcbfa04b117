package org.covertmark.api.progress;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Hears how far long work has got — reading a capture, importing it into a store, running a
 * strategy, a procedure's runs — so that an application can show a progress bar or log lines of
 * its own. Work reports one task at a time: {@link #started}, any number of {@link #advanced}, then
 * {@link #finished} (also when the task fails). Reporters call it sparingly (a capture reader about
 * once per megabyte), so an implementation may do a little work on each call, but it runs on the
 * working thread and must not block.
 *
 * <pre>{@code
 * ProgressListener log = new ProgressListener() {
 *     public void started(String task, String unit, long total) { System.err.println(task + "..."); }
 * };
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public interface ProgressListener {

    /** The total of a task whose size is not known in advance. */
    long UNKNOWN = -1;

    /** The unit of a task counted in bytes (of a capture file). */
    String BYTES = "bytes";

    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * A task begins.
     *
     * @param task what is being done, for people, e.g. {@code reading tls2.pcap}
     * @param unit what is counted: {@link #BYTES}, or a plural noun such as {@code configurations}
     * @param total how many units the task has, or {@link #UNKNOWN}
     */
    default void started(String task, String unit, long total) {
    }

    /**
     * The task has done {@code done} units so far.
     *
     * @param done how many units of the task are done, counted from the task's start: a running
     *     total, not an increment
     */
    default void advanced(long done) {
    }

    /** The task ended, finished or not. */
    default void finished() {
    }
}
