package org.streamtranslate.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.streamtranslate.model.TranslationModel;
import org.streamtranslate.text.EnglishTokenizer;
import org.streamtranslate.text.Vocabulary;

/**
 * Translates with an exported SavedModel: tokenizes the English like the training corpus, runs the batch through the
 * graph's greedy decoder in one session call (padded to the longest sentence of the batch), and joins the Japanese
 * words without spaces.
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
    private final EnglishTokenizer tokenizer = new EnglishTokenizer();

    public SavedModelTranslator(TranslationModel model) {
        this.model = model;
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
        TranslationModel.GreedyOutput output;
        try {
            output = model.greedy(batch);
        } catch (RuntimeException e) {
            throw new TranslationException("The model call failed for a batch of " + sources.size() + " sentences: "
                    + e.getMessage(), e);
        }
        List<String> japanese = new ArrayList<>(sources.size());
        Vocabulary vocabulary = model.japaneseVocabulary();
        for (int[] row : output.ids()) {
            StringBuilder text = new StringBuilder();
            for (int id : TranslationModel.untilEnd(row)) {
                text.append(id == Vocabulary.UNKNOWN_ID ? UNKNOWN_MARKER : vocabulary.token(id));
            }
            japanese.add(text.toString());
        }
        return japanese;
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
