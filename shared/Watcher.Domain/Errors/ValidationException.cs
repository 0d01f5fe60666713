namespace Watcher.Domain.Errors;

/// <summary>Input the caller sent is wrong; the message names the problem. Maps to HTTP 400.</summary>
public sealed class ValidationException(string message) : Exception(message);
