package io.ddlguard.cli;

import io.ddlguard.DdlParser;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code ddlguard parse}: prints the elements the parser reads from SQL text. */
final class ParseCommand {

    private ParseCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Dialect dialect = Dialect.POSTGRESQL;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dialect") || args[i].equals("-d")) {
                if (i + 1 == args.length) {
                    err.println("ddlguard parse: --dialect needs a name");
                    return 2;
                }
                dialect = Dialect.of(args[++i]);
            } else if (args[i].equals("-")) {
                texts.add(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            } else {
                texts.add(args[i]);
            }
        }
        if (texts.isEmpty()) {
            err.println("ddlguard parse: give SQL text, or '-' to read it from standard input");
            return 2;
        }
        List<DdlElement> elements = DdlParser.parse(String.join("\n", texts), dialect);
        if (elements.isEmpty()) {
            out.println("(no DDL)");
        }
        for (DdlElement e : elements) {
            out.println(describe(e));
        }
        return 0;
    }

    /** One line per element: {@code DropTable  DROP TABLE  a, b}. */
    static String describe(DdlElement e) {
        String names = e.names().stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
        return String.format("%-16s %-6s %-17s %s%s", e.getClass().getSimpleName(), e.action(), e.objectKind(),
                names.isEmpty() ? "(unnamed)" : names, e.table().map(t -> "  on " + t).orElse(""));
    }
}
