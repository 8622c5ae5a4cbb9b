package org.streamtranslate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatentStatisticsTest {

    @Test
    void shouldCountDimensionsWhoseMeanVariesAcrossInputs() {
        // Dimension 0: μ = ±0.5, variance 0.25 -> active. Dimension 1: μ = 0.01 always -> inactive.
        List<float[]> means = List.of(new float[] {0.5f, 0.01f}, new float[] {-0.5f, 0.01f});
        List<float[]> logVariances = List.of(new float[] {0f, 0f}, new float[] {0f, 0f});

        LatentStatistics statistics = LatentStatistics.of(means, logVariances);

        assertEquals(1, statistics.activeUnits());
        assertEquals(0.25, statistics.meanVariance()[0], 1e-6);
        // KL with σ = 1: ½μ²; dimension 0 gives ½·0.25 = 0.125, dimension 1 gives ½·0.0001.
        assertEquals(0.125, statistics.klPerDimension()[0], 1e-6);
        assertEquals(0.125 + 0.00005, statistics.totalKl(), 1e-6);
    }

    @Test
    void shouldGiveZeroKlForStandardNormalPosterior() {
        LatentStatistics statistics = LatentStatistics.of(List.of(new float[] {0f}), List.of(new float[] {0f}));

        assertEquals(0.0, statistics.totalKl(), 1e-12);
        assertEquals(0, statistics.activeUnits());
    }
}
