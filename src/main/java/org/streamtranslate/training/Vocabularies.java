package org.streamtranslate.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.text.Vocabulary;

/**
 * The English and Japanese vocabularies of a run: built from the training data for a new run, read back when
 * resuming, and taken from the starting model when fine-tuning, since the weights only fit that model's ids.
 */
record Vocabularies(Vocabulary english, Vocabulary japanese) {

    static Vocabularies forRun(TrainingOptions options, List<SentencePair> train, boolean resumed)
            throws IOException {
        Path output = options.output();
        Vocabularies vocabularies;
        if (resumed) {
            vocabularies = read(output);
        } else if (options.initFrom() != null) {
            vocabularies = read(options.initFrom().resolve(ModelFiles.ASSETS_FOLDER));
        } else {
            List<List<String>> english = new ArrayList<>();
            List<List<String>> japanese = new ArrayList<>();
            for (SentencePair pair : train) {
                english.add(pair.english());
                japanese.add(pair.japanese());
            }
            vocabularies = new Vocabularies(Vocabulary.build(english, options.minCount(), 0),
                    Vocabulary.build(japanese, options.minCount(), 0));
        }
        Files.createDirectories(output);
        vocabularies.english().save(output.resolve(ModelFiles.ENGLISH_VOCABULARY_FILE));
        vocabularies.japanese().save(output.resolve(ModelFiles.JAPANESE_VOCABULARY_FILE));
        return vocabularies;
    }

    static Vocabularies read(Path folder) {
        return new Vocabularies(Vocabulary.load(folder.resolve(ModelFiles.ENGLISH_VOCABULARY_FILE)),
                Vocabulary.load(folder.resolve(ModelFiles.JAPANESE_VOCABULARY_FILE)));
    }
}
