using System.Globalization;
using System.Text;

namespace Watcher.Benchmarks;

/// <summary>The benchmark results as Markdown: a strategy table and a planner makespan table.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<StrategyMeasurement> rows, IReadOnlyList<string> planners, string header)
    {
        var md = new StringBuilder();
        md.AppendLine(header);
        md.AppendLine();
        md.AppendLine("| strategy | goal | hosts | instances | runs | median ms | min ms | alloc MB | actions | migrations | released hosts | FFD released | FFD live-only released | over capacity | verifier |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            if (r.Skipped is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Strategy} | {r.Goal} | {r.Hosts} | {r.Instances} | – | skipped: {Escape(r.Skipped)} | | | | | | | | | |");
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Strategy} | {r.Goal} | {r.Hosts} | {r.Instances} | {r.Runs} | {Ms(r.MedianMs)} | {Ms(r.MinMs)} | {r.AllocatedBytes / 1048576.0:0.0} | {r.Actions} | {r.Migrations} | {r.ReleasedHosts} | {(r.FfdReleasedHosts is { } f ? f.ToString(CultureInfo.InvariantCulture) : "–")} | {(r.FfdLiveReleasedHosts is { } fl ? fl.ToString(CultureInfo.InvariantCulture) : "–")} | {r.OverCapacityHosts} | {(r.VerifierProblems == 0 ? "ok" : r.VerifierProblems + " problem(s)")} |");
        }

        md.AppendLine();
        md.AppendLine("Planner makespan: critical-path length of the action graph with unit action durations (lower = more parallel); – = the planner refuses this strategy's action types.");
        md.AppendLine();
        md.AppendLine("| strategy | hosts | actions | " + string.Join(" | ", planners) + " |");
        md.AppendLine("|---|---:|---:|" + string.Concat(planners.Select(_ => "---:|")));
        foreach (var r in rows.Where(r => r.Skipped is null && r.Actions > 0))
        {
            var spans = planners.Select(p => r.Makespan.TryGetValue(p, out var m) ? m.ToString("0", CultureInfo.InvariantCulture) : "–");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Strategy} | {r.Hosts} | {r.Actions} | {string.Join(" | ", spans)} |");
        }

        return md.ToString();
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
