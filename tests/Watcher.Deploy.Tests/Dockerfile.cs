namespace Watcher.Deploy.Tests;

/// <summary>A Dockerfile parsed just enough to inspect its stages: continuation lines joined, comments dropped, ARGs substituted in FROM.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<(string Keyword, string Arguments)>();
        var current = "";
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1].Trim() + " ";
                continue;
            }

            current += line.Trim();
            if (current.Length > 0)
            {
                var space = current.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add(space < 0
                    ? (current.ToUpperInvariant(), "")
                    : (current[..space].ToUpperInvariant(), current[(space + 1)..].Trim()));
            }

            current = "";
        }

        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach (var (keyword, arguments) in instructions)
        {
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var image = globalArgs.Aggregate(parts[0], (s, a) => s.Replace($"${{{a.Key}}}", a.Value, StringComparison.Ordinal).Replace($"${a.Key}", a.Value, StringComparison.Ordinal));
                var name = parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : stages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                stages.Add(new Stage(image, name));
            }
            else if (stages.Count == 0)
            {
                if (keyword == "ARG" && arguments.Split('=', 2) is [var argName, var value])
                {
                    globalArgs[argName] = value;
                }
            }
            else
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>One build stage: its base image (ARGs resolved), its name and its instructions.</summary>
    internal sealed class Stage(string image, string name)
    {
        public string Image { get; } = image;

        public string Name { get; } = name;

        public List<(string Keyword, string Arguments)> Instructions { get; } = [];

        public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        public string? Last(string keyword) => All(keyword).LastOrDefault();
    }
}
