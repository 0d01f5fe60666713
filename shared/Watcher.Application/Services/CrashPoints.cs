using System.Diagnostics;
using System.Globalization;

namespace Watcher.Application.Services;

/// <summary>
/// TEST-ONLY fault injection, off unless the environment variable <c>WATCHER_TEST_CRASH_POINTS</c> is set: the process
/// kills itself (SIGKILL, no clean-up) when it passes a named point between a record's write and its orchestration's
/// scheduling, so the crash test (tests/Watcher.Integration.Tests/CreationCrashTests.cs) hits exactly the window the
/// reconciler closes. Format: <c>name:probability,...</c>, for example <c>audit_created:0.2,plan_approved:0.2</c>;
/// <c>WATCHER_TEST_CRASH_SEED</c> makes the draws repeatable. Unset (always, outside that test) every call is a no-op.
/// </summary>
internal static class CrashPoints
{
    /// <summary>After an audit is written PENDING, before its first run is scheduled.</summary>
    public const string AuditCreated = "audit_created";

    /// <summary>After an EVENT audit's run is counted, before it is scheduled.</summary>
    public const string EventTriggered = "event_triggered";

    /// <summary>After a plan is written PENDING (approved), before its leases and execution.</summary>
    public const string PlanApproved = "plan_approved";

    /// <summary>After a plan is written CANCELLING, before the cancel reaches its execution.</summary>
    public const string PlanCancelling = "plan_cancelling";

    /// <summary>After a plan is written ROLLING_BACK, before its rollback is scheduled.</summary>
    public const string RollbackBegun = "rollback_begun";

    private static readonly Dictionary<string, double> Points = Parse(Environment.GetEnvironmentVariable("WATCHER_TEST_CRASH_POINTS"));
    private static readonly Random Draws = int.TryParse(Environment.GetEnvironmentVariable("WATCHER_TEST_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
        ? new Random(seed)
        : new Random();

    private static readonly Lock Gate = new();

    /// <summary>Kills this process when <paramref name="name"/> is armed and its draw says so; otherwise returns at once.</summary>
    public static void Hit(string name)
    {
        if (Points.Count == 0 || !Points.TryGetValue(name, out var probability))
        {
            return;
        }

        bool crash;
        lock (Gate)
        {
            crash = Draws.NextDouble() < probability;
        }

        if (crash)
        {
            Console.Error.WriteLine($"WATCHER_TEST_CRASH_POINTS: crashing at {name}");
            Process.GetCurrentProcess().Kill();
        }
    }

    private static Dictionary<string, double> Parse(string? value)
    {
        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':', 2);
            points[pair[0]] = pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : 1.0;
        }

        return points;
    }
}
