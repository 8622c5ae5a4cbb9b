package org.streamtranslate.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.streamtranslate.evaluation.Bleu;
import org.streamtranslate.model.ModelConfig;
import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.model.TrainingGraph;
import org.streamtranslate.text.Vocabulary;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains a VAE seq2seq model on tokenized sentence pairs, keeping the checkpoint with the best dev BLEU.
 *
 * <p>Each epoch shuffles the training pairs with the run's seed, runs Adam steps with the annealed KL weight, then
 * decodes the dev set greedily and computes corpus BLEU. The last checkpoint (weights and Adam moments) goes to
 * {@code checkpoints/last}, the best by dev BLEU to {@code checkpoints/best}, and with {@code keepEpochs} above 0 the
 * last epochs' checkpoints to {@code checkpoints/epoch-N} for averaging. The run stops after {@code patience}
 * epochs without improvement. The output folder also gets the vocabularies, {@code model-config.json},
 * {@code trainer-state.json} and the training curve as CSV and PNG. After an epoch without a better dev BLEU the
 * Adam step size is multiplied by {@code learningRateDecay}. Epochs before {@code decayStart} are exempt from both
 * the decay and the early stop.
 */
public final class Trainer {

    private static final float ADAM_BETA1 = 0.9f;
    private static final float ADAM_BETA2 = 0.999f;
    private static final int DEV_BATCH_SIZE = 100;

    private final TrainingOptions options;
    private final PrintStream out;
    private float learningRate;

