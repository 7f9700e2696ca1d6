package dev.aiim.faults;

import dev.aiim.system.story.PlatformClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of docs/reliability.md, one per fault, as the suite measured them: each fault writes its row to
 * {@code fault-suite/target/reliability/<n>-<test>-<hash of the fault>.json}, and with {@code -Daiim.docs.write=true}
 * (deploy/local/platform faults sets it) also into the table of docs/reliability.md, replacing that fault's
 * earlier row and keeping the others.
 */
final class ReliabilityTable {

    static final String START = "<!-- fault-table:start -->";
    static final String END = "<!-- fault-table:end -->";
    private static final String HEADER = """
            | # | Fault | Load | Accepted | Lost | Duplicated | 5xx for client input | Time to recover | Command |
            |---|---|---|---|---|---|---|---|---|""";

    /**
     * @param number       the fault's number in the suite (issue 22's list)
     * @param fault        what happened, in words
     * @param load         what the platform was doing meanwhile, with the answers it gave
     * @param recovery     from the fault's end until new work was done again, or "-" where nothing stops
     * @param test         the test class (the command runs it alone)
     */
    record Row(int number, String fault, String load, int accepted, int lost, int duplicated, int serverErrors,
               String recovery, String test) {

        String markdown() {
            return String.format("| %d | %s | %s | %,d | %d | %d | %d | %s | `deploy/local/platform faults %s` |",
                    number, cell(fault), cell(load), accepted, lost, duplicated, serverErrors, cell(recovery), test);
        }

        private static String cell(String text) {
            return text.replace("|", "\\|").replace("\n", " ");
        }
    }

    private ReliabilityTable() {
    }

    static synchronized void record(Row row) {
        Path root = Path.of(System.getProperty("aiim.root", ".."));
        try {
            Path rows = root.resolve("fault-suite/target/reliability");
            Files.createDirectories(rows);
            Files.writeString(rows.resolve(row.number() + "-" + row.test() + "-"
                    + Integer.toHexString(row.fault().hashCode()) + ".json"), PlatformClient.write(row));
            System.out.println("[reliability] " + row.markdown());
            if (Boolean.getBoolean("aiim.docs.write")) {
                write(root.resolve("docs/reliability.md"), row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code row}'s fault (same number and test) in the document's table, keeping the other rows. */
    private static void write(Path document, Row row) throws IOException {
        String text = Files.readString(document);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(document + " has no " + START + " ... " + END + " section");
        }
        Map<String, String> rows = new TreeMap<>((a, b) -> {
            int byNumber = Integer.compare(number(a), number(b));
            return byNumber != 0 ? byNumber : a.compareTo(b);
        });
        for (String line : text.substring(start + START.length(), end).split("\n")) {
            if (line.matches("\\| \\d+ \\|.*")) {
                rows.put(key(line), line);
            }
        }
        rows.put(key(row.markdown()), row.markdown());
        List<String> table = new ArrayList<>(List.of(HEADER));
        table.addAll(rows.values());
        Files.writeString(document, text.substring(0, start + START.length()) + "\n" + String.join("\n", table)
                + "\n" + text.substring(end));
    }

    /** A row's identity: its number and its fault (one test may measure several). */
    private static String key(String line) {
        String[] cells = line.split(" \\| ", 3);
        return cells[0] + " | " + cells[1];
    }

    private static int number(String key) {
        return Integer.parseInt(key.replaceAll("^\\|? ?(\\d+).*$", "$1").trim());
    }
}
