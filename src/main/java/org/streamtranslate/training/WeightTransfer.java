package org.streamtranslate.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.model.ModelLoadException;
import org.streamtranslate.model.ModelVariables;
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

    static void copyFromSavedModel(Path savedModel, Session target, ModelVariables weights) {
        Path configFile = savedModel.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.CONFIG_FILE);
        int members = Files.isRegularFile(configFile) ? ModelFiles.readConfig(configFile).members() : 1;
        if (members > 1) {
            throw new ModelLoadException("The model in " + savedModel + " is an ensemble of " + members
                    + " models; fine-tune from one of its members, listed under memberFolders in its "
                    + "assets/metadata.json");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG)) {
            Ops tf = Ops.create(target.graph());
            for (Map.Entry<String, Variable<TFloat32>> entry : weights.all().entrySet()) {
                String name = entry.getKey();
                if (bundle.graph().operation(name) == null) {
                    throw new ModelLoadException("The model in " + savedModel + " has no weight '" + name
                            + "'; fine-tune only from a model of the same variant and sizes");
                }
                try (Result result = bundle.session().runner().fetch(name).run()) {
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
