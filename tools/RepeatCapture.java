import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a larger classic pcap capture by repeating the records of a smaller one, each repetition
 * shifted in time to follow the previous one, for benchmarks. Run it as a single-file program:
 *
 * <pre>
 * java tools/RepeatCapture.java data/public/tls2.pcap /tmp/tls2x40.pcap 40
 * </pre>
 */
public final class RepeatCapture {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java tools/RepeatCapture.java IN.pcap OUT.pcap TIMES");
            System.exit(2);
        }
        byte[] in = Files.readAllBytes(Path.of(args[0]));
        int times = Integer.parseInt(args[2]);
        ByteBuffer b = ByteBuffer.wrap(in);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IOException(args[0] + " is not a classic pcap capture");
            }
        }
        long first = -1;
        long last = 0;
        for (int at = 24; at + 16 <= in.length; at += 16 + b.getInt(at + 8)) {
            long seconds = b.getInt(at) & 0xffffffffL;
            first = first < 0 ? seconds : first;
            last = seconds;
        }
        long shift = last - first + 1;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20)) {
            out.write(in, 0, 24);
            ByteBuffer header = ByteBuffer.allocate(16).order(b.order());
            for (int k = 0; k < times; k++) {
                for (int at = 24; at + 16 <= in.length; ) {
                    int length = b.getInt(at + 8);
                    header.clear();
                    header.putInt((int) ((b.getInt(at) & 0xffffffffL) + k * shift));
                    header.putInt(b.getInt(at + 4)).putInt(length).putInt(b.getInt(at + 12));
                    out.write(header.array());
                    out.write(in, at + 16, Math.min(length, in.length - at - 16));
                    at += 16 + length;
                }
            }
        }
    }
}
