namespace Watcher.Domain.Planning;

/// <summary>
/// One instance a <c>host_maintenance</c> plan moved off its node: read from one of the plan's SUCCEEDED migrate
/// actions, which is the durable record of where the instance came from (<see cref="FromHost"/>, the maintained node)
/// and where it went (<see cref="ToHost"/>). <see cref="CompletedAt"/> is when that migration succeeded.
/// </summary>
public sealed record MaintenanceEvacuation(
    string ActionUuid,
    string InstanceUuid,
    string? InstanceName,
    string FromHost,
    string ToHost,
    string MigrationType,
    DateTimeOffset CompletedAt);
