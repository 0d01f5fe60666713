namespace Watcher.Domain.Errors;

/// <summary>
/// What an exception may say in a stored or returned field (an audit's or action's <c>status_message</c>, a journal
/// entry, an orchestration's failure): the message of Watcher's own exceptions (validation, conflicts, action failures,
/// written for the caller), and for anything else (storage, HTTP, gRPC, runtime errors, whose text can carry URLs,
/// account names, headers or internals) only a generic sentence naming the exception type. The full exception belongs
/// in the service log (docs/security.md "Web hardening").
/// </summary>
public static class SafeMessages
{
    /// <summary>The text shown for an error whose own message is withheld.</summary>
    public const string Withheld = "an internal error occurred ({0}); the details are in the service log";

    /// <summary>The message of <paramref name="ex"/> when Watcher wrote it, else <see cref="Withheld"/> naming its type.</summary>
    public static string Of(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return Of(ex.GetType().FullName, ex.Message);
    }

    /// <summary>
    /// The same for an error known by its type name and message (a Durable activity's failure details):
    /// <paramref name="message"/> when <paramref name="errorType"/> is one of Watcher's types, else the generic sentence.
    /// </summary>
    public static string Of(string? errorType, string? message)
    {
        if (errorType is not null && errorType.StartsWith("Watcher.", StringComparison.Ordinal) && message is not null)
        {
            return message;
        }

        var name = errorType is null ? "unknown error" : errorType[(errorType.LastIndexOf('.') + 1)..];
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Withheld, name);
    }
}
