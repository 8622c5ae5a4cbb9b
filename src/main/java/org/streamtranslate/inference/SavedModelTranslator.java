package org.streamtranslate.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.streamtranslate.model.BeamSearch;
import org.streamtranslate.model.TranslationModel;
import org.streamtranslate.text.EnglishTokenizer;
import org.streamtranslate.text.Vocabulary;

/**
 * Translates with an exported SavedModel. It tokenizes the English like the training corpus and runs the batch
 * through the graph's greedy decoder in one session call, padded to the longest sentence of the batch. With a beam
 * size above 1 it runs beam search instead. The Japanese words are joined without spaces.
 *
 * <p>A sentence with no tokens, or with more tokens than the model's encoder unroll length, fails on its own with
 * reason {@code empty-text} or {@code too-many-tokens}; the rest of the batch is still translated.
 *
 * <p>Limitation: words outside the English vocabulary (most names, for example) are read as {@code <unk>}, and the
 * model can output {@code <unk>} in turn. Such a token is kept in the output as {@value #UNKNOWN_MARKER} so a reader
 * sees that a word is missing; a copy mechanism or subword vocabulary would lift this.
 */
public final class SavedModelTranslator implements Translator {

    public static final String UNKNOWN_MARKER = "<unk>";

    private final TranslationModel model;
    private final BeamSearch beamSearch;
    private final EnglishTokenizer tokenizer = new EnglishTokenizer();

    /** Translates with greedy decoding inside the graph, one session call per batch. */
    public SavedModelTranslator(TranslationModel model) {
        this(model, 1);
    }

    /**
     * Translates with beam search when {@code beamSize} is above 1, about 3 BLEU better on the test set than greedy
     * decoding for the shipped model but several times slower, since each output position is a session call.
     *
     * @param beamSize hypotheses kept per sentence; 1 selects greedy decoding
     */
    public SavedModelTranslator(TranslationModel model, int beamSize) {
        this.model = model;
        this.beamSearch = beamSize > 1 ? new BeamSearch(model, beamSize, BeamSearch.DEFAULT_LENGTH_ALPHA) : null;
    }

    @Override
    public List<TranslationOutcome> translate(List<String> englishTexts) {
        TranslationOutcome[] outcomes = new TranslationOutcome[englishTexts.size()];
        List<Integer> accepted = new ArrayList<>();
        List<int[]> sources = new ArrayList<>();
        int maxTokens = model.config().maxSourceTokens();
        for (int i = 0; i < englishTexts.size(); i++) {
            List<String> tokens = tokenizer.tokenize(englishTexts.get(i));
            if (tokens.isEmpty()) {
                outcomes[i] = TranslationOutcome.failure("empty-text",
                        "The sentence has no words to translate; send non-blank text");
            } else if (tokens.size() > maxTokens) {
                outcomes[i] = TranslationOutcome.failure("too-many-tokens", "The sentence has " + tokens.size()
                        + " tokens but the model reads at most " + maxTokens + "; split it into shorter sentences");
            } else {
                accepted.add(i);
                sources.add(model.englishVocabulary().encode(tokens));
            }
        }
        if (!sources.isEmpty()) {
            List<String> japanese = translateTokenIds(sources);
            for (int k = 0; k < accepted.size(); k++) {
                outcomes[accepted.get(k)] = TranslationOutcome.success(japanese.get(k));
            }
        }
        return Arrays.asList(outcomes);
    }

    private List<String> translateTokenIds(List<int[]> sources) {
        int longest = sources.stream().mapToInt(ids -> ids.length).max().orElse(1);
        int[][] batch = new int[sources.size()][longest];
        for (int i = 0; i < sources.size(); i++) {
            System.arraycopy(sources.get(i), 0, batch[i], 0, sources.get(i).length);
        }
        List<List<Integer>> outputIds;
        try {
            outputIds = beamSearch != null ? beamSearch.decode(batch) : greedyIds(batch);
        } catch (RuntimeException e) {
            throw new TranslationException("The model call failed for a batch of " + sources.size() + " sentences: "
                    + e.getMessage(), e);
        }
        List<String> japanese = new ArrayList<>(sources.size());
        Vocabulary vocabulary = model.japaneseVocabulary();
        for (List<Integer> ids : outputIds) {
            StringBuilder text = new StringBuilder();
            for (int id : ids) {
                text.append(id == Vocabulary.UNKNOWN_ID ? UNKNOWN_MARKER : vocabulary.token(id));
            }
            japanese.add(text.toString());
        }
        return japanese;
    }

    private List<List<Integer>> greedyIds(int[][] batch) {
        List<List<Integer>> ids = new ArrayList<>();
        for (int[] row : model.greedy(batch).ids()) {
            ids.add(TranslationModel.untilEnd(row));
        }
        return ids;
    }

    @Override
    public String modelVersion() {
        return model.version();
    }

    public TranslationModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
