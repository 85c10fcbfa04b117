package org.covertmark.core.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files under a temporary name and renames them, so a crash never leaves a half file that looks whole. */
final class AtomicFiles {

    /** Writes the content to a file. */
    interface Content {
        void writeTo(Writer w) throws IOException;
    }

    private AtomicFiles() {
    }

    static void write(Path target, Content content) {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
