package org.streamtranslate.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.inference.TranslationOutcome;
import org.streamtranslate.model.BeamSearch;
import org.streamtranslate.model.ModelConfig;
import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.model.TranslationModel;
import org.streamtranslate.training.ParallelCorpus;
import org.streamtranslate.training.SentencePair;
import org.streamtranslate.text.Vocabulary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: scores an exported model. On the tokenized test set: corpus BLEU with greedy and with beam
 * decoding, chrF, the KL per latent dimension and the active units. On raw Tatoeba pairs: chrF of the translations
 * of raw English against the raw Japanese. Prints a table and writes everything as JSON.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score an exported model.")
public final class EvaluateCommand implements Callable<Integer> {

    /** The seed's sentences, printed for the model card. */
    static final List<String> SEED_SENTENCES = List.of("this is a pen.", "i am a student", "i love you.",
            "what are you doing?");
    private static final int BATCH_SIZE = 50;

    @Option(names = "--model", required = true, description = "Exported SavedModel folder.")
    Path modelFolder;

    @Option(names = "--test", required = true, description = "Tokenized test pairs: PREFIX.en and PREFIX.ja.")
    Path test;

    @Option(names = "--raw-tsv", description = "Raw English<TAB>Japanese pairs for chrF on real input.")
    Path rawTsv;

    @Option(names = "--beam-size", defaultValue = "5", description = "Beam size; 0 skips beam search. Default: 5.")
    int beamSize;

    @Option(names = "--length-alpha", defaultValue = "1.0",
            description = "Beam search length normalisation: scores are divided by length^alpha. Default: 1.0.")
    double lengthAlpha;

    @Option(names = "--samples", defaultValue = "10", description = "Raw sentences printed with translations.")
    int samples;

