namespace Watcher.LocalHost;

/// <summary>
/// Wrapping the socket handler makes Grpc.Net.Client use its passive transport: no subchannel connectivity state and
/// no connect back-off shared between calls.
/// </summary>
internal sealed class PassiveHandler(HttpMessageHandler inner) : DelegatingHandler(inner);
