package org.mip.deid.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile that cannot be used: every problem found, each naming the file, the line and column,
 * what is wrong and what is allowed ({@code research.yaml:12:5: unknown option "retain-uid"; allowed: ...}).
 */
public final class ProfileException extends RuntimeException {

    /** One problem; line and column count from 1 (0 when unknown). */
    public record Problem(String source, int line, int column, String message) {
        @Override
        public String toString() {
            if (line <= 0) {
                return source + ": " + message;
            }
            return source + ":" + line + ":" + column + ": " + message;
        }
    }

    private final List<Problem> problems;

    public ProfileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ProfileException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
