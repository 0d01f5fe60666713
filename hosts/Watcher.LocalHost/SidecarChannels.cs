using Grpc.Net.Client;

namespace Watcher.LocalHost;

/// <summary>The gRPC channels to the in-process sidecar, held so they are disposed with the host.</summary>
internal sealed class SidecarChannels(GrpcChannel worker, GrpcChannel client) : IDisposable
{
    public GrpcChannel Worker { get; } = worker;

    public GrpcChannel Client { get; } = client;

    public void Dispose()
    {
        Worker.Dispose();
        Client.Dispose();
    }
}