    public Trainer(TrainingOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Result of a run: best dev BLEU, the epoch it was reached and the training time. */
    public record Summary(double bestDevBleu, int bestEpoch, int epochsRun, double trainingSeconds,
                          double tokensPerSecond, Path output) {
    }

    public Summary run() throws IOException {
        Files.createDirectories(options.output());
        List<SentencePair> train = loadTrainingPairs();
        List<SentencePair> dev = ParallelCorpus.readTokenized(options.devPrefix());
        TrainerState state = TrainerState.loadOrNew(options);
        Vocabularies vocabularies = Vocabularies.forRun(options, train, state.resumed());
        ModelConfig config = new ModelConfig(options.variant(), vocabularies.english().size(),
                vocabularies.japanese().size(), options.embeddingSize(), options.hiddenSize(), options.latentSize(),
                ModelConfig.DEFAULT_MAX_SOURCE_TOKENS, ModelConfig.DEFAULT_MAX_TARGET_TOKENS,
                ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS);
        train = fitting(train, config);
        ModelFiles.writeConfig(options.output().resolve(ModelFiles.CONFIG_FILE), config);
        ModelFiles.writeOptions(options.output().resolve(ModelFiles.OPTIONS_FILE), options);
        out.printf("train pairs=%d dev pairs=%d vocabulary en=%d ja=%d variant=%s%n", train.size(), dev.size(),
                config.sourceVocabularySize(), config.targetVocabularySize(), config.variant().id());

        try (Graph graph = new Graph()) {
            TrainingGraph model = new TrainingGraph(graph, config);
            out.printf("parameters=%d%n", model.weights().parameterCount());
            try (Session session = new Session(graph)) {
                startWeights(session, model, state);
                return trainEpochs(session, model, train, dev, vocabularies, state);
            }
        }
    }

    private List<SentencePair> loadTrainingPairs() {
        List<SentencePair> train = new ArrayList<>(ParallelCorpus.readTokenized(options.trainPrefix()));
        if (options.maxTrainPairs() > 0 && train.size() > options.maxTrainPairs()) {
            train = new ArrayList<>(train.subList(0, options.maxTrainPairs()));
        }
        if (options.extraTrainTsv() != null) {
            train.addAll(ParallelCorpus.readRawTsv(options.extraTrainTsv()));
        }
        return train;
    }

    /** Drops pairs longer than the unroll lengths, saying how many. */
    private List<SentencePair> fitting(List<SentencePair> pairs, ModelConfig config) {
        List<SentencePair> kept = new ArrayList<>();
        for (SentencePair pair : pairs) {
            if (!pair.english().isEmpty() && pair.english().size() <= config.maxSourceTokens()
                    && !pair.japanese().isEmpty() && pair.japanese().size() < config.maxTargetTokens()) {
                kept.add(pair);
            }
        }
        if (kept.size() < pairs.size()) {
            out.printf("skipped %d pairs that are empty or longer than %d English or %d Japanese tokens%n",
                    pairs.size() - kept.size(), config.maxSourceTokens(), config.maxTargetTokens() - 1);
        }
        return kept;
    }

    private void startWeights(Session session, TrainingGraph model, TrainerState state) {
        if (state.resumed()) {
            model.initialize(session, options.seed());
            session.restore(state.lastCheckpoint(options.output()).toString());
            out.printf("resumed from epoch %d, step %d, best dev BLEU %.2f%n", state.epoch(), state.step(),
                    state.bestDevBleu());
            return;
        }
        model.initialize(session, options.seed());
        if (options.initFrom() != null) {
            WeightTransfer.copyFromSavedModel(options.initFrom(), options.initMember(), session, model.weights());
            out.printf("started from the weights of %s%s%n", options.initFrom(),
                    options.initMember() > 0 ? ", member " + options.initMember() : "");
        }
    }

    private Summary trainEpochs(Session session, TrainingGraph model, List<SentencePair> train,
                                List<SentencePair> dev, Vocabularies vocabularies, TrainerState state)
            throws IOException {
        ModelConfig config = model.config();
        KlSchedule schedule = new KlSchedule(options.klAnnealSteps(), options.klCycleSteps());
        TrainingCurve curve = new TrainingCurve();
        Path curveCsv = options.output().resolve("training-curve.csv");
        if (state.resumed() && Files.exists(curveCsv)) {
            curve.replaceAll(TrainingCurve.readCsv(curveCsv));
        }
        ProgressBar progress = new ProgressBar(out, System.console() != null);
        int stepsPerEpoch = (train.size() + options.batchSize() - 1) / options.batchSize();
        long runStart = System.nanoTime();
        long runTokens = 0;
        double runTrainingSeconds = 0;
        int epochsWithoutImprovement = state.epochsWithoutImprovement();

        for (int epoch = state.epoch() + 1; epoch <= options.epochs(); epoch++) {
            learningRate = state.learningRate();
            Random random = new Random(options.seed() * 1_000_003L + epoch);
            List<SentencePair> shuffled = new ArrayList<>(train);
            Collections.shuffle(shuffled, random);
            EpochTotals totals = new EpochTotals();
            long epochStart = System.nanoTime();
            for (int batchIndex = 0; batchIndex < stepsPerEpoch; batchIndex++) {
                List<SentencePair> pairs = shuffled.subList(batchIndex * options.batchSize(),
                        Math.min(shuffled.size(), (batchIndex + 1) * options.batchSize()));
                TrainingBatch batch = TrainingBatch.encode(pairs, vocabularies.english(), vocabularies.japanese(),
                        config.maxSourceTokens(), config.maxTargetTokens(), options.wordDropout(), random);
                float klWeight = schedule.weight(state.step());
                state.advanceStep();
                totals.add(runStep(session, model, batch, klWeight, state.step(), random), batch.targetTokens(),
                        klWeight);

                double seconds = (System.nanoTime() - epochStart) / 1e9;
                long stepsLeft = (long) (options.epochs() - epoch) * stepsPerEpoch + stepsPerEpoch - batchIndex - 1;
                Duration eta = Duration.ofSeconds((long) (seconds / (batchIndex + 1) * stepsLeft));
                progress.update(new ProgressBar.Snapshot(epoch, options.epochs(), batchIndex + 1, stepsPerEpoch,
                        totals.meanLoss(), totals.meanReconstruction(), totals.meanKl(), klWeight,
                        totals.tokens / seconds, eta));
            }
            progress.endEpoch();
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            runTrainingSeconds += epochSeconds;
            runTokens += totals.tokens;

            double devBleu = devBleu(session, model, dev, vocabularies);
            boolean improved = devBleu > state.bestDevBleu();
            boolean counted = epoch >= options.decayStart();
            epochsWithoutImprovement = improved || !counted ? 0 : epochsWithoutImprovement + 1;
            curve.add(new TrainingCurve.Point(epoch, state.step(), totals.meanLoss(), totals.meanReconstruction(),
                    totals.meanKl(), totals.lastKlWeight, devBleu, totals.tokens / epochSeconds,
                    state.elapsedSeconds() + epochSeconds));
            state.finishEpoch(epoch, devBleu, improved, epochsWithoutImprovement, epochSeconds,
                    counted ? options.learningRateDecay() : 1f);
            saveCheckpoints(session, state, improved);
            curve.writeCsv(curveCsv);
            curve.writePng(options.output().resolve("training-curve.png"),
                    "VAE seq2seq (" + config.variant().id() + "): training curve");
            out.printf("epoch %d done in %s: dev BLEU %.2f (best %.2f at epoch %d), KL %.3f nats, next learning "
                    + "rate %.6f%n", epoch, ProgressBar.format(Duration.ofSeconds((long) epochSeconds)), devBleu,
                    state.bestDevBleu(), state.bestEpoch(), totals.meanKl(), state.learningRate());
            if (epochsWithoutImprovement >= options.patience()) {
                out.printf("stopping early: no better dev BLEU for %d epochs%n", epochsWithoutImprovement);
                break;
            }
        }
        double seconds = (System.nanoTime() - runStart) / 1e9;
        out.printf("training finished in %s%n", ProgressBar.format(Duration.ofSeconds((long) seconds)));
        return new Summary(state.bestDevBleu(), state.bestEpoch(), state.epoch(), state.elapsedSeconds(),
                runTrainingSeconds == 0 ? 0 : runTokens / runTrainingSeconds, options.output());
    }

    private float[] runStep(Session session, TrainingGraph model, TrainingBatch batch, float klWeight, long step,
                            Random random) {
        int rows = batch.source().length;
        float[] noise = new float[rows * model.config().latentSize()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        try (TInt32 source = TInt32.tensorOf(StdArrays.ndCopyOf(batch.source()));
             TInt32 targetInput = TInt32.tensorOf(StdArrays.ndCopyOf(batch.targetInput()));
             TInt32 targetOutput = TInt32.tensorOf(StdArrays.ndCopyOf(batch.targetOutput()));
             TFloat32 noiseTensor = TFloat32.tensorOf(Shape.of(rows, model.config().latentSize()),
                     DataBuffers.of(noise, true, false));
             TFloat32 sourceMask = dropoutMask(rows, model.config().maxSourceTokens(), model.config().embeddingSize(),
                     random);
             TFloat32 outputMask = dropoutMask(rows, model.config().maxTargetTokens(), model.config().hiddenSize(),
                     random);
             TFloat32 klWeightTensor = TFloat32.scalarOf(klWeight);
             TFloat32 freeBits = TFloat32.scalarOf(options.freeBits());
             TFloat32 labelSmoothing = TFloat32.scalarOf(options.labelSmoothing());
             TFloat32 learningRate = TFloat32.scalarOf(this.learningRate);
             TFloat32 beta1Power = TFloat32.scalarOf((float) Math.pow(ADAM_BETA1, step));
             TFloat32 beta2Power = TFloat32.scalarOf((float) Math.pow(ADAM_BETA2, step));
             Result result = session.runner()
                     .feed(model.source, source).feed(model.targetInput, targetInput)
                     .feed(model.targetOutput, targetOutput).feed(model.noise, noiseTensor)
                     .feed(model.sourceDropoutMask, sourceMask).feed(model.outputDropoutMask, outputMask)
                     .feed(model.klWeight, klWeightTensor).feed(model.freeBits, freeBits)
                     .feed(model.labelSmoothing, labelSmoothing)
                     .feed(model.learningRate, learningRate).feed(model.beta1Power, beta1Power)
                     .feed(model.beta2Power, beta2Power)
                     .fetch(model.loss).fetch(model.reconstruction).fetch(model.kl)
                     .addTarget(model.train).run()) {
            float loss = ((TFloat32) result.get(0)).getFloat();
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("Training diverged at step " + step + ": loss is " + loss
                        + "; lower --learning-rate or check the data");
            }
            return new float[] {loss, ((TFloat32) result.get(1)).getFloat(), ((TFloat32) result.get(2)).getFloat()};
        }
    }

    /** Builds an inverted-dropout mask: each entry is 0 with probability p, else 1/(1 − p). */
    private TFloat32 dropoutMask(int rows, int steps, int width, Random random) {
        float rate = options.dropout();
        float[] mask = new float[rows * steps * width];
        float kept = 1f / (1f - rate);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rate > 0 && random.nextFloat() < rate ? 0f : kept;
        }
        return TFloat32.tensorOf(Shape.of(rows, steps, width), DataBuffers.of(mask, true, false));
    }

