package org.mip.dicom.codec;

import jj2000.j2k.util.FacilityManager;
import jj2000.j2k.util.MsgLogger;

/**
 * JJ2000 prints its warnings and errors to the console through a process-wide logger. Our decoder
 * turns failures into {@link CodecException}s, so the console output is only noise in the
 * pipeline's (JSON) log: we replace the logger once with one that drops messages.
 */
final class Jj2000Quiet {
    private static volatile boolean installed;

    private Jj2000Quiet() {
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (Jj2000Quiet.class) {
            if (!installed) {
                FacilityManager.registerMsgLogger(null, new MsgLogger() {
                    @Override
                    public void printmsg(int severity, String message) {
                    }

                    @Override
                    public void println(String str, int flind, int ind) {
                    }

                    @Override
                    public void flush() {
                    }
                });
                installed = true;
            }
        }
    }
}
