package org.covertmark.examples.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The folder a command writes its results into, claimed for that command alone: it must be empty
 * or new, and while the command runs it holds a marker file, so that a second command given the
 * same folder is refused rather than overwriting the first one's results. Closing removes the
 * marker, and the folder too when the command created it and wrote nothing into it (it failed),
 * so that the same command can simply be run again; an interrupted command does the same from a
 * shutdown hook.
 */
final class OutputFolder implements AutoCloseable {

    /** The marker of a folder being written. */
    static final String MARKER = ".covertmark-writing";

    /** How many numbered alternatives of a default folder name are tried. */
    private static final int ALTERNATIVES = 100;

    private final Path path;
    private final Path marker;
    private final boolean created;
    private final Thread onInterrupt;
    private boolean closed;

    private OutputFolder(Path path, boolean created) {
        this.path = path;
        this.marker = path.resolve(MARKER);
        this.created = created;
        this.onInterrupt = new Thread(this::release, "covertmark-release-output-folder");
    }

    /**
     * Claims the folder {@code --out} names.
     *
     * @throws UserError if it is a file, holds files already, or another command is writing into it
     */
    static OutputFolder claim(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError("--out " + folder + " is a file, not a folder");
        }
        boolean created = !Files.exists(folder);
        Files.createDirectories(folder);
        OutputFolder out = new OutputFolder(folder, created);
        try {
            Files.createFile(out.marker);
        } catch (FileAlreadyExistsException e) {
            throw new UserError("--out " + folder + " is being written by another covertmark command, or one was "
                    + "interrupted there (it holds " + MARKER + "); choose another folder or remove it");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(MARKER))) {
                Files.delete(out.marker);
                throw new UserError("--out " + folder + " already holds files; choose another folder or remove it");
            }
        }
        Runtime.getRuntime().addShutdownHook(out.onInterrupt);
        return out;
    }

    /**
     * Claims a new folder named {@code base}, or {@code base-2}, {@code base-3}, … when that one
     * exists already: a default name made from the time may be taken by a command started in the
     * same second.
     */
    static OutputFolder claimNew(Path base) throws IOException {
        for (int n = 1; n <= ALTERNATIVES; n++) {
            Path candidate = n == 1 ? base : base.resolveSibling(base.getFileName() + "-" + n);
            if (Files.exists(candidate)) {
                continue;
            }
            try {
                return claim(candidate);
            } catch (UserError e) {
                // taken between the look and the claim; try the next name
            }
        }
        throw new UserError("cannot find a free results folder next to " + base + "; give one with --out DIR");
    }

    /** The folder. */
    Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or has run, release itself
        }
        release();
    }

    private synchronized void release() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(marker);
            if (created) {
                try (Stream<Path> entries = Files.list(path)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            // Nothing more can be done here; the marker's message tells the next command what to do.
        }
    }
}
