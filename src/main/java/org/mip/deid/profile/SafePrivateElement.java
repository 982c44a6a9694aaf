package org.mip.deid.profile;

import org.mip.dicom.VR;

/**
 * A private element kept under Retain Safe Private: identified by its private creator and its
 * offset in the creator's block (element &amp; 0xFF), optionally restricted to one group, and only
 * when its VR matches (a safe numeric field must not turn out to hold text).
 *
 * @param creator private creator string, compared after trimming
 * @param group   the odd group, or -1 for any group
 * @param offset  0x00-0xFF
 * @param vr      the VR the element must have
 */
public record SafePrivateElement(String creator, int group, int offset, VR vr) {
}