    /** Greedy-decodes the dev sources and scores them against the segmented references. */
    static double devBleu(Session session, TrainingGraph model, List<SentencePair> dev, Vocabularies vocabularies) {
        List<List<String>> candidates = new ArrayList<>();
        List<List<String>> references = new ArrayList<>();
        int maxSource = model.config().maxSourceTokens();
        for (int start = 0; start < dev.size(); start += DEV_BATCH_SIZE) {
            List<SentencePair> pairs = dev.subList(start, Math.min(dev.size(), start + DEV_BATCH_SIZE));
            int[][] source = new int[pairs.size()][maxSource];
            for (int i = 0; i < pairs.size(); i++) {
                int[] ids = vocabularies.english().encode(pairs.get(i).english());
                System.arraycopy(ids, 0, source[i], 0, Math.min(ids.length, maxSource));
                references.add(pairs.get(i).japanese());
            }
            try (TInt32 sourceTensor = TInt32.tensorOf(StdArrays.ndCopyOf(source));
                 Result result = session.runner().feed(model.source, sourceTensor).fetch(model.greedyIds).run()) {
                int[][] ids = StdArrays.array2dCopyOf((TInt32) result.get(0));
                for (int[] row : ids) {
                    candidates.add(vocabularies.japanese().decode(row));
                }
            }
        }
        return Bleu.corpusScore(candidates, references);
    }

