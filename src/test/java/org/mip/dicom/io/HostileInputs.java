package org.mip.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.SyntheticDicom;

/**
 * Hostile inputs, built in code (shared by {@link HostileInputTest} and the small-heap {@link HostileMain}),
 * and the one way to run the codec on them: every outcome is either a file or a {@link DicomException}.
 */
final class HostileInputs {
    private HostileInputs() {
    }

    /** A short Explicit VR LE file whose last element announces {@code length} bytes of {@code vr}, then 100 bytes. */
    static byte[] lyingLength(String vr, long length) {
        return SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, SyntheticDicom.explicit()
                .text(0x00100010, "PN", "Hostile^Length")
                .header(0x00431029, vr, length)
                .raw(new byte[100])
                .bytes());
    }

    /** The same as a raw Implicit VR LE data set: (0010,0020) Patient ID (LO) with a lying length. */
    static byte[] lyingLengthImplicit(long length) {
        return SyntheticDicom.implicit()
                .text(0x00100010, "PN", "Hostile^Length")
                .header(0x00100020, null, length)
                .raw(new byte[100])
                .bytes();
    }

    /**
     * {@code depth} sequences, each the only element of the item of the one above, the innermost item
     * holding one short text element; all of defined length (correct lengths) or all undefined.
     */
    static byte[] deepNesting(int depth, boolean undefined) {
        byte[] leaf = SyntheticDicom.explicit().text(0x00100010, "PN", "Deep^Nest").bytes();
        long[] sequenceLength = new long[depth + 1]; // content length of the sequence at level i (0 = outermost)
        long inner = leaf.length;
        for (int i = depth - 1; i >= 0; i--) {
            sequenceLength[i] = 8 + inner;   // one item: header + content
            inner = 12 + sequenceLength[i];  // the element holding that sequence
        }
        SyntheticDicom d = SyntheticDicom.explicit().text(0x00080060, "CS", "OT");
        for (int i = 0; i < depth; i++) {
            d.sequence(0x00081115, undefined ? -1 : sequenceLength[i]).item(undefined ? -1 : sequenceLength[i] - 8);
        }
        d.raw(leaf);
        if (undefined) {
            for (int i = 0; i < depth; i++) {
                d.itemEnd().sequenceEnd();
            }
        }
        return SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, d.bytes());
    }

    /**
     * A Deflated Explicit VR LE file whose data set inflates to {@code elements} OB elements of
     * {@code mebibytes} MiB of zeros each, produced as it is read: the compressed bytes are a few
     * hundred per MiB (one full-flush block of zeros, repeated), and nothing is ever held whole.
     */
    static InputStream deflateBomb(int elements, int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] header = SyntheticDicom.part10(SyntheticDicom.DEFLATED, new byte[0]);
        byte[] zerosBlock = flush(deflater, new byte[1 << 20]);
        byte[] again = flush(deflater, new byte[1 << 20]);
        if (!Arrays.equals(zerosBlock, again)) {
            throw new AssertionError("a full-flushed block of zeros should compress the same every time");
        }
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            int element;
            int block = -1; // -1: the element header is next
            boolean first = true;
            boolean done;

            @Override
            public boolean hasMoreElements() {
                return !done;
            }

            @Override
            public InputStream nextElement() {
                if (first) {
                    first = false;
                    return new ByteArrayInputStream(header);
                }
                if (element == elements) {
                    done = true;
                    deflater.finish();
                    byte[] tail = drain(deflater);
                    deflater.end();
                    return new ByteArrayInputStream(tail);
                }
                if (block < 0) {
                    block = 0;
                    byte[] h = SyntheticDicom.explicit().header(0x00091010 + element, "OB", (long) mebibytes << 20).bytes();
                    return new ByteArrayInputStream(flush(deflater, h));
                }
                if (++block == mebibytes) {
                    block = -1;
                    element++;
                }
                return new ByteArrayInputStream(zerosBlock);
            }
        });
    }

    /**
     * A file whose data set (after a CT-like header of a few elements) is a sequence of {@code items}
     * empty items, undefined length, produced as it is read; deflated (8 bytes per item inflated, a
     * few hundred compressed bytes per million) or not. Millions of items cost the tree, not the file.
     */
    static InputStream itemBomb(long items, boolean deflated) {
        byte[] head = SyntheticDicom.explicit().text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .text(0x00080018, "UI", "1.2.3.4").text(0x00080060, "CS", "CT")
                .sequence(0x40080118, 0xFFFFFFFFL).bytes();
        byte[] tail = SyntheticDicom.explicit().sequenceEnd().bytes();
        int perBlock = 1 << 17; // 1 MiB of items
        byte[] block = new byte[perBlock * 8];
        for (int i = 0; i < perBlock; i++) {
            block[i * 8] = (byte) 0xFE;
            block[i * 8 + 1] = (byte) 0xFF;
            block[i * 8 + 3] = (byte) 0xE0; // (FFFE,E000), length 0
        }
        Deflater deflater = deflated ? new Deflater(Deflater.BEST_COMPRESSION, true) : null;
        byte[] header = SyntheticDicom.part10(deflated ? SyntheticDicom.DEFLATED : SyntheticDicom.EXPLICIT_LE, new byte[0]);
        byte[] firstBlock = deflated ? flush(deflater, head) : head;
        byte[] itemBlock = deflated ? flush(deflater, block) : block;
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            long left = items;
            int part;

            @Override
            public boolean hasMoreElements() {
                return part < 4;
            }

            @Override
            public InputStream nextElement() {
                switch (part) {
                    case 0:
                        part++;
                        return new ByteArrayInputStream(header);
                    case 1:
                        part++;
                        return new ByteArrayInputStream(firstBlock);
                    case 2:
                        if (left >= perBlock) {
                            left -= perBlock;
                            return new ByteArrayInputStream(itemBlock);
                        }
                        part++;
                        byte[] rest = Arrays.copyOf(block, (int) left * 8);
                        return new ByteArrayInputStream(deflated ? flush(deflater, rest) : rest);
                    default:
                        part++;
                        if (!deflated) {
                            return new ByteArrayInputStream(tail);
                        }
                        deflater.setInput(tail);
                        deflater.finish();
                        byte[] end = drain(deflater);
                        deflater.end();
                        return new ByteArrayInputStream(end);
                }
            }
        });
    }

    private static byte[] flush(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        return out.toByteArray();
    }

    private static byte[] drain(Deflater deflater) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        return out.toByteArray();
    }

    /** Reads {@code in} as a tree and writes it out; the outcome in a word: "OK" or the DicomException's reason. */
    static String readAndWrite(InputStream in, ReadOptions options) {
        try (DicomFile f = DicomReader.read(in, options)) {
            DicomWriter.write(f, OutputStreamSink.INSTANCE, WriteOptions.DEFAULT);
            return "OK";
        } catch (DicomException e) {
            return e.reason().name();
        } catch (IOException e) {
            return "IOException " + e;
        }
    }

    /** Pulls every token of {@code in}, skipping values: how a streaming transform consumes a file. */
    static String tokens(InputStream in, ReadOptions options) {
        try (DicomStreamReader r = new DicomStreamReader(in, options, -1)) {
            r.readHeader();
            while (r.next() != DicomStreamReader.Event.END) {
                // values are skipped by next()
            }
            return "OK";
        } catch (DicomException e) {
            return e.reason().name();
        } catch (IOException e) {
            return "IOException " + e;
        }
    }

    /** Discards what is written. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
