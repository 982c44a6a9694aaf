package org.mip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mip.app.AwsClients;
import org.mip.config.ConfigException;
import org.mip.config.Settings;
import org.mip.deid.DeidRefusal;
import org.mip.deid.DeidResult;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pixel.PixelReview;
import org.mip.deid.pixel.RedactionException;
import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * {@code review FILE|s3://BUCKET/KEY --out DIR}: why an image ends in quarantine and how to fix its
 * device once. Writes the frames as PNGs with the text found drawn on them, the reason (the
 * quarantine's {@code .reason.json} when there is one, and what the de-identifier decides now with
 * the given profile), and a redaction rule for the profile; prints the command that sends the image
 * through again.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Show why an image was quarantined for burned-in text, and propose a redaction rule for its device.",
                "Writes into DIR: frame-NNNN.png (text found in red, the profile's rule rectangles in blue), reason.txt, "
                        + "rule.yaml. The PNGs show the pixels as they are, patient data included: keep DIR where "
                        + "quarantine data may be kept."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reviewed (the image would now be published)", "1:reviewed (the image would still be refused), "
                + "or it cannot be read", "2:wrong usage"})
public final class ReviewCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "FILE|s3://BUCKET/KEY",
            description = "A DICOM file, or an object in S3 (the settings of 'run' say where S3 is: local mode by default).")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the pictures and the proposal (created when missing).")
    Path out;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "basic",
            description = "The profile to judge the image with (default: ${DEFAULT-VALUE}): use yours, with the proposed rule added, to check it.")
    String profile;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (as for run), for s3:// inputs.")
    Path config;

    @Override
    public Integer call() throws Exception {
        Profile loaded;
        try {
            loaded = ProfileLoader.resolve(profile);
        } catch (ProfileException e) {
            return usage("invalid profile: " + Main.oneLine(e.getMessage().replace("\n", "; ")));
        } catch (IOException e) {
            return usage("cannot read the profile " + profile + ": no such file (built-in profiles: "
                    + String.join(", ", ProfileLoader.BUILT_IN) + ")");
        }
        Files.createDirectories(out);
        Path file;
        String reasonJson = null;
        String requeue;
        Settings settings = null;
        if (input.startsWith("s3://")) {
            int slash = input.indexOf('/', 5);
            if (slash < 0 || slash == input.length() - 1) {
                return usage("an S3 input is s3://BUCKET/KEY, not \"" + input + "\"");
            }
            String bucket = input.substring(5, slash);
            String key = input.substring(slash + 1);
            try {
                settings = Settings.load(config, System.getenv(), System.getProperties(), Map.of());
            } catch (ConfigException e) {
                return usage(Main.oneLine(e.getMessage()));
            }
            file = Files.createTempFile(out, "input-", ".dcm");
            try (AwsClients aws = new AwsClients(settings::get, settings.isLocal())) {
                Files.delete(file);
                aws.s3().getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
                try {
                    reasonJson = aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key + ".reason.json")).asUtf8String();
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException none) {
                    // not a quarantined object: no reason file
                }
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                main.reportError("review: cannot read " + input + ": " + Main.oneLine(e.getMessage()), main.debug() ? e : null);
                return Main.EXIT_FAILED;
            }
            String endpoint = settings.get("mip.s3.endpoint");
            if ((endpoint == null || endpoint.isBlank()) && settings.isLocal()) {
                endpoint = "http://127.0.0.1:" + settings.get("mip.local.s3-port");
            }
            requeue = "aws s3 cp " + input + " s3://" + settings.get("mip.s3.raw-bucket") + "/requeue/" + key
                    + (endpoint == null || endpoint.isBlank() ? "" : " --endpoint-url " + endpoint);
        } else {
            file = Path.of(input);
            if (!Files.isRegularFile(file)) {
                return usage(input + ": no such file");
            }
            Path reason = file.resolveSibling(file.getFileName() + ".reason.json");
            if (Files.isRegularFile(reason)) {
                reasonJson = Files.readString(reason, StandardCharsets.UTF_8);
            }
            requeue = "bin/mip deidentify --in " + input + " --out OUT_DIR --profile " + profile;
        }

        ScanEngine engine;
        try {
            engine = ScanEngine.start(loaded.burnedIn(), settings == null ? OcrSettings.defaults() : RunCommand.ocrSettings(settings),
                    false);
        } catch (ScanEngine.Unavailable e) {
            main.reportError("review: " + e.getMessage(), null);
            return Main.EXIT_FAILED;
        }
        PrintWriter stdout = main.out();
        PixelReview.Result review;
        try (DicomFile dicom = DicomReader.read(file, ReadOptions.DEFAULT)) {
            review = new PixelReview(engine).review(dicom, loaded, out);
        } catch (DicomException e) {
            main.reportError("review: " + input + ": " + e.getMessage(), null);
            return Main.EXIT_FAILED;
        } catch (RedactionException | TextDetectionException e) {
            main.reportError("review: " + input + ": the pixels cannot be scanned: " + e.getMessage(), null);
            return Main.EXIT_FAILED;
        }
        String now = judge(file, loaded, engine);
        boolean publishes = now.startsWith("published");

        StringBuilder reason = new StringBuilder();
        if (reasonJson != null) {
            reason.append("quarantine reason:\n").append(reasonJson.strip()).append("\n\n");
        }
        reason.append("with profile ").append(loaded.name()).append(" now: ").append(now).append('\n');
        reason.append("frames: ").append(review.frames()).append(", text regions found: ").append(review.regions().size())
                .append(", rule rectangles matching: ").append(review.ruleRegions().size()).append(", OCR: ")
                .append(review.ocr() ? "yes" : "no (" + engine.describe() + ")").append('\n');
        Files.writeString(out.resolve("reason.txt"), reason, StandardCharsets.UTF_8);
        stdout.print(reason);
        for (Path png : review.pictures()) {
            stdout.println("picture: " + png);
        }
        if (review.proposal() != null) {
            String yaml = "# Proposed by 'mip review' for one device and image size: check the pictures, then add it to\n"
                    + "# your profile's redaction list (docs/PROFILES.md). It blanks these rectangles before any scan.\n"
                    + "redaction:\n" + review.proposal().yaml();
            Files.writeString(out.resolve("rule.yaml"), yaml, StandardCharsets.UTF_8);
            stdout.println("proposed rule (" + out.resolve("rule.yaml") + "):");
            stdout.print(yaml);
        } else {
            stdout.println("no text found: no rule to propose");
        }
        stdout.println("to send it through again once the profile is fixed: " + requeue);
        stdout.flush();
        return publishes ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    /** What the de-identifier does with the file now: in memory, with a throw-away key; the output is never written. */
    private static String judge(Path file, Profile profile, ScanEngine engine) throws IOException {
        byte[] throwAway = new byte[32];
        new java.security.SecureRandom().nextBytes(throwAway);
        Path spool = Files.createTempDirectory("mip-review");
        try (DicomFile dicom = DicomReader.read(file, ReadOptions.DEFAULT)) {
            Deidentifier deid = Deidentifiers.create(profile, DeidKey.of(throwAway), "review", spool, engine);
            DeidResult r = deid.deidentify(dicom);
            return "published (" + r.pixels().code() + ")";
        } catch (DeidRefusal e) {
            return "refused " + e.code() + ": " + e.getMessage();
        } catch (DicomException e) {
            return "unreadable " + e.getMessage();
        } finally {
            try (var files = Files.list(spool)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(spool);
        }
    }

    private int usage(String message) {
        main.reportError("review: " + message + " (see 'bin/mip review --help')", null);
        return Main.EXIT_USAGE;
    }
}
