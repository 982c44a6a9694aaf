package org.mip.deid.pixel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.Gray8;
import org.mip.deid.pixel.detect.GrayViews;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.data.DicomFile;

/**
 * What an operator needs to fix a device's burned-in text once: each frame of the scan sample that
 * shows a different layout of text, as a PNG with the text found drawn on it (red) and the rectangles of the profile's matching
 * redaction rules (blue), and a redaction rule that would blank what was found, conditioned on the
 * device ({@link RuleProposal}). The PNGs show the pixels as they are, burned-in PHI included: they
 * belong where quarantine data may be kept.
 */
public final class PixelReview {
    /** Frames drawn at most (distinct ones, of the scan sample). */
    public static final int MAX_FRAMES = 16;

    private final ScanEngine engine;

    public PixelReview(ScanEngine engine) {
        this.engine = engine;
    }

    /**
     * What was found.
     *
     * @param frames      frames of the image
     * @param pictures    PNGs written, in frame order
     * @param regions     text regions found (union over the frames scanned, margin included)
     * @param ruleRegions rectangles of the profile's redaction rules that match the instance
     * @param proposal    a rule blanking {@code regions} on this device, or null when nothing was found
     * @param ocr         whether OCR took part
     */
    public record Result(int frames, List<Path> pictures, List<Rectangle> regions, List<Rectangle> ruleRegions,
                         RuleProposal proposal, boolean ocr) {
    }

    /**
     * Scans the file's pixels as the pipeline would and writes {@code frame-NNNN.png} into {@code out}.
     *
     * @throws RedactionException     the pixels cannot be decoded (the code says why)
     * @throws TextDetectionException OCR failed
     */
    public Result review(DicomFile file, Profile profile, Path out) throws RedactionException, TextDetectionException, IOException {
        FrameDescription display = FrameDescription.of(file.dataset());
        FrameSource source = FrameSource.open(file, PixelCodecs.STANDARD);
        FrameScanner scanner = new FrameScanner(engine.finder(), display);
        List<Rectangle> rules = PixelRedactor.rectanglesFor(profile.redaction(), file.dataset());
        FrameSample sample = new FrameSample(source.frames(), profile.burnedIn().detection().scanFrames());
        Set<Rectangle> found = new LinkedHashSet<>();
        List<Path> pictures = new ArrayList<>();
        Set<Set<Rectangle>> shown = new HashSet<>();
        BitSet frames = sample.scan();
        for (int i = frames.nextSetBit(0); i >= 0; i = frames.nextSetBit(i + 1)) {
            byte[] frame = source.read(i);
            List<TextBox> boxes = scanner.find(frame, source.format());
            for (TextBox b : boxes) {
                found.add(b.toRectangle());
            }
            // a cine's frames all differ; what an operator needs is each different layout of text
            Set<Rectangle> layout = new HashSet<>();
            boxes.forEach(b -> layout.add(b.toRectangle()));
            if (pictures.size() < MAX_FRAMES && shown.add(layout)) {
                Gray8 view = GrayViews.display(frame, scanner.describe(source.format()));
                Path png = out.resolve(String.format("frame-%04d.png", i + 1));
                ImageIO.write(draw(view, boxes, rules), "png", png.toFile());
                pictures.add(png);
            }
        }
        List<Rectangle> regions = List.copyOf(found);
        RuleProposal proposal = regions.isEmpty() ? null : RuleProposal.of(file.dataset(), regions);
        return new Result(source.frames(), pictures, regions, rules, proposal, engine.ocr());
    }

    /** The grey view in colour, text found in red, rule rectangles in blue. */
    static BufferedImage draw(Gray8 view, List<TextBox> boxes, List<Rectangle> rules) {
        BufferedImage img = new BufferedImage(view.width(), view.height(), BufferedImage.TYPE_INT_RGB);
        byte[] px = view.pixels();
        for (int y = 0; y < view.height(); y++) {
            for (int x = 0; x < view.width(); x++) {
                int v = px[y * view.width() + x] & 0xFF;
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setStroke(new BasicStroke(Math.max(1, view.width() / 400f)));
            g.setColor(new Color(60, 110, 255));
            for (Rectangle r : rules) {
                g.drawRect(r.x(), r.y(), r.width() - 1, r.height() - 1);
            }
            g.setColor(Color.RED);
            for (TextBox b : boxes) {
                g.drawRect(b.x(), b.y(), b.width() - 1, b.height() - 1);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
