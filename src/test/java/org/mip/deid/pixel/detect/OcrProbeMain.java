package org.mip.deid.pixel.detect;

/** Prints the OCR probe's answer and where JavaCPP unpacked the natives: run in a separate JVM by {@link OcrNativesTest}. */
public final class OcrProbeMain {

    private OcrProbeMain() {
    }

    public static void main(String[] args) {
        OcrStatus s = TesseractOcr.probe(OcrSettings.defaults());
        System.out.println(s.describe());
        System.out.println("cachedir=" + System.getProperty(TesseractOcr.CACHE_DIR_PROPERTY));
        System.exit(s.available() ? 0 : 3);
    }
}
