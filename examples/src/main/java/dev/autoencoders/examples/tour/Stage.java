package dev.autoencoders.examples.tour;

import java.util.List;

/**
 * One model of the tour: the command that trains it and its settings for the full and the quick tour, and what the
 * gallery page says about it.
 *
 * @param dir       the stage's folder under the tour's --out (also its id in index.html)
 * @param title     the section heading
 * @param command   the command line after {@code autoencoders}: the command name and its options (without --out, --seed);
 *                  {@code {out}} stands for the tour's folder (a stage may read what an earlier one wrote)
 * @param full      extra options of the full tour (about 3 1/4 minutes for all stages on 2 AVX-512 cores)
 * @param quick     extra options of {@code --quick} (a minute or two for all)
 * @param lookFor   one sentence on what to look for in the figures
 * @param chapter   the docs chapter, relative to the repository's docs/ folder
 * @param source    the model's source file, relative to the repository root
 * @param headline  the metrics printed in the summary line
 * @param quickNote what the quick run is too short to show (printed under {@code lookFor} in a quick tour), or null
 */
record Stage(String dir, String title, List<String> command, List<String> full, List<String> quick,
             String lookFor, String chapter, String source, List<String> headline, String quickNote) {

    /** A stage whose quick run already shows what {@code lookFor} describes. */
    Stage(String dir, String title, List<String> command, List<String> full, List<String> quick,
          String lookFor, String chapter, String source, List<String> headline) {
        this(dir, title, command, full, quick, lookFor, chapter, source, headline, null);
    }

    /** The folder of the earlier stage whose output this one reads (an argument {@code {out}/<dir>/...}), or null. */
    String needs() {
        for (String a : command) {
            if (a.startsWith("{out}/") && a.indexOf('/', 6) > 6) return a.substring(6, a.indexOf('/', 6));
        }
        return null;
    }
}
