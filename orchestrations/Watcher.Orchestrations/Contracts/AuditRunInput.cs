namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of one audit run: the audit, the plan uuid the run will create, and the run number.</summary>
public sealed record AuditRunInput(string AuditUuid, string PlanUuid, int Run);
