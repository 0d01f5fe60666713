using System.Globalization;
using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>sleep</c>: waits <c>duration</c> seconds; nothing to revert.</summary>
public sealed class SleepHandler : IActionHandler
{
    public string ActionType => ActionTypes.Sleep;

    public void CheckPrecondition(ActionContext context)
    {
        var duration = Duration(context);
        if (duration is < 0 or > 3600)
        {
            throw new ActionPreconditionException($"sleep duration must be between 0 and 3600 seconds, got {duration.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    public bool IsAlreadyApplied(ActionContext context) => false;

    public JsonObject? CaptureRevertData(ActionContext context) => null;

    public Task ExecuteAsync(ActionContext context) => Task.Delay(TimeSpan.FromSeconds(Duration(context)), context.CancellationToken);

    public void CheckPostcondition(ActionContext after)
    {
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData) => Task.CompletedTask;

    private static double Duration(ActionContext context) => Json.JsonNumbers.AsDouble(context.Parameters["duration"]) ?? 1;
}
