package org.streamtranslate.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KlScheduleTest {

    @Test
    void shouldRiseLinearlyThenStayAtOne() {
        KlSchedule schedule = new KlSchedule(100, 0);

        assertEquals(0f, schedule.weight(0));
        assertEquals(0.5f, schedule.weight(50));
        assertEquals(1f, schedule.weight(100));
        assertEquals(1f, schedule.weight(10_000));
    }

    @Test
    void shouldRepeatRampInEveryCycle() {
        KlSchedule schedule = new KlSchedule(0, 100);

        assertEquals(0f, schedule.weight(0));
        assertEquals(0.5f, schedule.weight(25));
        assertEquals(1f, schedule.weight(75));
        assertEquals(0f, schedule.weight(100));
        assertEquals(0.5f, schedule.weight(125));
    }

    @Test
    void shouldUseFullWeightWithoutAnnealing() {
        assertEquals(1f, new KlSchedule(0, 0).weight(0));
    }
}