    @Option(names = "--output", description = "JSON file for the results.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (TranslationModel model = TranslationModel.load(modelFolder)) {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("model", model.version());
            results.put("variant", model.config().variant().id());
            results.putAll(evaluateTokenized(model, ParallelCorpus.readTokenized(test)));
            SavedModelTranslator translator = new SavedModelTranslator(model);
            if (rawTsv != null) {
                results.putAll(evaluateRaw(translator, ParallelCorpus.readRawColumns(rawTsv)));
            }
            Map<String, String> seed = new LinkedHashMap<>();
            List<TranslationOutcome> outcomes = translator.translate(SEED_SENTENCES);
            for (int i = 0; i < SEED_SENTENCES.size(); i++) {
                seed.put(SEED_SENTENCES.get(i), outcomes.get(i).japanese());
            }
            results.put("seedSentences", seed);
            printTable(results);
            if (output != null) {
                ModelFiles.writeJson(output, results);
                System.out.println("wrote " + output);
            }
        }
        return 0;
    }

    private Map<String, Object> evaluateTokenized(TranslationModel model, List<SentencePair> pairs) {
        List<List<String>> references = new ArrayList<>();
        List<List<String>> greedy = new ArrayList<>();
        List<List<String>> beam = new ArrayList<>();
        List<float[]> means = new ArrayList<>();
        List<float[]> logVariances = new ArrayList<>();
        BeamSearch search = beamSize > 0 ? new BeamSearch(model, beamSize, lengthAlpha) : null;
        Vocabulary japanese = model.japaneseVocabulary();
        long greedyNanos = 0;
        long beamNanos = 0;
        for (int start = 0; start < pairs.size(); start += BATCH_SIZE) {
            List<SentencePair> chunk = pairs.subList(start, Math.min(pairs.size(), start + BATCH_SIZE));
            int[][] source = sourceIds(model, chunk);
            long began = System.nanoTime();
            TranslationModel.GreedyOutput out = model.greedy(source);
            greedyNanos += System.nanoTime() - began;
            for (int i = 0; i < chunk.size(); i++) {
                references.add(chunk.get(i).japanese());
                greedy.add(japanese.decode(out.ids()[i]));
                means.add(out.means()[i]);
                logVariances.add(out.logVariances()[i]);
            }
            if (search != null) {
                began = System.nanoTime();
                for (List<Integer> ids : search.decode(source)) {
                    beam.add(japanese.decode(ids.stream().mapToInt(Integer::intValue).toArray()));
                }
                beamNanos += System.nanoTime() - began;
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("testSentences", pairs.size());
        results.put("testBleuGreedy", Bleu.corpusScore(greedy, references));
        results.put("testChrfGreedy", ChrF.corpusScore(joined(greedy), joined(references)));
        results.put("greedySentencesPerSecond", pairs.size() / (greedyNanos / 1e9));
        if (search != null) {
            results.put("beamSize", beamSize);
            results.put("lengthAlpha", lengthAlpha);
            results.put("testBleuBeam", Bleu.corpusScore(beam, references));
            results.put("testChrfBeam", ChrF.corpusScore(joined(beam), joined(references)));
            results.put("beamSentencesPerSecond", pairs.size() / (beamNanos / 1e9));
        }
        results.putAll(latentResults(model.config(), means, logVariances));
        return results;
    }

    /**
     * Computes KL and active units. An ensemble's means hold every member's μ side by side. Each member has its own
     * latent variable, so the reported KL is the mean of the members' KL and the active units are counted over all.
     */
    static Map<String, Object> latentResults(ModelConfig config, List<float[]> means,
                                                     List<float[]> logVariances) {
        Map<String, Object> results = new LinkedHashMap<>();
        LatentStatistics latent = LatentStatistics.of(means, logVariances);
        int members = config.members();
        results.put("klNats", latent.totalKl() / members);
        results.put("activeUnits", latent.activeUnits());
        results.put("latentDimensions", latent.klPerDimension().length);
        if (members > 1) {
            results.put("members", members);
            List<Double> memberKl = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                int from = m * config.latentSize();
                int to = from + config.latentSize();
                memberKl.add(LatentStatistics.of(columns(means, from, to), columns(logVariances, from, to))
                        .totalKl());
            }
            results.put("memberKlNats", memberKl);
        }
        results.put("klPerDimension", latent.klPerDimension());
        return results;
    }

    private static List<float[]> columns(List<float[]> rows, int from, int to) {
        return rows.stream().map(row -> Arrays.copyOfRange(row, from, to)).toList();
    }

    private Map<String, Object> evaluateRaw(SavedModelTranslator translator, List<String[]> rows) {
        List<String> english = rows.stream().map(r -> r[0]).toList();
        List<String> references = rows.stream().map(r -> r[1]).toList();
        List<String> candidates = new ArrayList<>();
        for (int start = 0; start < english.size(); start += BATCH_SIZE) {
            for (TranslationOutcome outcome : translator.translate(
                    english.subList(start, Math.min(english.size(), start + BATCH_SIZE)))) {
                candidates.add(outcome.succeeded() ? outcome.japanese() : "");
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rawSentences", rows.size());
        results.put("rawChrf", ChrF.corpusScore(candidates, references));
        List<Map<String, String>> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(samples, rows.size()); i++) {
            shown.add(Map.of("english", english.get(i), "reference", references.get(i), "translation",
                    candidates.get(i)));
        }
        results.put("rawSamples", shown);
        return results;
    }

    private static int[][] sourceIds(TranslationModel model, List<SentencePair> chunk) {
        int longest = Math.max(1, chunk.stream().mapToInt(p -> p.english().size()).max().orElse(1));
        int columns = Math.min(longest, model.config().maxSourceTokens());
        int[][] source = new int[chunk.size()][columns];
        for (int i = 0; i < chunk.size(); i++) {
            int[] ids = model.englishVocabulary().encode(chunk.get(i).english());
            System.arraycopy(ids, 0, source[i], 0, Math.min(ids.length, columns));
        }
        return source;
    }

    private static List<String> joined(List<List<String>> sentences) {
        return sentences.stream().map(words -> String.join("", words)).toList();
    }

    private static void printTable(Map<String, Object> results) {
        for (Map.Entry<String, Object> entry : results.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Double) {
                value = String.join(" / ", list.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
            } else if (value instanceof double[] || value instanceof List<?>) {
                continue;
            }
            String shown = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
            System.out.printf("%-26s %s%n", entry.getKey(), shown);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateCommand()).execute(args));
    }
}
