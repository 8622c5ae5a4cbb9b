package org.streamtranslate.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps tokens to the integer ids the model embeds, and back.
 *
 * <p>Ids 0 to 3 are reserved: {@link #PAD_ID} fills sequences to a common length, {@link #UNKNOWN_ID} stands for any
 * token not in the vocabulary, {@link #START_ID} starts every decoder input and {@link #END_ID} ends every output.
 * A vocabulary is stored as one token a line, the line number being the id.
 */
public final class Vocabulary {

    public static final int PAD_ID = 0;
    public static final int UNKNOWN_ID = 1;
    public static final int START_ID = 2;
    public static final int END_ID = 3;
    public static final List<String> RESERVED_TOKENS = List.of("<pad>", "<unk>", "<s>", "</s>");

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        if (tokens.size() < RESERVED_TOKENS.size() || !tokens.subList(0, 4).equals(RESERVED_TOKENS)) {
            throw new IllegalArgumentException("A vocabulary must start with the reserved tokens " + RESERVED_TOKENS
                    + " but starts with " + tokens.subList(0, Math.min(4, tokens.size())));
        }
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
    }

    /**
     * Builds a vocabulary from tokenized sentences, keeping tokens seen at least {@code minCount} times. Tokens are
     * ordered by falling count, then alphabetically, so the same data always gives the same ids.
     *
     * @param sentences tokenized sentences
     * @param minCount minimum number of occurrences for a token to get its own id; at least 1
     * @param maxSize maximum number of ids including the reserved ones, or 0 for no maximum
     */
    public static Vocabulary build(List<List<String>> sentences, int minCount, int maxSize) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() >= minCount && !RESERVED_TOKENS.contains(entry.getKey())) {
                kept.add(entry);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));

        List<String> tokens = new ArrayList<>(RESERVED_TOKENS);
        for (Map.Entry<String, Integer> entry : kept) {
            if (maxSize > 0 && tokens.size() >= maxSize) {
                break;
            }
            tokens.add(entry.getKey());
        }
        return new Vocabulary(tokens);
    }

    /** Reads a vocabulary written by {@link #save(Path)}. */
    public static Vocabulary load(Path file) {
        try {
            return new Vocabulary(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read vocabulary file " + file, e);
        }
    }

    /** Writes one token a line, in id order. */
    public void save(Path file) throws IOException {
        Files.write(file, tokens, StandardCharsets.UTF_8);
    }

    public int size() {
        return tokens.size();
    }

    /** Returns the id of a token, or {@link #UNKNOWN_ID} when the token is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, UNKNOWN_ID);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("Token id " + id + " is outside the vocabulary of " + tokens.size());
        }
        return tokens.get(id);
    }

    /** Maps tokens to ids. */
    public int[] encode(List<String> sentence) {
        int[] result = new int[sentence.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = id(sentence.get(i));
        }
        return result;
    }

    /**
     * Maps ids to tokens up to the first {@link #END_ID} or {@link #PAD_ID}, leaving out the start token.
     */
    public List<String> decode(int[] idsToDecode) {
        List<String> result = new ArrayList<>();
        for (int id : idsToDecode) {
            if (id == END_ID || id == PAD_ID) {
                break;
            }
            if (id != START_ID) {
                result.add(token(id));
            }
        }
        return Collections.unmodifiableList(result);
    }
}
