using Azure.Storage.Blobs;

namespace Watcher.BlobStorage;

/// <summary>Creates a blob container on first use, once per process, for the stores that write into it.</summary>
internal sealed class ContainerGate(BlobContainerClient container)
{
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile bool _created;

    /// <summary>Ensures the container exists (one CreateIfNotExists per process, concurrent callers wait for it).</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _ensure.Release();
        }
    }
}
