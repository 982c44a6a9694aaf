package org.mip.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, in words ("no such file", "permission denied"), for messages that
 * name the file themselves: the JDK's messages are the path alone ({@code NoSuchFileException}), so
 * "cannot read the key file k.key: k.key" said the path twice and never why. Used by every layer
 * that reads a file the user named (settings, keys, profiles, DICOM files).
 */
public final class FileProblems {
    private FileProblems() {
    }

    /** The reason, without the path: "no such file", "permission denied", "not a folder", or the system's words. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? lower(f.getReason()) : "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        return e.getMessage() != null ? lower(e.getMessage()) : e.getClass().getSimpleName();
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
