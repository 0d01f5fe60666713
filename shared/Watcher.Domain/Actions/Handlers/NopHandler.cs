using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>nop</c>: logs a message and changes nothing; nothing to revert.</summary>
public sealed class NopHandler : IActionHandler
{
    public string ActionType => ActionTypes.Nop;

    public void CheckPrecondition(ActionContext context)
    {
    }

    public bool IsAlreadyApplied(ActionContext context) => false;

    public JsonObject? CaptureRevertData(ActionContext context) => null;

    public Task ExecuteAsync(ActionContext context) => Task.CompletedTask;

    public void CheckPostcondition(ActionContext after)
    {
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData) => Task.CompletedTask;
}
