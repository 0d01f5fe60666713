namespace Watcher.Domain.Actions;

/// <summary>An action could not be carried out (the cloud refused or failed it). Retrying may help.</summary>
public class ActionFailedException(string message, Exception? inner = null) : Exception(message, inner);
