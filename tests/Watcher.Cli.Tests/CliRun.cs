namespace Watcher.Cli.Tests;

/// <summary>The result of running the tool in-process: exit code, standard output and standard error.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
