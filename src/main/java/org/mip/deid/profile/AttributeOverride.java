package org.mip.deid.profile;

/**
 * What a profile says to do with one attribute, instead of the standard's action.
 *
 * @param action what to do
 * @param value  the constant for {@link Action#CONSTANT}, else null
 */
public record AttributeOverride(Action action, String value) {

    /** Actions a profile may name. */
    public enum Action {
        /** Keep the value as it is. */
        KEEP,
        /** Remove the element. */
        REMOVE,
        /** Keep the element with an empty value. */
        EMPTY,
        /** Replace the value with a constant. */
        CONSTANT,
        /** Replace the value with its keyed pseudonym (UIDs, IDs, names). */
        PSEUDONYMISE,
        /** Shift a date/date-time by the patient's keyed day offset. */
        SHIFT_DATE,
        /** Keep the value with identifying text removed (free-text cleaning). */
        CLEAN
    }
}
