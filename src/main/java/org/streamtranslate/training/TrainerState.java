package org.streamtranslate.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Progress of a run, saved after every epoch as {@code trainer-state.json} so that {@code --resume} continues where
 * the run stopped: epochs done, Adam steps taken, best dev BLEU and its epoch.
 */
final class TrainerState {

    static final String FILE = "trainer-state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The saved fields. */
    record Saved(int epoch, long step, double bestDevBleu, int bestEpoch, int epochsWithoutImprovement,
                 double elapsedSeconds, float learningRate) {
    }

    private int epoch;
    private long step;
    private double bestDevBleu = -1;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private double elapsedSeconds;
    private float learningRate;
    private boolean resumed;

    static TrainerState loadOrNew(TrainingOptions options) throws IOException {
        TrainerState state = new TrainerState();
        state.learningRate = options.learningRate();
        Path file = options.output().resolve(FILE);
        if (!options.resume()) {
            return state;
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("Cannot resume: " + file + " does not exist. Run without --resume "
                    + "to start a new run in " + options.output());
        }
        Saved saved = JSON.readValue(file.toFile(), Saved.class);
        state.epoch = saved.epoch();
        state.step = saved.step();
        state.bestDevBleu = saved.bestDevBleu();
        state.bestEpoch = saved.bestEpoch();
        state.epochsWithoutImprovement = saved.epochsWithoutImprovement();
        state.elapsedSeconds = saved.elapsedSeconds();
        // A state file from before the decay existed has 0 here; the command line's rate applies then.
        if (saved.learningRate() > 0) {
            state.learningRate = saved.learningRate();
        }
        state.resumed = true;
        return state;
    }

    void save(Path output) throws IOException {
        JSON.writeValue(output.resolve(FILE).toFile(),
                new Saved(epoch, step, bestDevBleu, bestEpoch, epochsWithoutImprovement, elapsedSeconds, learningRate));
    }

    Path lastCheckpoint(Path output) {
        return output.resolve("checkpoints").resolve("last").resolve("checkpoint");
    }

    static Path epochCheckpoint(Path output, int epoch) {
        return output.resolve("checkpoints").resolve("epoch-" + epoch).resolve("checkpoint");
    }

    static Path bestCheckpoint(Path output) {
        return output.resolve("checkpoints").resolve("best").resolve("checkpoint");
    }

    void advanceStep() {
        step++;
    }

    void finishEpoch(int finishedEpoch, double devBleu, boolean improved, int withoutImprovement, double seconds,
                     float learningRateDecay) {
        epoch = finishedEpoch;
        if (improved) {
            bestDevBleu = devBleu;
            bestEpoch = finishedEpoch;
        } else {
            learningRate *= learningRateDecay;
        }
        epochsWithoutImprovement = withoutImprovement;
        elapsedSeconds += seconds;
    }

    /** Returns the Adam step size for the next epoch. */
    float learningRate() {
        return learningRate;
    }

    boolean resumed() {
        return resumed;
    }

    int epoch() {
        return epoch;
    }

    long step() {
        return step;
    }

    double bestDevBleu() {
        return bestDevBleu;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    double elapsedSeconds() {
        return elapsedSeconds;
    }
}
