package org.streamtranslate.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.inference.TranslationOutcome;
import org.streamtranslate.model.ExportCommand;
import org.streamtranslate.model.ModelExporter;
import org.streamtranslate.model.ModelVariant;
import org.streamtranslate.model.TranslationModel;
import org.streamtranslate.testing.SharedData;

import picocli.CommandLine;

/**
 * Trains a small model on 200 corpus pairs until it reproduces them, exports it, and checks the export in this JVM
 * and in a fresh one.
 */
class TinyModelTrainingIT {

    private static final int PAIRS = 200;
    private static final double MIN_EXACT_FRACTION = 0.95;

    @Test
    void shouldOverfitTwoHundredPairsAndReloadIdenticallyInFreshJvm(@TempDir Path folder) throws Exception {
        Path prefix = writeFirstPairs(folder, PAIRS);
        Path run = folder.resolve("run");
        TrainingOptions options = new TrainingOptions(prefix, prefix, null, run, ModelVariant.ATTENTION, 64, 64, 16,
                60, 20, 3L, 0.01f, 1f, 1, 300, 0, 0f, 0f, 0f, 0f, 1, 100, 0, 0, false, null, 0);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        Trainer.Summary summary = new Trainer(options, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        List<TrainingCurve.Point> curve = TrainingCurve.readCsv(run.resolve("training-curve.csv"));
        double firstLoss = curve.get(0).reconstruction();
        double lastLoss = curve.get(curve.size() - 1).reconstruction();
        assertTrue(lastLoss < firstLoss / 10, "reconstruction loss should fall tenfold: " + firstLoss + " -> "
                + lastLoss);
        assertTrue(summary.bestDevBleu() > 90, "BLEU on the training pairs was " + summary.bestDevBleu());
        assertTrue(Files.size(run.resolve("training-curve.png")) > 0, "training curve plot missing");

        Path exported = folder.resolve("model");
        ModelExporter.export(run, run.resolve("checkpoints/best/checkpoint"), exported, Map.of("version", "tiny"),
                20);
        List<String> english = Files.readAllLines(Path.of(prefix + ".en"));
        List<String> expected = Files.readAllLines(Path.of(prefix + ".ja")).stream()
                .map(line -> line.replace(" ", "")).toList();
        List<String> translated = new ArrayList<>();
        try (SavedModelTranslator translator = new SavedModelTranslator(TranslationModel.load(exported))) {
            for (TranslationOutcome outcome : translator.translate(english)) {
                translated.add(outcome.japanese());
            }
        }
        long exact = 0;
        for (int i = 0; i < PAIRS; i++) {
            exact += expected.get(i).equals(translated.get(i)) ? 1 : 0;
        }
        assertTrue(exact >= MIN_EXACT_FRACTION * PAIRS, "only " + exact + " of " + PAIRS
                + " training sentences came back exactly");

        assertEquals(translated, translateInFreshJvm(exported, Path.of(prefix + ".en")));

        // Fine-tuning from the export starts from its weights: one epoch already reproduces the pairs.
        TrainingOptions fineTune = new TrainingOptions(prefix, prefix, null, folder.resolve("fine-tune"),
                ModelVariant.ATTENTION, 64, 64, 16, 1, 20, 4L, 0.001f, 1f, 1, 0, 0, 0f, 0f, 0f, 0f, 1, 100, 0, 0, false,
                exported, 0);
        Trainer.Summary tuned = new Trainer(fineTune, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        assertTrue(tuned.bestDevBleu() > 90, "fine-tuning lost the weights: BLEU " + tuned.bestDevBleu());
    }

    @Test
    void shouldResumeFromLastCheckpoint(@TempDir Path folder) throws Exception {
        Path prefix = writeFirstPairs(folder, 40);
        Path run = folder.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        new Trainer(options(prefix, run, 2, false), out).run();

        Trainer.Summary resumed = new Trainer(options(prefix, run, 3, true), out).run();

        assertEquals(3, resumed.epochsRun());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("resumed from epoch 2"), log.toString());
        assertEquals(List.of(1, 2, 3), TrainingCurve.readCsv(run.resolve("training-curve.csv")).stream()
                .map(TrainingCurve.Point::epoch).toList());
    }

    @Test
    void shouldCountStalledEpochsOnlyFromDecayStart(@TempDir Path folder) throws Exception {
        Path prefix = writeFirstPairs(folder, 40);
        // A step size of 0 freezes the weights, so no epoch after the first can improve dev BLEU.
        TrainingOptions frozen = new TrainingOptions(prefix, prefix, null, folder.resolve("run"),
                ModelVariant.BOTTLENECK, 32, 32, 8, 8, 20, 5L, 0f, 0.5f, 3, 50, 0, 0.1f, 0f, 0f, 0f, 1, 2, 0, 0, false,
                null, 0);

        Trainer.Summary summary = new Trainer(frozen, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run();

        assertEquals(4, summary.epochsRun(), "epochs 3 and 4 are the two stalled epochs that count");
    }

    @Test
    void shouldKeepLastEpochsAndExportTheirAverage(@TempDir Path folder) throws Exception {
        Path prefix = writeFirstPairs(folder, 40);
        Path run = folder.resolve("run");
        TrainingOptions keepTwo = new TrainingOptions(prefix, prefix, null, run, ModelVariant.BOTTLENECK, 32, 32, 8,
                3, 20, 5L, 0.01f, 1f, 1, 50, 0, 0.1f, 0f, 0f, 0f, 1, 100, 2, 0, false, null, 0);
        new Trainer(keepTwo, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        assertFalse(Files.exists(run.resolve("checkpoints/epoch-1")), "epoch 1 is older than the last two");
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-2/checkpoint.index")));
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-3/checkpoint.index")));

        Path exported = folder.resolve("averaged");
        int exitCode = new CommandLine(new ExportCommand()).execute("--run", run.toString(), "--output",
                exported.toString(), "--version", "averaged-test", "--checkpoint",
                run.resolve("checkpoints/epoch-2/checkpoint").toString(),
                run.resolve("checkpoints/epoch-3/checkpoint").toString());

        assertEquals(0, exitCode);
        try (TranslationModel model = TranslationModel.load(exported)) {
            assertEquals("averaged-test", model.version());
        }
        assertTrue(Files.readString(exported.resolve("assets/metadata.json")).contains("epoch-2"),
                "metadata should list the averaged checkpoints");
    }

    private static TrainingOptions options(Path prefix, Path run, int epochs, boolean resume) {
        return new TrainingOptions(prefix, prefix, null, run, ModelVariant.BOTTLENECK, 32, 32, 8, epochs, 20, 5L,
                0.01f, 0.5f, 1, 50, 0, 0.1f, 0.1f, 0.1f, 0.1f, 1, 100, 0, 0, resume, null, 0);
    }

    private static Path writeFirstPairs(Path folder, int count) throws IOException {
        Path corpus = SharedData.smallParallelEnja().resolve("train");
        Path prefix = folder.resolve("pairs");
        for (String suffix : new String[] {".en", ".ja"}) {
            List<String> lines = Files.readAllLines(Path.of(corpus + suffix)).subList(0, count);
            Files.write(Path.of(prefix + suffix), lines);
        }
        return prefix;
    }

    private static List<String> translateInFreshJvm(Path model, Path sentences) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TranslateFileMain.class.getName(), model.toString(), sentences.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the fresh JVM did not finish in 120 s");
        assertEquals(0, process.exitValue(), "the fresh JVM failed");
        return List.of(new String(output, StandardCharsets.UTF_8).split("\n"));
    }
}
