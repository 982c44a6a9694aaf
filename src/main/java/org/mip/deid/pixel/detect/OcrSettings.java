package org.mip.deid.pixel.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the OCR engine finds its trained data and which languages it reads.
 *
 * @param tessdataDir a folder holding {@code <language>.traineddata} (setting
 *                    {@code mip.pixel.ocr.tessdata-dir}), or null to search the usual places
 * @param languages   Tesseract language names joined by '+', e.g. "eng" or "eng+deu"
 * @param env         the environment to read {@code MIP_OCR_TESSDATA} and {@code TESSDATA_PREFIX} from
 */
public record OcrSettings(Path tessdataDir, String languages, Map<String, String> env) {
    /** The environment variable naming the trained-data folder when no setting does. */
    public static final String ENV_TESSDATA = "MIP_OCR_TESSDATA";
    /** Tesseract's own variable: the trained-data folder (or, in old installations, its parent). */
    public static final String ENV_TESSDATA_PREFIX = "TESSDATA_PREFIX";
    /** Where Debian's tesseract-ocr-eng puts the data (Tesseract 5, then 4). */
    public static final List<Path> DEBIAN_PATHS = List.of(Path.of("/usr/share/tesseract-ocr/5/tessdata"),
            Path.of("/usr/share/tesseract-ocr/4.00/tessdata"));

    private static final Pattern LANGUAGES = Pattern.compile("[A-Za-z][A-Za-z0-9_]{1,31}(\\+[A-Za-z][A-Za-z0-9_]{1,31}){0,7}");

    public OcrSettings {
        if (languages == null || !LANGUAGES.matcher(languages).matches()) {
            throw new IllegalArgumentException("OCR languages must be Tesseract language names joined by '+' (e.g. eng or eng+deu)");
        }
        env = Map.copyOf(env);
    }

    /** English, the data searched for in the usual places with this process's environment. */
    public static OcrSettings defaults() {
        return new OcrSettings(null, "eng", System.getenv());
    }

    public List<String> languageList() {
        return List.of(languages.split("\\+"));
    }

    /**
     * The folders to search, in order: the configured folder, {@code MIP_OCR_TESSDATA},
     * {@code TESSDATA_PREFIX} (and its {@code tessdata} subfolder, as Tesseract 3 expected), then the
     * Debian paths. A configured folder is the only place looked at when set: a wrong setting must
     * fail, not quietly fall back to other data.
     */
    public List<Path> searchPath() {
        List<Path> out = new ArrayList<>();
        if (tessdataDir != null) {
            out.add(tessdataDir);
            return out;
        }
        String mip = env.get(ENV_TESSDATA);
        if (mip != null && !mip.isBlank()) {
            out.add(Path.of(mip.strip()));
            return out;
        }
        String prefix = env.get(ENV_TESSDATA_PREFIX);
        if (prefix != null && !prefix.isBlank()) {
            out.add(Path.of(prefix.strip()));
            out.add(Path.of(prefix.strip(), "tessdata"));
        }
        out.addAll(DEBIAN_PATHS);
        return out;
    }
}
