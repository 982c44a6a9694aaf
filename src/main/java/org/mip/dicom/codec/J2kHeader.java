package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * The main header of a JPEG 2000 code-stream (ITU-T T.800 Annex A): image size, components,
 * precision, sign and sampling from SIZ, the multiple component transform from COD. Read before
 * decoding so that the stream can be checked against the Image Pixel attributes and refused
 * before any allocation. A JP2 file (wrongly used in some DICOM files) is accepted: its
 * code-stream box is found first.
 */
final class J2kHeader {
    final int codestreamOffset;
    final int width;
    final int height;
    final int components;
    final int[] precision;
    final boolean[] signed;
    final int[] dx;
    final int[] dy;
    final int rsiz;
    final int tileWidth;
    final int tileHeight;
    /** COD's multiple component transform: 0 none, 1 (RCT for 5-3, ICT for 9-7). */
    final int mct;
    final int sizOffset;

    private J2kHeader(int codestreamOffset, int width, int height, int[] precision, boolean[] signed, int[] dx, int[] dy,
                      int rsiz, int tileWidth, int tileHeight, int mct, int sizOffset) {
        this.codestreamOffset = codestreamOffset;
        this.width = width;
        this.height = height;
        this.components = precision.length;
        this.precision = precision;
        this.signed = signed;
        this.dx = dx;
        this.dy = dy;
        this.rsiz = rsiz;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.mct = mct;
        this.sizOffset = sizOffset;
    }

