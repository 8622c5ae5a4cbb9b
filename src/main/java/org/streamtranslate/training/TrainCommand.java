package org.streamtranslate.training;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.streamtranslate.model.ModelVariant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train}: trains a model from sentence pairs and writes checkpoints, vocabularies and training curves.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the VAE seq2seq English-to-Japanese model.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, description = "Tokenized training pairs: PREFIX.en and PREFIX.ja.")
    Path train;

    @Option(names = "--dev", required = true, description = "Tokenized dev pairs for BLEU after each epoch.")
    Path dev;

    @Option(names = "--extra-train-tsv", description = "Raw English<TAB>Japanese pairs added to the training data.")
    Path extraTrainTsv;

    @Option(names = "--output", required = true, description = "Folder for checkpoints, curves and the model.")
    Path output;

    @Option(names = "--variant", defaultValue = "attention", description = "plain, bottleneck or attention (default).")
    String variant;

    @Option(names = "--embedding-size", defaultValue = "256", description = "Embedding width. Default: 256.")
    int embeddingSize;

    @Option(names = "--hidden-size", defaultValue = "256", description = "GRU state width. Default: 256.")
    int hiddenSize;

    @Option(names = "--latent-size", defaultValue = "64", description = "Width of z. Default: 64.")
    int latentSize;

    @Option(names = "--epochs", defaultValue = "20", description = "Maximum epochs. Default: 20.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Pairs per step. Default: 64.")
    int batchSize;

    @Option(names = "--seed", required = true, description = "Random seed for weights, shuffling and noise.")
    long seed;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam step size. Default: 0.001.")
    float learningRate;

    @Option(names = "--learning-rate-decay", defaultValue = "0.5",
            description = "Factor applied to the step size after an epoch without better dev BLEU. Default: 0.5.")
    float learningRateDecay;

    @Option(names = "--decay-start", defaultValue = "14",
            description = "First epoch whose lack of better dev BLEU decays the step size and counts towards the "
                    + "early stop. Default: 14.")
    int decayStart;

    @Option(names = "--kl-anneal-steps", defaultValue = "3000",
            description = "Steps over which the KL weight rises linearly from 0 to 1. Default: 3000.")
    int klAnnealSteps;

    @Option(names = "--kl-cycle-steps", defaultValue = "0",
            description = "Cycle length for cyclical KL annealing; 0 (default) for one linear ramp.")
    int klCycleSteps;

    @Option(names = "--free-bits", defaultValue = "0.1",
            description = "Nats per latent dimension the KL term does not penalise. Default: 0.1.")
    float freeBits;

    @Option(names = "--dropout", defaultValue = "0.2",
            description = "Dropout rate on source embeddings and decoder outputs. Default: 0.2.")
    float dropout;

    @Option(names = "--word-dropout", defaultValue = "0",
            description = "Probability of replacing a decoder input word by <unk>. Default: 0.")
    float wordDropout;

    @Option(names = "--label-smoothing", defaultValue = "0.1",
            description = "Label smoothing of the token loss, 0 to 1, where 0 is plain cross-entropy. Default: 0.1.")
    float labelSmoothing;

    @Option(names = "--min-count", defaultValue = "2", description = "Minimum token count for the vocabularies.")
    int minCount;

    @Option(names = "--patience", defaultValue = "3", description = "Epochs without better dev BLEU before stopping.")
    int patience;

    @Option(names = "--keep-epochs", defaultValue = "0",
            description = "Keep the checkpoints of the last N epochs in checkpoints/epoch-N, for averaging at export. "
                    + "Default: 0.")
    int keepEpochs;

    @Option(names = "--max-train-pairs", defaultValue = "0", description = "Use only the first N pairs; 0 for all.")
    int maxTrainPairs;

    @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint.")
    boolean resume;

    @Option(names = "--init-from", description = "SavedModel folder whose weights start the run (fine-tuning).")
    Path initFrom;

    @Option(names = "--init-member", defaultValue = "0",
            description = "When --init-from is an ensemble, the member (from 1) whose weights start the run.")
    int initMember;

    @Override
    public Integer call() throws Exception {
        TrainingOptions options = new TrainingOptions(train, dev, extraTrainTsv, output, ModelVariant.parse(variant),
                embeddingSize, hiddenSize, latentSize, epochs, batchSize, seed, learningRate, learningRateDecay,
                decayStart, klAnnealSteps, klCycleSteps, freeBits, dropout, wordDropout, labelSmoothing, minCount,
                patience, keepEpochs, maxTrainPairs, resume, initFrom, initMember);
        Trainer.Summary summary = new Trainer(options, System.out).run();
        System.out.printf("best dev BLEU %.2f at epoch %d; %.0f target tokens/s; checkpoints in %s%n",
                summary.bestDevBleu(), summary.bestEpoch(), summary.tokensPerSecond(), summary.output());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
