package org.streamtranslate.training;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar for training epochs: bar, step, loss, reconstruction, KL, KL weight, tokens per second and
 * ETA for the whole run.
 *
 * <p>On a terminal the line is redrawn in place; when output goes to a file (a background run with {@code nohup}),
 * a full line is printed every tenth of an epoch instead, so the log stays readable.
 */
final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private int lastDecile = -1;

    ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Values shown on the bar; losses are running means over the epoch so far. */
    record Snapshot(int epoch, int epochs, int step, int stepsPerEpoch, double loss, double reconstruction, double kl,
                    double klWeight, double tokensPerSecond, Duration eta) {
    }

    void update(Snapshot snapshot) {
        double fraction = (double) snapshot.step() / snapshot.stepsPerEpoch();
        int decile = (int) Math.floor(fraction * 10);
        if (!interactive && decile == lastDecile && snapshot.step() != snapshot.stepsPerEpoch()) {
            return;
        }
        lastDecile = decile;
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format("epoch %d/%d [%s] %3.0f%% %d/%d loss %.3f rec %.3f kl %.3f klw %.2f %.0f tok/s ETA %s",
                snapshot.epoch(), snapshot.epochs(), bar, fraction * 100, snapshot.step(), snapshot.stepsPerEpoch(),
                snapshot.loss(), snapshot.reconstruction(), snapshot.kl(), snapshot.klWeight(),
                snapshot.tokensPerSecond(), format(snapshot.eta()));
        if (interactive) {
            out.print("\r" + line);
            if (snapshot.step() == snapshot.stepsPerEpoch()) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    void endEpoch() {
        lastDecile = -1;
    }

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return String.format("%dh%02dm%02ds", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }
}
