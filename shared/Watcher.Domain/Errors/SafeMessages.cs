using System.Text.RegularExpressions;

namespace Watcher.Domain.Errors;

/// <summary>
/// What an exception may say in a stored or returned field (an audit's or action's <c>status_message</c>, a journal
/// entry, an orchestration's failure): the message of Watcher's own exceptions (validation, conflicts, action failures,
/// written for the caller), and for anything else (storage, HTTP, gRPC, runtime errors, whose text can carry URLs,
/// account names, headers or internals) only a generic sentence naming the exception type. The full exception belongs
/// in the service log (docs/security.md "Web hardening"). Watcher's own messages can quote a configured URL (a
/// datasource's, a cloud's endpoint), so credentials in them are masked: a URL's user information, secret-looking
/// query parameters, and bearer tokens.
/// </summary>
public static partial class SafeMessages
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
            return Mask(message);
        }

        var name = errorType is null ? "unknown error" : errorType[(errorType.LastIndexOf('.') + 1)..];
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Withheld, name);
    }

    /// <summary><paramref name="text"/> with credentials masked: <c>scheme://user:password@</c>, <c>?sig=…</c>-style parameters, <c>Bearer …</c>.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = UserInfo().Replace(text, "$1***@");
        text = SecretParameter().Replace(text, "$1***");
        return BearerToken().Replace(text, "$1***");
    }

    [GeneratedRegex(@"\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"([?&;](?:sig|signature|token|access_token|refresh_token|password|passwd|pwd|secret|client_secret|key|api_key|apikey|accountkey|code)=)[^&\s""';]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"\b((?:Bearer|X-Auth-Token:?|X-Subject-Token:?)\s+)[A-Za-z0-9\-._~+/=]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
