using System.CommandLine;
using Watcher.Domain.Json;

namespace Watcher.Cli;

/// <summary><c>generate --hosts N --instances-per-host K --seed S [--skew X] --out FILE</c>: writes a seeded skewed snapshot.</summary>
public static class GenerateCommand
{
    public static Command Create(TextWriter output)
    {
        var hosts = new Option<int>("--hosts") { Description = "Number of compute nodes.", Required = true };
        var perHost = new Option<int>("--instances-per-host") { Description = "Mean number of instances per node.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same snapshot.", DefaultValueFactory = _ => 42 };
        var skew = new Option<double>("--skew") { Description = "Spread of the load: 0 = even, 1 = log-normal with sigma 1 (a few busy hosts, many light ones).", DefaultValueFactory = _ => 1.0 };
        var outFile = new Option<string>("--out", "-o") { Description = "File to write the snapshot to.", Required = true };
        var command = new Command("generate", "Write a seeded snapshot with mixed host sizes and flavors, skewed load and every metric the strategies read.")
        {
            hosts, perHost, seed, skew, outFile,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(hosts);
            var k = parse.GetValue(perHost);
            var x = parse.GetValue(skew);
            if (n < 1)
            {
                throw new CliUsageException("--hosts must be at least 1.");
            }

            if (k < 0)
            {
                throw new CliUsageException("--instances-per-host must not be negative.");
            }

            if (x < 0 || double.IsNaN(x) || double.IsInfinity(x))
            {
                throw new CliUsageException("--skew must be a finite number >= 0.");
            }

            var cluster = SkewedClusterGenerator.Generate(n, k, parse.GetValue(seed), x);
            var path = parse.GetValue(outFile)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, WatcherJson.Serialize(cluster, indented: true));
            output.WriteLine($"Wrote {cluster.Hosts.Count} hosts and {cluster.Instances.Count} instances to {path}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
