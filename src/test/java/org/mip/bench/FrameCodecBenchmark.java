package org.mip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mip.dicom.codec.CodecCorpus;
import org.mip.dicom.codec.CodecCorpus.Compressed;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.FrameDecoder;
import org.mip.dicom.codec.FrameEncoder;
import org.mip.dicom.codec.ImageDescription;

/**
 * Frame codec speed beside the independent tools, on the same bytes, in one run:
 *
 * <pre>
 * mvn -q -B test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.mip.bench.FrameCodecBenchmark [--frames 16] [--dir /tmp/frame-bench]
 * </pre>
 *
 * For each syntax, a file of {@code --frames} generated 512x512 frames is compressed by dcmtk or
 * GDCM; we decode its frames (one thread, after a warm-up; median of 5 rounds) and the tool
 * decompresses the whole file. The tool's time per frame is its marginal cost: (time for N frames
 * minus time for 1 frame) / (N - 1), best of 3, so process start-up is not counted against it.
 * Prints ms/frame for both and the ratio ours / tool (below 1: we are faster).
 */
public final class FrameCodecBenchmark {
    private FrameCodecBenchmark() {
    }

    record Row(String what, double ours, double tool, String toolName) {
    }

    public static void main(String[] args) throws Exception {
        int frames = 16;
        Path dir = Path.of("/tmp/frame-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames": frames = Integer.parseInt(args[++i]); break;
                case "--dir": dir = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("usage: FrameCodecBenchmark [--frames N] [--dir DIR]");
            }
        }
        Files.createDirectories(dir);
        ImageDescription gray8 = ImageDescription.gray(512, 512, 8, 8, false);
        ImageDescription gray12 = ImageDescription.gray(512, 512, 16, 12, false);
        ImageDescription gray16 = ImageDescription.gray(512, 512, 16, 16, false);
        ImageDescription rgb = ImageDescription.color(512, 512, 8, 8, "RGB");
        System.out.printf(Locale.ROOT, "%d frames of 512x512 per file; %d cores, java %s%n", frames,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<Row> rows = new ArrayList<>();
        rows.add(decode(dir, "JPEG Baseline 8-bit gray", gray8, frames, new String[] {"dcmcjpeg", "+eb"}, "dcmdjpeg"));
        rows.add(decode(dir, "JPEG Baseline RGB 4:2:2", rgb, frames, new String[] {"dcmcjpeg", "+eb"}, "dcmdjpeg"));
        rows.add(decode(dir, "JPEG Extended 12-bit", gray12, frames, new String[] {"dcmcjpeg", "+ee"}, "dcmdjpeg"));
        rows.add(decode(dir, "JPEG Lossless SV1 16-bit", gray16, frames, new String[] {"dcmcjpeg", "+e1"}, "dcmdjpeg"));
        rows.add(decode(dir, "JPEG Lossless SV1 RGB", rgb, frames, new String[] {"dcmcjpeg", "+e1"}, "dcmdjpeg"));
        rows.add(decode(dir, "JPEG-LS lossless 12-bit", gray12, frames, new String[] {"dcmcjpls", "+el"}, "dcmdjpls"));
        rows.add(decode(dir, "JPEG-LS near-lossless RGB", rgb, frames, new String[] {"dcmcjpls", "+en"}, "dcmdjpls"));
        rows.add(decode(dir, "JPEG 2000 lossless 12-bit", gray12, frames, new String[] {"gdcmconv", "--quiet", "--j2k"},
                "gdcmconv", "--raw"));
        rows.add(decode(dir, "JPEG 2000 lossy RGB", rgb, frames,
                new String[] {"gdcmconv", "--quiet", "--j2k", "--lossy", "--irreversible", "-q", "30"}, "gdcmconv", "--raw"));
        rows.add(decode(dir, "RLE Lossless 16-bit", gray16, frames, new String[] {"dcmcrle"}, "dcmdrle"));
        rows.add(encode(dir, "encode JPEG Lossless SV1 16-bit", gray16, frames, FrameCodecs.requireEncoder(FrameCodecs.JPEG_LOSSLESS_SV1),
                "dcmcjpeg", "+e1"));
        rows.add(encode(dir, "encode JPEG Baseline RGB q90", rgb, frames, FrameCodecs.jpegBaseline(90), "dcmcjpeg", "+eb"));
        System.out.println();
        System.out.printf("| %-32s | %12s | %12s | %-12s | %12s |%n", "operation", "ours ms/frame", "tool ms/frame", "tool",
                "ours / tool");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(34), "-".repeat(14), "-".repeat(14), "-".repeat(14), "-".repeat(14));
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %-32s | %12.2f | %12.2f | %-12s | %12.2f |%n", r.what(), r.ours(), r.tool(),
                    r.toolName(), r.ours() / r.tool());
        }
    }

    private static Row decode(Path dir, String what, ImageDescription d, int frames, String[] compress, String... decompress)
            throws Exception {
        String name = what.replaceAll("[^A-Za-z0-9]+", "_");
        Path many = compressed(dir, name, d, frames, compress);
        Path one = compressed(dir, name + "_1", d, 1, compress);
        Compressed c = CodecCorpus.read(many);
        FrameDecoder decoder = FrameCodecs.requireDecoder(c.transferSyntaxUid());
        for (int w = 0; w < 3; w++) {
            for (byte[] f : c.frames()) {
                decoder.decode(f, c.description());
            }
        }
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (byte[] f : c.frames()) {
                decoder.decode(f, c.description());
            }
            rounds[r] = (System.nanoTime() - t0) / 1e6 / c.frames().size();
        }
        Arrays.sort(rounds);
        double tool = marginal(dir, many, one, frames, decompress);
        return new Row(what, rounds[rounds.length / 2], tool, decompress[0]);
    }

    private static Row encode(Path dir, String what, ImageDescription d, int frames, FrameEncoder encoder, String... tool)
            throws Exception {
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            raw.add(CodecCorpus.image(d, i));
        }
        for (int w = 0; w < 3; w++) {
            for (byte[] f : raw) {
                encoder.encode(f, d);
            }
        }
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (byte[] f : raw) {
                encoder.encode(f, d);
            }
            rounds[r] = (System.nanoTime() - t0) / 1e6 / frames;
        }
        Arrays.sort(rounds);
        String name = what.replaceAll("[^A-Za-z0-9]+", "_");
        Path many = CodecCorpus.writeNative(dir.resolve(name + ".dcm"), d, raw);
        Path one = CodecCorpus.writeNative(dir.resolve(name + "_1.dcm"), d, raw.subList(0, 1));
        return new Row(what, rounds[rounds.length / 2], marginal(dir, many, one, frames, tool), tool[0]);
    }

    private static Path compressed(Path dir, String name, ImageDescription d, int frames, String[] compress) throws Exception {
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            raw.add(CodecCorpus.image(d, i));
        }
        Path nat = CodecCorpus.writeNative(dir.resolve(name + "-native.dcm"), d, raw);
        Path out = dir.resolve(name + ".dcm");
        CodecCorpus.compress(nat, out, compress);
        return out;
    }

    /** (best time for the N-frame file - best time for the 1-frame file) / (N - 1), in ms. */
    private static double marginal(Path dir, Path many, Path one, int frames, String... tool) throws Exception {
        double tMany = Double.MAX_VALUE;
        double tOne = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            tMany = Math.min(tMany, run(dir, many, tool));
            tOne = Math.min(tOne, run(dir, one, tool));
        }
        return (tMany - tOne) / (frames - 1);
    }

    private static double run(Path dir, Path in, String... tool) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.add(in.toString());
        cmd.add(dir.resolve("tool-out.dcm").toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
