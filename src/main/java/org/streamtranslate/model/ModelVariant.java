package org.streamtranslate.model;

import java.util.Locale;

/**
 * The three architectures that share one code path, compared in the model card's ablation.
 */
public enum ModelVariant {

    /** Deterministic encoder-decoder with attention: z = μ, no sampling and no KL term. The ablation baseline. */
    PLAIN(false, true),

    /** VAE bottleneck without attention: the decoder reads the source only through z. */
    BOTTLENECK(true, false),

    /** VAE bottleneck plus attention over the encoder states, as in variational NMT. The default. */
    ATTENTION(true, true);

    private final boolean variational;
    private final boolean attention;

    ModelVariant(boolean variational, boolean attention) {
        this.variational = variational;
        this.attention = attention;
    }

    /** Returns whether z is sampled in training and the KL term is part of the loss. */
    public boolean variational() {
        return variational;
    }

    /** Returns whether the decoder attends over the encoder states at every step. */
    public boolean attention() {
        return attention;
    }

    /** Parses a variant name, case-insensitive. */
    public static ModelVariant parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown model variant '" + name + "': use plain, bottleneck or attention",
                    e);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
