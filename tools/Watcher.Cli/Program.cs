using System.CommandLine;

namespace Watcher.Cli;

/// <summary>
/// The offline Watcher tool: <c>optimize</c> (run a strategy on a snapshot), <c>generate</c> (write a seeded
/// snapshot) and <c>strategies</c> (list them). Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool in-process, writing results to <paramref name="output"/> and problems to <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, null);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, with a given catalog (null: <see cref="StrategyCatalog.Default"/>).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, StrategyCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            catalog ??= StrategyCatalog.Default;
            var root = new RootCommand("Watcher offline tool: run strategies on cluster snapshots, generate snapshots, list strategies.")
            {
                OptimizeCommand.Create(catalog, output),
                GenerateCommand.Create(output),
                StrategiesCommand.Create(catalog, output),
            };
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var problem in parse.Errors)
                {
                    error.WriteLine("error: " + problem.Message);
                }

                error.WriteLine("Run with --help for usage.");
                return ExitCodes.Usage;
            }

            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (UnsafePlanException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitCodes.UnsafePlan;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : ex;
            error.WriteLine($"error: {inner.GetType().Name}: {inner.Message}");
            return ExitCodes.Failure;
        }
    }
}
