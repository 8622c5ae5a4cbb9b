package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandHelpTest {

    @Test
    void shouldPrintEnsembleHelp() {
        assertHelp(new CommandLine(new EnsembleCommand()), "--member");
    }

    @Test
    void shouldPrintExportHelp() {
        assertHelp(new CommandLine(new ExportCommand()), "--checkpoint");
    }

    private static void assertHelp(CommandLine command, String option) {
        StringWriter out = new StringWriter();
        command.setOut(new PrintWriter(out));

        int exitCode = command.execute("--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().contains(option), out.toString());
        assertTrue(out.toString().contains("--version"), out.toString());
    }
}
