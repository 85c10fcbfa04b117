package org.covertmark.examples.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output went away (its reader, such as {@code head}, exited): the command stops quietly
 * with status 0, as Unix tools do. Only failures of standard output are reported this way; every
 * other I/O failure is an error.
 */
final class OutputClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    OutputClosedException(IOException cause) {
        super("standard output closed", cause);
    }

    /** Standard output, with its failures marked. */
    static final class Guard extends FilterOutputStream {
        Guard(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        }
    }
}
