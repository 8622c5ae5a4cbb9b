package org.streamtranslate.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads one English sentence per line from a text stream. For a tab-separated file (a parallel corpus with the
 * English text first) only the first column is taken. Blank lines are skipped, because the service would send
 * them to the dead-letter topic and the console would wait for a translation that never comes.
 */
final class SentenceReader implements AutoCloseable {

    private final BufferedReader reader;
    private final boolean tabSeparated;

    SentenceReader(BufferedReader reader, boolean tabSeparated) {
        this.reader = reader;
        this.tabSeparated = tabSeparated;
    }

    /** Returns true for a file name ending in {@code .tsv}, case-insensitive. */
    static boolean isTabSeparated(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv");
    }

    /** Returns the next non-blank sentence, trimmed, or empty at the end of the input. */
    Optional<String> next() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                String sentence = tabSeparated ? firstColumn(line) : line;
                sentence = sentence.strip();
                if (!sentence.isEmpty()) {
                    return Optional.of(sentence);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the input sentences", e);
        }
    }

    private static String firstColumn(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
