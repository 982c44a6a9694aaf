package org.mip.deid.profile;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.deid.DeidOption;

/**
 * A de-identification profile: the PS3.15 options in force and what the site adds on top.
 * Built from a YAML file by {@link ProfileLoader}; immutable.
 *
 * @param name         short name, recorded in audit events and in De-identification Method
 * @param description  one line for people
 * @param options      PS3.15 options applied on top of the Basic profile
 * @param overrides    per-attribute actions that replace the table's (key: tag)
 * @param safePrivate  private elements kept under Retain Safe Private
 * @param pseudonyms   how patient IDs, names, accession numbers and study IDs are replaced
 * @param dateShift    the range of the keyed per-patient day offset (Retain Longitudinal Modified Dates)
 * @param uidRoot      root of generated UIDs: "2.25" (a UUID-derived integer) or an organisation root
 * @param burnedIn     when an instance may carry burned-in text and must not be published unseen
 * @param redaction    pixel regions to blank, chosen by header conditions (Clean Pixel Data)
 */
public record Profile(String name, String description, Set<DeidOption> options, Map<Integer, AttributeOverride> overrides,
                      List<SafePrivateElement> safePrivate, PseudonymPatterns pseudonyms, DateShiftRange dateShift,
                      String uidRoot, BurnedInPolicy burnedIn, List<RedactionRule> redaction) {

    public Profile {
        options = Set.copyOf(options);
        overrides = Map.copyOf(overrides);
        safePrivate = List.copyOf(safePrivate);
        redaction = List.copyOf(redaction);
    }

    public boolean has(DeidOption option) {
        return options.contains(option);
    }
}
