namespace Watcher.Domain.Errors;

/// <summary>The request is valid but the resource's current state forbids it. Maps to HTTP 409.</summary>
public sealed class ConflictException(string message) : Exception(message);
