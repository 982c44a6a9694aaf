package org.mip.config;

import java.util.List;

/** The configuration cannot be used: every problem found, each one line naming the key. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : "the configuration has " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
