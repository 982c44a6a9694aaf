package org.mip.dicom.codec;

/**
 * Whether a compressed frame was coded lossily, from its syntax and, where the syntax allows both,
 * its own stream: JPEG-LS says so in NEAR (0 is lossless). The DCT JPEG processes always are, and so
 * is JPEG 2000 Image Compression (.91): even a reversible 5-3 stream is lossy once its layers were cut
 * to a rate, which the codestream does not say, so it counts as lossy (the lossless-only .90 does not). Used to keep Lossy Image Compression (0028,2110)
 * true when a frame is decoded and written again in another syntax (PS3.3 C.7.6.1.1.5).
 */
public final class LossyStreams {
    private LossyStreams() {
    }

    /** True when the frame lost information when it was coded; a stream that cannot be read counts as lossy. */
    public static boolean lossy(String transferSyntaxUid, byte[] frame) {
        return switch (transferSyntaxUid) {
            case FrameCodecs.JPEG_BASELINE, FrameCodecs.JPEG_EXTENDED -> true;
            case FrameCodecs.JPEG_LS_NEAR_LOSSLESS -> jpegLsNear(frame) != 0;
            case FrameCodecs.JPEG_2000 -> true;
            default -> false;
        };
    }

    /** The Lossy Image Compression Method (0028,2114) term for a syntax's lossy coding (PS3.3 C.7.6.1.1.5.1). */
    public static String method(String transferSyntaxUid) {
        return switch (transferSyntaxUid) {
            case FrameCodecs.JPEG_LS_NEAR_LOSSLESS, FrameCodecs.JPEG_LS_LOSSLESS -> "ISO_14495_1";
            case FrameCodecs.JPEG_2000, FrameCodecs.JPEG_2000_LOSSLESS -> "ISO_15444_1";
            default -> "ISO_10918_1";
        };
    }

    /** NEAR of the first scan (SOS: length, Ns, Ns component specs of 2 bytes, then NEAR); -1 when not found. */
    static int jpegLsNear(byte[] f) {
        for (int p = 0; p + 4 < f.length; p++) {
            if ((f[p] & 0xFF) == 0xFF && (f[p + 1] & 0xFF) == 0xDA) {
                int ns = f[p + 4] & 0xFF;
                int at = p + 5 + 2 * ns;
                return at < f.length ? f[at] & 0xFF : -1;
            }
        }
        return -1;
    }

}
