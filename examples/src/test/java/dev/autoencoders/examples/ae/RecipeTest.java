package dev.autoencoders.examples.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.util.Metrics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --recipe post} of sparse-ae, conv-ae and deep-ae: it gives every option of the recipe the post's value, an
 * option written on the command line wins whether it stands before or after {@code --recipe}, and a run with the
 * recipe records what it used. Parsing is checked without training (the recipes' full runs are CLI runs; see the
 * chapters).
 */
class RecipeTest {

    /** The command line parsed, not run. */
    static CommandLine parsed(TrainCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.parseArgs(args);
        return cl;
    }

    /** The value an option holds after parsing. */
    static Object value(CommandLine cl, String option) {
        return cl.getCommandSpec().findOption(option).getValue();
    }

    static void assertValues(CommandLine cl, Map<String, Object> expected) {
        expected.forEach((option, v) -> assertThat(value(cl, option)).as(option).isEqualTo(v));
    }

    @Test
    void sparseAeTakesPost003sSettings() {
        CommandLine cl = parsed(new SparseAeCommand(), "--recipe", "post");
        assertValues(cl, Map.of("--epochs", 15, "--batch-size", 32, "--lr", 1e-3, "--hidden", 100, "--rho", 0.01, "--beta", 5.0,
                "--weight-decay", 0.0, "--crops", 50000, "--crop-size", 10));
        // without the recipe: the command's defaults, 5 epochs
        assertThat(((TrainCommand) parsed(new SparseAeCommand(), "--epochs", "5").getCommand()).options().epochs()).isEqualTo(5);
    }

    @Test
    void convAeTakesPost003sSettings() {
        CommandLine cl = parsed(new ConvAeCommand(), "--recipe", "post");
        assertValues(cl, Map.of("--epochs", 18, "--batch-size", 32, "--lr", 3e-3, "--weight-decay", 1e-5, "--decoder", ConvAeCommand.Decoder.convtranspose,
                "--train-limit", 50000));
    }

    @Test
    void deepAeTakesPost003sSettings() {
        DeepAeCommand command = new DeepAeCommand();
        CommandLine cl = parsed(command, "--recipe", "post");
        assertValues(cl, Map.of("--pretrain", DeepAeCommand.Pretrain.none, "--activation", DeepAeCommand.Hidden.relu, "--epochs", 10,
                "--lr", 1e-3, "--train-limit", 50000));
        assertThat(command.widths).containsExactly(784, 1000, 500, 250, 30);
    }

    @Test
    void anOptionOnTheCommandLineWinsBeforeOrAfterTheRecipe() {
        for (String[] args : new String[][] {{"--epochs", "2", "--rho", "0.05", "--recipe", "post"}, {"--recipe", "post", "--epochs", "2", "--rho", "0.05"}}) {
            CommandLine cl = parsed(new SparseAeCommand(), args);
            assertThat(value(cl, "--epochs")).as(String.join(" ", args)).isEqualTo(2);
            assertThat(value(cl, "--rho")).as(String.join(" ", args)).isEqualTo(0.05);
            assertThat(value(cl, "--beta")).as(String.join(" ", args)).isEqualTo(5.0);
        }
        DeepAeCommand deep = new DeepAeCommand();
        CommandLine cl = parsed(deep, "--pretrain", "rbm", "--recipe", "post");
        assertThat(deep.pretrain).isEqualTo(DeepAeCommand.Pretrain.rbm);
        assertThat(value(cl, "--epochs")).isEqualTo(10);
    }

    /** Through the command line as it runs: the recipe's values come in front of the command's own defaults (conv-ae: 10 epochs). */
    @Test
    void aConvAeRunWithTheRecipeRecordsThePostsSettings(@TempDir Path dir) {
        Path out = dir.resolve("cae");
        Cli.run("conv-ae", "--train-limit", "32", "--recipe", "post", "--test-limit", "16", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.getDouble("epochs")).isEqualTo(18);
        assertThat(m.getDouble("lr")).isEqualTo(0.003);
        assertThat(m.getDouble("batch_size")).isEqualTo(32);
        assertThat(m.getDouble("weight_decay")).isEqualTo(1e-5);
        assertThat(m.getDouble("train_limit")).isEqualTo(32);
    }

    @Test
    void anUnknownRecipeIsAUsageError(@TempDir Path dir) {
        Cli.Result r = Cli.run("conv-ae", "--recipe", "paper", "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--recipe").contains("paper").doesNotContain("Exception");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    /** A short run with the recipe: the crops normalised as post 003's, and the recipe's settings in metrics.json. */
    @Test
    void aSparseAeRunWithTheRecipeNormalisesTheCropsAndRecordsItsSettings(@TempDir Path dir) {
        Path out = dir.resolve("sae");
        Cli.run("sparse-ae", "--recipe", "post", "--epochs", "1", "--crops", "1000", "--test-crops", "200", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.getDouble("epochs")).isEqualTo(1);
        assertThat(m.getDouble("crops")).isEqualTo(1000);
        assertThat(m.getDouble("beta")).isEqualTo(5.0);
        assertThat(m.asMap().get("normalize")).isEqualTo("0.1307,0.3081");
        // targets reach (1 - 0.1307) / 0.3081 = 2.82 where the sigmoid output stops at 1: the error is far above the [0, 1] runs'
        assertThat(m.getDouble("test_mse")).isGreaterThan(0.3);
        Cli.png(out.resolve("filters.png"), 122, 122);

        Path plain = dir.resolve("plain");
        Cli.run("sparse-ae", "--epochs", "1", "--crops", "1000", "--test-crops", "200", "--out", plain.toString()).ok();
        assertThat(Cli.metrics(plain).asMap()).doesNotContainKey("normalize");
        assertThat(Cli.metrics(plain).getDouble("test_mse")).isLessThan(0.3);
    }
}