    static J2kHeader parse(byte[] data) throws CodecException {
        int start = codestreamStart(data);
        int pos = start + 2;
        if (pos + 4 > data.length || u16(data, pos) != 0xFF51) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "no SIZ marker after SOC", pos);
        }
        int sizOffset = pos;
        int lsiz = u16(data, pos + 2);
        if (lsiz < 41 || pos + 2 + lsiz > data.length) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "SIZ marker of " + lsiz + " bytes runs past the frame", pos);
        }
        int b = pos + 4;
        int rsiz = u16(data, b);
        long xsiz = u32(data, b + 2);
        long ysiz = u32(data, b + 6);
        long xo = u32(data, b + 10);
        long yo = u32(data, b + 14);
        long xt = u32(data, b + 18);
        long yt = u32(data, b + 22);
        int csiz = u16(data, b + 34);
        if (csiz < 1 || lsiz != 38 + 3 * csiz) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "SIZ marker of " + lsiz + " bytes for " + csiz + " components", pos);
        }
        long w = xsiz - xo;
        long h = ysiz - yo;
        if (w <= 0 || h <= 0 || w > 0xFFFF || h > 0xFFFF || xt == 0 || yt == 0) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "SIZ gives an image of " + w + "x" + h + " with tiles of "
                    + xt + "x" + yt + ": no DICOM frame has that size", pos);
        }
        int[] precision = new int[csiz];
        boolean[] signed = new boolean[csiz];
        int[] dx = new int[csiz];
        int[] dy = new int[csiz];
        for (int i = 0; i < csiz; i++) {
            int c = b + 36 + 3 * i;
            precision[i] = (data[c] & 0x7F) + 1;
            signed[i] = (data[c] & 0x80) != 0;
            dx[i] = data[c + 1] & 0xFF;
            dy[i] = data[c + 2] & 0xFF;
        }
        int mct = 0;
        int p = pos + 2 + lsiz;
        while (true) {
            if (p + 4 > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the code-stream ends in its main header", p);
            }
            int marker = u16(data, p);
            if (marker == 0xFF90) { // SOT: end of the main header
                checkTileParts(data, p);
                break;
            }
            if ((marker & 0xFF00) != 0xFF00) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a marker was expected in the main header", p);
            }
            int len = u16(data, p + 2);
            if (len < 2 || p + 2 + len > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "marker " + Integer.toHexString(marker).toUpperCase()
                        + " runs past the frame", p);
            }
            if (marker == 0xFF52 && len >= 7) { // COD: Scod, progression order, layers (2), MCT
                mct = data[p + 8] & 0xFF;
            }
            p += 2 + len;
        }
        return new J2kHeader(start, (int) w, (int) h, precision, signed, dx, dy, rsiz, (int) Math.min(xt, Integer.MAX_VALUE),
                (int) Math.min(yt, Integer.MAX_VALUE), mct, sizOffset);
    }

    /**
     * Follows the tile-parts from the first SOT: each one's Psot must end exactly at the next SOT or
     * at the EOC marker. A truncated, lengthened or shortened code-stream fails here, before JJ2000
     * meets the end of its data (which it reports on the console before giving up).
     */
    private static void checkTileParts(byte[] data, int p) throws CodecException {
        while (true) {
            if (p + 12 > data.length || u16(data, p) != 0xFF90 || u16(data, p + 2) != 10) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a tile-part header (SOT) was expected", p);
            }
            long psot = u32(data, p + 6);
            if (psot == 0) { // the last tile-part runs to the EOC marker
                return;
            }
            if (psot < 14 || p + psot + 2 > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a tile-part of " + psot + " bytes runs past the frame", p);
            }
            p += (int) psot;
            if (u16(data, p) == 0xFFD9) {
                return;
            }
        }
    }

    /** Requires the EOC marker (FFD9) in the frame's last bytes: JJ2000 decodes a truncated code-stream without a word. */
    static void requireEoc(byte[] data) throws CodecException {
        for (int i = data.length - 2; i >= Math.max(0, data.length - 16); i--) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD9) {
                return;
            }
        }
        throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the code-stream does not end with an EOC marker (FFD9): truncated",
                data.length);
    }

    /** HTJ2K code-streams set bit 14 of Rsiz (ITU-T T.814). */
    boolean highThroughput() {
        return (rsiz & 0x4000) != 0;
    }

    void check(ImageDescription image) throws CodecException {
        if (highThroughput()) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "a High-Throughput JPEG 2000 code-stream (Rsiz "
                    + Integer.toHexString(rsiz) + ")", sizOffset);
        }
        if (width != image.columns() || height != image.rows()) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the code-stream is " + height + "x" + width
                    + " (rows x columns), the header says " + image.rows() + "x" + image.columns(), sizOffset);
        }
        if (components != image.samplesPerPixel()) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the code-stream has " + components
                    + " components, the header says " + image.samplesPerPixel() + " samples per pixel", sizOffset);
        }
        for (int i = 0; i < components; i++) {
            if (precision[i] > image.bitsAllocated() || precision[i] > 16) {
                throw new CodecException(Code.CODEC_FRAME_MISMATCH, "component " + (i + 1) + " has " + precision[i]
                        + " bits, more than Bits Allocated " + image.bitsAllocated(), sizOffset);
            }
            if (signed[i] != image.signed() && image.samplesPerPixel() == 1 && precision[i] > image.bitsStored()) {
                throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the code-stream's sign and precision ("
                        + (signed[i] ? "signed " : "unsigned ") + precision[i] + " bits) disagree with the header's", sizOffset);
            }
            if (dx[i] != 1 || dy[i] != 1) {
                throw new CodecException(Code.CODEC_UNSUPPORTED, "component " + (i + 1) + " is subsampled (" + dx[i] + "x" + dy[i]
                        + ")", sizOffset);
            }
        }
    }

    private static int codestreamStart(byte[] data) throws CodecException {
        if (data.length >= 4 && u16(data, 0) == 0xFF4F) {
            return 0;
        }
        // JP2: boxes of (length, type); the code-stream is the content of the 'jp2c' box.
        if (data.length >= 12 && u32(data, 0) == 12 && u32(data, 4) == 0x6A502020L) {
            int pos = 0;
            while (pos + 8 <= data.length) {
                long len = u32(data, pos);
                long type = u32(data, pos + 4);
                int header = 8;
                if (len == 1 && pos + 16 <= data.length) {
                    len = u32(data, pos + 12); // XLBox: lengths over 4 GiB are not in a frame anyway
                    header = 16;
                }
                if (type == 0x6A703263L) { // jp2c
                    int cs = pos + header;
                    if (cs + 4 <= data.length && u16(data, cs) == 0xFF4F) {
                        return cs;
                    }
                    break;
                }
                if (len < header || pos + len > data.length) {
                    break;
                }
                pos += (int) len;
            }
        }
        throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the frame is neither a JPEG 2000 code-stream (FF4F) nor a JP2 file"
                + " with one", 0);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFFL) << 16 | (b[off + 2] & 0xFFL) << 8 | (b[off + 3] & 0xFFL);
    }
}
