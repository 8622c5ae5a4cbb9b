package org.streamtranslate.training;

/**
 * The weight of the KL term at each training step, rising from 0 so that the decoder learns to read z before the
 * KL term pushes the posterior towards the prior (Bowman et al. 2016).
 *
 * <p>Linear: 0 at step 0, 1 from {@code annealSteps} on. Cyclical (Fu et al. 2019): the same ramp repeated every
 * {@code cycleSteps}, rising during the first half of each cycle and held at 1 for the second half.
 *
 * @param annealSteps steps of the linear ramp; 0 gives weight 1 from the start
 * @param cycleSteps length of one cycle, or 0 for a single linear ramp
 */
public record KlSchedule(int annealSteps, int cycleSteps) {

    public KlSchedule {
        if (annealSteps < 0 || cycleSteps < 0) {
            throw new IllegalArgumentException("KL anneal and cycle steps must be 0 or more, got " + annealSteps
                    + " and " + cycleSteps);
        }
    }

    /** KL weight in [0, 1] at a 0-based step. */
    public float weight(long step) {
        if (cycleSteps > 0) {
            long position = step % cycleSteps;
            return (float) Math.min(1.0, position / (cycleSteps / 2.0));
        }
        if (annealSteps == 0) {
            return 1f;
        }
        return (float) Math.min(1.0, (double) step / annealSteps);
    }
}
