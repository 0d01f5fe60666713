using System.Text.Json.Nodes;

namespace Watcher.Testing.ActionContract;

/// <summary>
/// One action to run in the contract suite: a valid input whose pre-condition holds on the cluster as it is, an input
/// the pre-condition must refuse, and the input to abort (by default the valid one; a long sleep for <c>sleep</c>).
/// </summary>
/// <param name="Name">The scenario's name, e.g. <c>migrate (live)</c>.</param>
/// <param name="ActionType">The action type run.</param>
/// <param name="Input">Input parameters the action runs with; its pre-condition must hold.</param>
/// <param name="RefusedInput">Input parameters its pre-condition (or the schema) must refuse.</param>
public sealed record ActionScenario(string Name, string ActionType, JsonObject Input, JsonObject RefusedInput)
{
    /// <summary>Input parameters for the abort test (null: <see cref="Input"/>).</summary>
    public JsonObject? AbortInput { get; init; }
}
