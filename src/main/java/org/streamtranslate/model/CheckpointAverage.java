package org.streamtranslate.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Averages the weights of several checkpoints of one training run, element by element, into a new checkpoint.
 *
 * <p>Checkpoints from the last epochs of a run lie close together, and their mean often translates better than each
 * of them because the noise of the last updates partly cancels out (models/MODEL.md gives the figures for the shipped
 * model). Only the model weights are averaged and written. Adam's moments are dropped, so the result is for export,
 * not for resuming.
 */
public final class CheckpointAverage {

    private CheckpointAverage() {
    }

    /**
     * Writes the mean of the model weights in {@code checkpoints} to the checkpoint prefix {@code output}.
     *
     * @param config sizes of the run that wrote the checkpoints
     * @param checkpoints checkpoint prefixes, for example {@code RUN/checkpoints/epoch-12/checkpoint}
     * @param output checkpoint prefix for the mean, in an existing folder
     */
    public static void write(ModelConfig config, List<Path> checkpoints, Path output) {
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("No checkpoints to average: pass at least one checkpoint prefix");
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            ModelVariables weights = new ModelVariables(tf, config);
            Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
            Map<String, Op> assignments = new LinkedHashMap<>();
            for (Map.Entry<String, Variable<TFloat32>> entry : weights.all().entrySet()) {
                Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                        Placeholder.shape(weights.shape(entry.getKey())));
                inputs.put(entry.getKey(), input);
                assignments.put(entry.getKey(), tf.assign(entry.getValue(), input));
            }
            try (Session session = new Session(graph)) {
                Map<String, float[]> sums = new LinkedHashMap<>();
                for (Path checkpoint : checkpoints) {
                    session.restore(checkpoint.toString());
                    for (String name : weights.all().keySet()) {
                        float[] sum = sums.computeIfAbsent(name,
                                key -> new float[(int) weights.shape(key).size()]);
                        addWeight(session, name, sum);
                    }
                }
                for (Map.Entry<String, float[]> entry : sums.entrySet()) {
                    float[] mean = entry.getValue();
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] /= checkpoints.size();
                    }
                    try (TFloat32 value = TFloat32.tensorOf(weights.shape(entry.getKey()),
                            DataBuffers.of(mean, true, false))) {
                        session.runner().feed(inputs.get(entry.getKey()), value)
                                .addTarget(assignments.get(entry.getKey())).run().close();
                    }
                }
                session.save(output.toString());
            }
        }
    }

    private static void addWeight(Session session, String name, float[] sum) {
        float[] values = new float[sum.length];
        try (Result result = session.runner().fetch(name).run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(values, false, false));
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }
}
