package org.streamtranslate.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the reference data that lives outside the repository: the folder in system property {@code shared.data.dir}
 * (set by the Maven build to {@code ../shared/data}), else {@code ../shared/data} from the working directory.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("shared.data.dir", "../shared/data"));
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Shared data folder " + root.toAbsolutePath() + " not found; clone the "
                    + "repository next to shared/ or set -Dshared.data.dir");
        }
        return root;
    }

    public static Path smallParallelEnja() {
        return root().resolve("small_parallel_enja");
    }

    public static Path tatoeba() {
        return root().resolve("tatoeba");
    }
}