    private void saveCheckpoints(Session session, TrainerState state, boolean improved) throws IOException {
        Path last = state.lastCheckpoint(options.output());
        Files.createDirectories(last.getParent());
        session.save(last.toString());
        if (improved) {
            Path best = TrainerState.bestCheckpoint(options.output());
            Files.createDirectories(best.getParent());
            session.save(best.toString());
        }
        if (options.keepEpochs() > 0) {
            Path epochCheckpoint = TrainerState.epochCheckpoint(options.output(), state.epoch());
            Files.createDirectories(epochCheckpoint.getParent());
            session.save(epochCheckpoint.toString());
            deleteFolder(TrainerState.epochCheckpoint(options.output(), state.epoch() - options.keepEpochs())
                    .getParent());
        }
        state.save(options.output());
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Running sums over an epoch. */
    private static final class EpochTotals {
        private double loss;
        private double reconstruction;
        private double kl;
        private int steps;
        private long tokens;
        private float lastKlWeight;

        void add(float[] figures, long batchTokens, float klWeight) {
            loss += figures[0];
            reconstruction += figures[1];
            kl += figures[2];
            steps++;
            tokens += batchTokens;
            lastKlWeight = klWeight;
        }

        double meanLoss() {
            return loss / steps;
        }

        double meanReconstruction() {
            return reconstruction / steps;
        }

        double meanKl() {
            return kl / steps;
        }
    }
}
