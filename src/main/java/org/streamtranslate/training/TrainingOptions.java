package org.streamtranslate.training;

import java.nio.file.Path;

import org.streamtranslate.model.ModelVariant;

/**
 * Everything a training run depends on; stored beside the checkpoints so a run can be resumed and reproduced.
 *
 * @param trainPrefix tokenized training pairs, {@code PREFIX.en}/{@code PREFIX.ja}
 * @param devPrefix tokenized development pairs for BLEU after each epoch
 * @param extraTrainTsv optional raw {@code English<TAB>Japanese} pairs added to the training data, or {@code null}
 * @param output folder for checkpoints, vocabularies, curves and the exported model
 * @param variant architecture
 * @param embeddingSize embedding width
 * @param hiddenSize GRU state width
 * @param latentSize width of z
 * @param epochs maximum number of epochs
 * @param batchSize sentence pairs per step
 * @param seed seed for weights, shuffling, noise and word dropout; required
 * @param learningRate Adam step size at the start
 * @param learningRateDecay factor applied to the step size after each epoch without a better dev BLEU; 1 keeps it
 * @param decayStart first epoch whose lack of improvement counts, 1 for all. Earlier epochs neither decay the step
 *     size nor count towards early stopping, so a noisy dev BLEU cannot cut training short
 * @param klAnnealSteps steps of the linear KL warm-up from 0 to 1
 * @param klCycleSteps cycle length for cyclical annealing, or 0 for linear
 * @param freeBits nats per latent dimension that the KL term does not penalise
 * @param dropout inverted-dropout rate on the source embeddings and on the decoder outputs before the softmax
 * @param wordDropout probability of replacing a decoder input word by the unknown id
 * @param labelSmoothing ε of label smoothing on the token loss, 0 for plain cross-entropy
 * @param minCount minimum token count for the vocabularies
 * @param patience epochs without a better dev BLEU before stopping early
 * @param keepEpochs number of most recent epoch checkpoints kept in {@code checkpoints/epoch-N}, 0 for none
 * @param maxTrainPairs use only the first N training pairs, 0 for all; for quick runs and tests
 * @param resume continue the run in {@code output} from its last checkpoint
 * @param initFrom SavedModel whose weights and vocabularies start the run (fine-tuning), or {@code null}
 * @param initMember which member, from 1, of an ensemble {@code initFrom} starts the run; 0 for a single model
 */
public record TrainingOptions(
        Path trainPrefix,
        Path devPrefix,
        Path extraTrainTsv,
        Path output,
        ModelVariant variant,
        int embeddingSize,
        int hiddenSize,
        int latentSize,
        int epochs,
        int batchSize,
        long seed,
        float learningRate,
        float learningRateDecay,
        int decayStart,
        int klAnnealSteps,
        int klCycleSteps,
        float freeBits,
        float dropout,
        float wordDropout,
        float labelSmoothing,
        int minCount,
        int patience,
        int keepEpochs,
        int maxTrainPairs,
        boolean resume,
        Path initFrom,
        int initMember) {
}
