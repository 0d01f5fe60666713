namespace Watcher.Application.Ports;

/// <summary>The status of one workflow instance, as the engine reports it.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Name">The orchestration's name.</param>
/// <param name="RuntimeStatus">Running, Completed, Failed, Terminated, Pending, ...</param>
/// <param name="CreatedAt">When the instance was created.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
/// <param name="CustomStatus">Its progress report as JSON text, if any.</param>
/// <param name="Output">Its output as JSON text, if finished.</param>
/// <param name="FailureType">The failure's error type, if it failed.</param>
/// <param name="FailureMessage">The failure's message, if it failed.</param>
public sealed record WorkflowStatus(
    string InstanceId,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? CustomStatus,
    string? Output,
    string? FailureType,
    string? FailureMessage);
