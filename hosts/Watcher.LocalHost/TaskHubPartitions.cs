using Azure.Storage.Queues;

namespace Watcher.LocalHost;

/// <summary>
/// Start-up check that an existing task hub has the configured number of partitions. The Azure Storage engine
/// (DurableTask.AzureStorage 2.11.2) does not refuse a different count: it creates the missing control queues and
/// leases and routes each instance by <c>hash(instance id) % PartitionCount</c>, so messages of a running
/// orchestration land in another partition than before and two workers can process one instance at once. A task hub
/// has one control queue per partition (<c>{hub}-control-00</c> ...), so counting them tells what it was created with.
/// </summary>
internal static class TaskHubPartitions
{
    /// <summary>The number of control queues of <paramref name="taskHub"/> (0 when the task hub does not exist yet).</summary>
    public static async Task<int> CountAsync(string connectionString, string taskHub, CancellationToken cancellationToken = default)
    {
        var prefix = $"{taskHub.ToLowerInvariant()}-control-";
        var count = 0;
        await foreach (var queue in new QueueServiceClient(connectionString).GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            if (queue.Name.Length == prefix.Length + 2 && int.TryParse(queue.Name.AsSpan(prefix.Length), out _))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Why the task hub cannot start with <paramref name="configured"/> partitions, or null when it can.</summary>
    public static string? Mismatch(string taskHub, int existing, int configured) => existing == 0 || existing == configured ? null
        : $"Task hub '{taskHub}' was created with {existing} partition(s), but {DurableOptions.Section}:PartitionCount is {configured}. "
          + "A task hub's partition count cannot change: set the same value on every host of this task hub "
          + $"({DurableOptions.Section}:PartitionCount={existing}), or use a new task hub (Watcher:TaskHub) for the new count and let the old one drain.";
}
