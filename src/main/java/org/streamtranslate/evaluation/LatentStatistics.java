package org.streamtranslate.evaluation;

import java.util.List;

/**
 * Health of the latent variable over a data set: the KL of each dimension and the number of active units.
 *
 * <p>A dimension is active when the variance across inputs of its posterior mean, Cov_x(E_q[z_d]), exceeds
 * {@value #ACTIVE_UNIT_THRESHOLD} (Burda et al. 2016). A collapsed posterior has no active units and a KL near zero.
 *
 * @param klPerDimension mean over inputs of ½(σ² + μ² − 1 − log σ²) in each dimension, in nats
 * @param meanVariance variance across inputs of μ in each dimension
 * @param activeUnits number of dimensions whose {@code meanVariance} exceeds the threshold
 */
public record LatentStatistics(double[] klPerDimension, double[] meanVariance, int activeUnits) {

    public static final double ACTIVE_UNIT_THRESHOLD = 0.01;

    /** Total KL per sentence: the sum over dimensions, in nats. */
    public double totalKl() {
        double total = 0;
        for (double kl : klPerDimension) {
            total += kl;
        }
        return total;
    }

    /**
     * Computes the statistics from μ and log σ² of each input.
     *
     * @param means μ, one {@code [latent]} row per input
     * @param logVariances log σ², aligned with {@code means}
     */
    public static LatentStatistics of(List<float[]> means, List<float[]> logVariances) {
        if (means.isEmpty() || means.size() != logVariances.size()) {
            throw new IllegalArgumentException("Need the same non-zero number of means and log variances, got "
                    + means.size() + " and " + logVariances.size());
        }
        int dimensions = means.get(0).length;
        int count = means.size();
        double[] kl = new double[dimensions];
        double[] average = new double[dimensions];
        for (int i = 0; i < count; i++) {
            float[] mu = means.get(i);
            float[] logVariance = logVariances.get(i);
            for (int d = 0; d < dimensions; d++) {
                kl[d] += 0.5 * (Math.exp(logVariance[d]) + mu[d] * mu[d] - 1 - logVariance[d]) / count;
                average[d] += mu[d] / (double) count;
            }
        }
        double[] variance = new double[dimensions];
        for (float[] mu : means) {
            for (int d = 0; d < dimensions; d++) {
                double deviation = mu[d] - average[d];
                variance[d] += deviation * deviation / count;
            }
        }
        int active = 0;
        for (double v : variance) {
            if (v > ACTIVE_UNIT_THRESHOLD) {
                active++;
            }
        }
        return new LatentStatistics(kl, variance, active);
    }
}
