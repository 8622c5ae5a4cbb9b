package org.streamtranslate.training;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.inference.TranslationOutcome;
import org.streamtranslate.model.TranslationModel;

/** Test helper run in a child JVM: translates each line of a file with a model and prints one result a line. */
public final class TranslateFileMain {

    private TranslateFileMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> english = Files.readAllLines(Path.of(args[1]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (SavedModelTranslator translator = new SavedModelTranslator(TranslationModel.load(Path.of(args[0])))) {
            for (TranslationOutcome outcome : translator.translate(english)) {
                out.println(outcome.japanese());
            }
        }
    }
}
