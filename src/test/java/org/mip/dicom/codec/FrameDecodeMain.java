package org.mip.dicom.codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/** Decodes one frame file in a JVM of its own (started with a small heap by {@link CodecMemoryTest}); prints the CRC-32 of the pixels. */
public final class FrameDecodeMain {
    private FrameDecodeMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] frame = Files.readAllBytes(Path.of(args[0]));
        ImageDescription d = ImageDescription.gray(Integer.parseInt(args[2]), Integer.parseInt(args[3]), 16, 16, false);
        DecodedFrame out = FrameCodecs.requireDecoder(args[1]).decode(frame, d);
        CRC32 crc = new CRC32();
        crc.update(out.pixels());
        System.out.println("crc " + crc.getValue());
    }
}
