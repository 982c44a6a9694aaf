package org.mip.app.routes;

/**
 * One thing wrong with a route file, where it is and why: printed by {@code mip routes check} and
 * logged by a refused live reload as {@code file:line:column: CODE message}.
 *
 * @param file    the file name as the user knows it (e.g. {@code process.yaml})
 * @param line    1-based
 * @param column  1-based
 * @param code    one of the constants below (docs/USER_GUIDE.md lists them)
 * @param message what is wrong, naming steps, keys, beans, settings and route ids, never exchange data
 */
public record RouteProblem(String file, int line, int column, String code, String message) {
    /** The file is not valid YAML (or a mapping has a key twice). */
    public static final String YAML_SYNTAX = "YAML_SYNTAX";
    /** Against the Camel YAML DSL schema: an unknown step or option, a wrong type, a missing required key. */
    public static final String SCHEMA = "SCHEMA";
    /** A {@code ref:}, {@code *Ref:} or {@code #bean} reference to a bean the application does not bind. */
    public static final String UNKNOWN_BEAN = "UNKNOWN_BEAN";
    /** A {@code to: direct:x} with no route {@code from: direct:x} in the folder. */
    public static final String MISSING_DIRECT = "MISSING_DIRECT";
    /** A {@code {{placeholder}}} that is not a setting. */
    public static final String UNKNOWN_PLACEHOLDER = "UNKNOWN_PLACEHOLDER";
    /** Two routes (or route configurations) with one id. */
    public static final String DUPLICATE_ID = "DUPLICATE_ID";
    /** A route the pipeline needs is in no file. */
    public static final String MISSING_ROUTE = "MISSING_ROUTE";
    /** Camel itself refused the file while loading or starting its routes (live reload only). */
    public static final String CAMEL_REFUSED = "CAMEL_REFUSED";

    /** {@code file:line:column: CODE message}; without the position when there is none (a problem of the folder). */
    @Override
    public String toString() {
        String where = file.isEmpty() ? "" : line <= 0 ? file + ": " : file + ":" + line + ":" + column + ": ";
        return where + code + " " + message;
    }
}
