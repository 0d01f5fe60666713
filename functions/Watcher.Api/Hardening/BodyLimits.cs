using System.Text.Json;
using Watcher.Domain.Errors;

namespace Watcher.Api.Hardening;

/// <summary>
/// String lengths in a request body (docs/security.md "Web hardening"): <c>name</c> and <c>description</c>, given as
/// members of the body or as values of a JSON patch of <c>/name</c> or <c>/description</c>, and every string (value or
/// member name) anywhere. A body over a limit is a 400 naming the member and the setting; nothing is stored. The body
/// is read with <see cref="Utf8JsonReader"/> token by token, so members given twice or strings that are not valid
/// UTF-16 are left for the body's binder and validators to name (they are not this check's business).
/// </summary>
public static class BodyLimits
{
    /// <summary>Throws a <see cref="ValidationException"/> naming the first string of <paramref name="json"/> (syntactically valid JSON) over a limit of <paramref name="options"/>.</summary>
    public static void Check(ReadOnlySpan<byte> json, WatcherHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var frames = new List<Frame>();
        string? member = null;
        var topIsArray = false;
        string? opPath = null;
        int? opValueLength = null;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                if (topIsArray && reader.CurrentDepth == 1 && token == JsonTokenType.EndObject && opValueLength is { } length)
                {
                    // One JSON patch operation ended: its value is checked against the member its path names.
                    if (opPath == "/name")
                    {
                        CheckField("name", length, options.MaxNameLength, "MaxNameLength");
                    }
                    else if (opPath == "/description")
                    {
                        CheckField("description", length, options.MaxDescriptionLength, "MaxDescriptionLength");
                    }
                }

                frames.RemoveAt(frames.Count - 1);
                member = null;
                continue;
            }

            if (token == JsonTokenType.PropertyName)
            {
                member = Text(ref reader);
                if (member is not null && member.Length > options.MaxStringLength)
                {
                    throw new ValidationException($"A member name in {Where(frames, null)} is {member.Length} characters; at most {options.MaxStringLength} are allowed (Watcher:Http:MaxStringLength).");
                }

                continue;
            }

            // A value: its segment is the member it belongs to, or its index in the enclosing array.
            var segment = frames.Count == 0 ? string.Empty : frames[^1].IsArray ? $"[{frames[^1].Count++}]" : "." + member;
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (frames.Count == 0)
                {
                    topIsArray = token == JsonTokenType.StartArray;
                }

                if (topIsArray && frames.Count == 1)
                {
                    opPath = null;
                    opValueLength = null;
                }

                frames.Add(new Frame(segment, token == JsonTokenType.StartArray));
            }
            else if (token == JsonTokenType.String && Text(ref reader) is { } text)
            {
                if (text.Length > options.MaxStringLength)
                {
                    throw new ValidationException($"The string at {Where(frames, segment)} is {text.Length} characters; at most {options.MaxStringLength} are allowed (Watcher:Http:MaxStringLength).");
                }

                var depth = frames.Count;
                if (!topIsArray && depth == 1 && member == "name")
                {
                    CheckField("name", text.Length, options.MaxNameLength, "MaxNameLength");
                }
                else if (!topIsArray && depth == 1 && member == "description")
                {
                    CheckField("description", text.Length, options.MaxDescriptionLength, "MaxDescriptionLength");
                }
                else if (topIsArray && depth == 2 && member == "path")
                {
                    opPath = text;
                }
                else if (topIsArray && depth == 2 && member == "value")
                {
                    opValueLength = text.Length;
                }
            }

            member = null;
        }
    }

    private static void CheckField(string name, int length, int max, string setting)
    {
        if (length > max)
        {
            throw new ValidationException($"'{name}' is {length} characters; at most {max} are allowed (Watcher:Http:{setting}).");
        }
    }

    private static string Where(List<Frame> frames, string? last) => "$" + string.Concat(frames.Select(f => f.Segment)) + last;

    /// <summary>The token's text, or null when it does not decode (a lone surrogate escape): the validators name that.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An open object or array: how it is reached from its parent, and (arrays) how many items were read.</summary>
    private sealed class Frame(string segment, bool isArray)
    {
        public string Segment { get; } = segment;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }
}
