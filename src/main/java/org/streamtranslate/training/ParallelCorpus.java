package org.streamtranslate.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.streamtranslate.text.EnglishTokenizer;
import org.streamtranslate.text.JapaneseSegmenter;

/**
 * Reads sentence pairs from the two layouts the project uses.
 *
 * <ul>
 *   <li>Aligned token files, {@code PREFIX.en} and {@code PREFIX.ja}, one already tokenized sentence a line
 *       (small_parallel_enja).</li>
 *   <li>Raw tab-separated files, {@code English<TAB>Japanese} (Tatoeba, user corrections): English goes through
 *       {@link EnglishTokenizer}, Japanese through {@link JapaneseSegmenter}.</li>
 * </ul>
 */
public final class ParallelCorpus {

    private ParallelCorpus() {
    }

    /**
     * Reads {@code prefix.en} and {@code prefix.ja}.
     *
     * @param prefix path without extension, for example {@code ../shared/data/small_parallel_enja/train}
     * @throws IllegalArgumentException when the files differ in line count
     */
    public static List<SentencePair> readTokenized(Path prefix) {
        List<String> english = readLines(Path.of(prefix + ".en"));
        List<String> japanese = readLines(Path.of(prefix + ".ja"));
        if (english.size() != japanese.size()) {
            throw new IllegalArgumentException(prefix + ".en has " + english.size() + " lines but " + prefix
                    + ".ja has " + japanese.size() + "; the files must be aligned line by line");
        }
        List<SentencePair> pairs = new ArrayList<>(english.size());
        for (int i = 0; i < english.size(); i++) {
            pairs.add(new SentencePair(splitTokens(english.get(i)), splitTokens(japanese.get(i))));
        }
        return pairs;
    }

    /** Reads raw {@code English<TAB>Japanese} lines; lines without a tab are rejected with their line number. */
    public static List<SentencePair> readRawTsv(Path file) {
        EnglishTokenizer tokenizer = new EnglishTokenizer();
        JapaneseSegmenter segmenter = new JapaneseSegmenter();
        List<SentencePair> pairs = new ArrayList<>();
        for (String[] columns : readRawColumns(file)) {
            pairs.add(new SentencePair(tokenizer.tokenize(columns[0]), segmenter.segment(columns[1])));
        }
        return pairs;
    }

    /** Reads raw {@code English<TAB>Japanese} lines as two strings each, untouched. */
    public static List<String[]> readRawColumns(Path file) {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length < 2) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + " has no tab; expected English<TAB>Japanese");
            }
            rows.add(new String[] {columns[0].strip(), columns[1].strip()});
        }
        return rows;
    }

    private static List<String> splitTokens(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
