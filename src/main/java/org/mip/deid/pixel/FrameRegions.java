package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.profile.RedactionRule.Rectangle;

/**
 * The regions to blank in each frame of an image: some in every frame (the redaction rules' rectangles,
 * a static overlay, everything found when only a sample of frames was scanned), others in named frames
 * only ({@link OverlaySpread} decides which).
 */
final class FrameRegions {
    private final List<TextBox> everywhere;
    private final Map<Integer, List<TextBox>> perFrame;

    private FrameRegions(List<TextBox> everywhere, Map<Integer, List<TextBox>> perFrame) {
        this.everywhere = List.copyOf(everywhere);
        this.perFrame = perFrame;
    }

    /** {@code boxes} in every frame. */
    static FrameRegions everywhere(List<TextBox> boxes) {
        return new FrameRegions(boxes, Map.of());
    }

    /** {@code everywhere} in every frame, and {@code perFrame}'s boxes in their frame (0-based) too. */
    static FrameRegions of(List<TextBox> everywhere, Map<Integer, List<TextBox>> perFrame) {
        Map<Integer, List<TextBox>> copy = new TreeMap<>();
        perFrame.forEach((f, boxes) -> copy.put(f, List.copyOf(boxes)));
        return new FrameRegions(everywhere, copy);
    }

    /** These regions and {@code more}'s, frame by frame. */
    FrameRegions plus(FrameRegions more) {
        List<TextBox> all = new ArrayList<>(everywhere);
        all.addAll(more.everywhere);
        Map<Integer, List<TextBox>> frames = new TreeMap<>();
        perFrame.forEach((f, boxes) -> frames.computeIfAbsent(f, k -> new ArrayList<>()).addAll(boxes));
        more.perFrame.forEach((f, boxes) -> frames.computeIfAbsent(f, k -> new ArrayList<>()).addAll(boxes));
        return of(all, frames);
    }

    /** The boxes blanked in frame {@code frame} (0-based). */
    List<TextBox> in(int frame) {
        List<TextBox> only = perFrame.getOrDefault(frame, List.of());
        if (only.isEmpty()) {
            return everywhere;
        }
        List<TextBox> out = new ArrayList<>(everywhere);
        out.addAll(only);
        return out;
    }

    /** The rectangles blanked in frame {@code frame}, each once. */
    List<Rectangle> rectanglesIn(int frame) {
        return rectangles(in(frame));
    }

    /** Every rectangle blanked in some frame, each once. */
    List<Rectangle> union() {
        List<TextBox> all = new ArrayList<>(everywhere);
        perFrame.values().forEach(all::addAll);
        return rectangles(all);
    }

    boolean isEmpty() {
        return everywhere.isEmpty() && perFrame.values().stream().allMatch(List::isEmpty);
    }

    private static List<Rectangle> rectangles(List<TextBox> boxes) {
        Set<Rectangle> out = new LinkedHashSet<>();
        for (TextBox b : boxes) {
            out.add(b.toRectangle());
        }
        return List.copyOf(out);
    }
}
