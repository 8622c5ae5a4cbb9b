package org.streamtranslate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.streamtranslate.model.ModelConfig;
import org.streamtranslate.model.ModelVariant;

class EnsembleLatentResultsTest {

    @Test
    void shouldReportKlPerMemberAndTheirMean() {
        // Two members with one latent dimension each and σ = 1, so KL = ½μ²: member 1 has μ = ±1 (KL 0.5, active),
        // member 2 has μ = 0.1 always (KL 0.005, inactive).
        ModelConfig config = new ModelConfig(ModelVariant.ATTENTION, 10, 10, 4, 4, 1, 5, 6, 6, 2);
        List<float[]> means = List.of(new float[] {1f, 0.1f}, new float[] {-1f, 0.1f});
        List<float[]> logVariances = List.of(new float[] {0f, 0f}, new float[] {0f, 0f});

        Map<String, Object> results = EvaluateCommand.latentResults(config, means, logVariances);

        @SuppressWarnings("unchecked")
        List<Double> memberKl = (List<Double>) results.get("memberKlNats");
        assertEquals(0.5, memberKl.get(0), 1e-6);
        assertEquals(0.005, memberKl.get(1), 1e-6);
        assertEquals((0.5 + 0.005) / 2, (Double) results.get("klNats"), 1e-6);
        assertEquals(1, results.get("activeUnits"));
        assertEquals(2, results.get("latentDimensions"));
    }
}
