package io.ddlguard.agent;

import java.nio.file.Path;

/**
 * A rules file the agent cannot use: names the file, the line (1-based; 0 when the problem is the file as a whole)
 * and the problem. Unchecked: {@link DdlGuardAgent#install(Path)} throws it to the application that attaches.
 */
public final class RulesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** A problem at {@code line} (1-based) of {@code file}, or of the whole file when {@code line} is 0. */
    public RulesException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    /** As {@link #RulesException(Path, int, String)}, with the parser's or reader's exception as the cause. */
    public RulesException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The rules file. */
    public Path file() {
        return file;
    }

    /** The line of the problem, 1-based; 0 when it is about the file as a whole. */
    public int line() {
        return line;
    }
}
