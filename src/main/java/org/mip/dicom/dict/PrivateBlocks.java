package org.mip.dicom.dict;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.mip.dicom.Tag;

/**
 * The private blocks of one data set (PS3.5 §7.8.1): a Private Creator element (gggg,00bb), bb in
 * 10-FF, reserves block bb of odd group gggg, i.e. the data elements (gggg,bb00-bbFF); a private
 * data element is identified by its creator and its offset (element &amp; 0xFF), never by its tag,
 * which differs between files. Creator values are compared without LO padding (leading and
 * trailing spaces). Pure data logic, one instance per data set (or item); not thread-safe.
 */
public final class PrivateBlocks {

    private static final int FIRST_BLOCK = 0x10;
    private static final int LAST_BLOCK = 0xFF;

    /** Creator element tag → creator value (stripped), in tag order. */
    private final TreeMap<Integer, String> creators = new TreeMap<>(Integer::compareUnsigned);

    /** Blocks from the private creator elements of a data set: tag → value. */
    public static PrivateBlocks of(Map<Integer, String> creatorElements) {
        PrivateBlocks blocks = new PrivateBlocks();
        creatorElements.forEach((tag, creator) -> {
            if (!Tag.isPrivateCreator(tag)) {
                throw new IllegalArgumentException(Tag.toString(tag) + " is not a private creator element");
            }
            blocks.creators.put(tag, creator.strip());
        });
        return blocks;
    }

    /** True for (gggg,bbee) with gggg private and bb 10-FF: an element inside some block. */
    public static boolean isPrivateDataElement(int tag) {
        return Tag.isPrivate(tag) && Tag.element(tag) >= 0x1000;
    }

    /** The block number bb of a private data element (gggg,bbee) or of a creator element (gggg,00bb). */
    public static int blockOf(int tag) {
        if (Tag.isPrivateCreator(tag)) {
            return Tag.element(tag);
        }
        requireDataElement(tag);
        return Tag.element(tag) >>> 8;
    }

    /** The offset ee of private data element (gggg,bbee) inside its block. */
    public static int offsetOf(int tag) {
        requireDataElement(tag);
        return Tag.element(tag) & 0xFF;
    }

    /** The creator owning private data element {@code tag}; empty for an orphan (no creator element). */
    public Optional<String> creatorOf(int tag) {
        if (!isPrivateDataElement(tag)) {
            return Optional.empty();
        }
        return Optional.ofNullable(creators.get(Tag.privateCreatorOf(tag)));
    }

    /** The creator element reserving a block of {@code group} for {@code creator}; the lowest if several. */
    public OptionalInt creatorElement(int group, String creator) {
        requirePrivateGroup(group);
        String wanted = creator.strip();
        for (Map.Entry<Integer, String> e : creators.subMap(Tag.of(group, FIRST_BLOCK), true,
                Tag.of(group, LAST_BLOCK), true).entrySet()) {
            if (e.getValue().equals(wanted)) {
                return OptionalInt.of(e.getKey());
            }
        }
        return OptionalInt.empty();
    }

    /** The tag of {@code creator}'s element at {@code offset} in {@code group}, if it has a block there. */
    public OptionalInt tagOf(int group, String creator, int offset) {
        requireOffset(offset);
        OptionalInt creatorTag = creatorElement(group, creator);
        return creatorTag.isPresent() ? OptionalInt.of(dataTag(creatorTag.getAsInt(), offset)) : OptionalInt.empty();
    }

    /**
     * Like {@link #tagOf}, but reserves the lowest free block of {@code group} for {@code creator}
     * when it has none; the caller must then write the creator element ({@link #creators()}).
     *
     * @throws IllegalStateException when all 240 blocks of the group are taken
     */
    public int allocate(int group, String creator, int offset) {
        requireOffset(offset);
        OptionalInt existing = creatorElement(group, creator);
        if (existing.isPresent()) {
            return dataTag(existing.getAsInt(), offset);
        }
        for (int block = FIRST_BLOCK; block <= LAST_BLOCK; block++) {
            int creatorTag = Tag.of(group, block);
            if (!creators.containsKey(creatorTag)) {
                creators.put(creatorTag, creator.strip());
                return dataTag(creatorTag, offset);
            }
        }
        throw new IllegalStateException(String.format("no free private block in group %04X for \"%s\"", group, creator));
    }

    /** The creator elements, including any allocated here: tag → creator, in tag order. */
    public Map<Integer, String> creators() {
        return Collections.unmodifiableMap(creators);
    }

    private static int dataTag(int creatorTag, int offset) {
        return (creatorTag & 0xFFFF0000) | (Tag.element(creatorTag) << 8) | offset;
    }

    private static void requireDataElement(int tag) {
        if (!isPrivateDataElement(tag)) {
            throw new IllegalArgumentException(Tag.toString(tag) + " is not a private data element (gggg,1000-FFFF)");
        }
    }

    private static void requirePrivateGroup(int group) {
        if (group < 0 || group > 0xFFFF || !Tag.isPrivate(Tag.of(group, 0))) {
            throw new IllegalArgumentException(String.format("group %04X is not a private group", group));
        }
    }

    private static void requireOffset(int offset) {
        if (offset < 0 || offset > 0xFF) {
            throw new IllegalArgumentException("private element offset must be 00-FF, not " + offset);
        }
    }
}
