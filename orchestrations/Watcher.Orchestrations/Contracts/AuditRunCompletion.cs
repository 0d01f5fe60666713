namespace Watcher.Orchestrations.Contracts;

/// <summary>How an audit run ended: with a plan, or with an error.</summary>
public sealed record AuditRunCompletion(string AuditUuid, string? PlanUuid, string? Error);
