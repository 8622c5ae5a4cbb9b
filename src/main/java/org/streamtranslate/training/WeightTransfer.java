package org.streamtranslate.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.streamtranslate.model.ModelConfig;
import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.model.ModelLoadException;
import org.streamtranslate.model.ModelVariables;
import org.streamtranslate.model.ServingGraph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Copies the weights of an exported SavedModel into a training graph, by variable name, for fine-tuning.
 */
final class WeightTransfer {

    private WeightTransfer() {
    }

    /**
     * Copies the weights of a single model, or of one member of an ensemble.
     *
     * @param member the ensemble member, from 1, whose weights to copy; 0 when {@code savedModel} is a single model
     * @throws ModelLoadException when the model lacks a weight or has other sizes, or when {@code member} does not
     *     match the model (0 for an ensemble, above 0 for a single model, or above the number of members)
     */
    static void copyFromSavedModel(Path savedModel, int member, Session target, ModelVariables weights) {
        Path configFile = savedModel.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.CONFIG_FILE);
        ModelConfig config = Files.isRegularFile(configFile) ? ModelFiles.readConfig(configFile) : null;
        int members = config == null ? 1 : config.members();
        if (members > 1 && (member < 1 || member > members)) {
            throw new ModelLoadException("The model in " + savedModel + " is an ensemble of " + members
                    + " models; choose the member to fine-tune with --init-member 1 to " + members + ", got " + member);
        }
        if (members == 1 && member > 1) {
            throw new ModelLoadException("The model in " + savedModel + " is a single model, but --init-member is "
                    + member + "; leave --init-member out");
        }
        String prefix = members > 1 ? ServingGraph.memberPrefix(config, member - 1) : "";

        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG)) {
            Ops tf = Ops.create(target.graph());
            for (Map.Entry<String, Variable<TFloat32>> entry : weights.all().entrySet()) {
                String name = entry.getKey();
                if (bundle.graph().operation(prefix + name) == null) {
                    throw new ModelLoadException("The model in " + savedModel + " has no weight '" + prefix + name
                            + "'; fine-tune only from a model of the same variant and sizes");
                }
                try (Result result = bundle.session().runner().fetch(prefix + name).run()) {
                    TFloat32 value = (TFloat32) result.get(0);
                    if (!value.shape().equals(weights.shape(name))) {
                        throw new ModelLoadException("Weight '" + name + "' has shape " + value.shape() + " in "
                                + savedModel + " but " + weights.shape(name) + " here; use the same sizes");
                    }
                    Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                            Placeholder.shape(weights.shape(name)));
                    target.runner().feed(input, value).addTarget(tf.assign(entry.getValue(), input)).run().close();
                }
            }
        }
    }
}
