using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Watcher.Domain.Errors;

namespace Watcher.Api;

/// <summary>
/// Reads a request body as JSON, refusing what System.Text.Json would accept, or throw on later as a 500: invalid
/// UTF-8, a member given twice in one object, a lone UTF-16 surrogate escaped as <c>"\ud800"</c>, nesting deeper than
/// <see cref="MaxDepth"/>, strings longer than <see cref="MaxStringLength"/>, and control characters (NUL, ESC, ...) in any string, or tab and newlines in a name.
/// Every refusal is a <see cref="ValidationException"/> (400) naming the member, as a JSON path (<c>scope[0].k</c>), or for
/// a JSON patch operation its <c>path</c> (<c>/name</c>).
/// </summary>
/// <remarks>
/// Hand-written over <see cref="Utf8JsonReader"/>: no served library checks duplicates and surrogates with the member's
/// path (System.Text.Json's own <c>AllowDuplicateProperties</c> reports neither the member nor lone surrogates).
/// </remarks>
public static class JsonInput
{
    /// <summary>
    /// The longest string a body may carry anywhere (names and descriptions have their own, shorter limits in the
    /// services): a backstop so that no field without a limit of its own stores hundreds of kilobytes.
    /// </summary>
    public const int MaxStringLength = 65_536;

    /// <summary>The deepest nesting of objects and arrays a body may have (Watcher's bodies need 6 at most).</summary>
    public const int MaxDepth = 32;

    /// <summary>Parses <paramref name="utf8"/> (not empty) after the checks above; a syntax error is a 400 too.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new ValidationException($"The request body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(utf8)}).");
        }

        CheckStructure(utf8);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        }
        catch (JsonException ex)
        {
            throw new ValidationException($"The request body is not valid JSON: {ex.Message}");
        }

        CheckStrings(node);
        return node;
    }

    /// <summary>The problem with <paramref name="value"/> as text of a query parameter or path segment named <paramref name="name"/>, as a 400.</summary>
    public static void CheckText(string? value, string name)
    {
        if (value is not null && Problem(value, isName: false) is { } problem)
        {
            throw new ValidationException($"'{name}' {problem}.");
        }
    }

    private static void CheckStructure(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment)
                    && frames.Count > 0 && frames[^1].Members is null)
                {
                    frames[^1].Index++;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        frames.Add(new Frame { Members = new HashSet<string>(StringComparer.Ordinal) });
                        break;
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame());
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = ReadString(ref reader, Render(frames) is var where && where.Length > 0 ? $"a member name in '{where}'" : "a member name");
                        frames[^1].Member = name;
                        if (!frames[^1].Members!.Add(name))
                        {
                            throw new ValidationException($"'{Render(frames)}' is given more than once.");
                        }

                        break;
                    case JsonTokenType.String:
                        _ = ReadString(ref reader, frames.Count == 0 ? "The body" : $"'{Render(frames)}'");
                        break;
                }
            }
        }
        catch (JsonException ex) when (reader.CurrentDepth >= MaxDepth)
        {
            throw new ValidationException($"The request body is nested too deep: more than {MaxDepth} levels of objects and arrays ({ex.Message}).");
        }
        catch (JsonException ex)
        {
            throw new ValidationException($"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static string Render(List<Frame> frames)
    {
        var text = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.Members is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
            }
            else if (frame.Member is { } member)
            {
                text.Append(text.Length == 0 ? member : "." + member);
            }
        }

        return text.ToString();
    }

    private static string ReadString(ref Utf8JsonReader reader, string where)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ValidationException($"{where} contains a lone UTF-16 surrogate (such as \\ud800), which is not a character.");
        }

        if (HasLoneSurrogate(text))
        {
            throw new ValidationException($"{where} contains a lone UTF-16 surrogate (such as \\ud800), which is not a character.");
        }

        return text;
    }

    private static void CheckStrings(JsonNode? root)
    {
        if (root is JsonArray patch && patch.All(o => o is JsonObject { } op && op["path"] is JsonValue p && p.GetValueKind() == JsonValueKind.String))
        {
            // A JSON patch document: name a value by the field it sets.
            foreach (var op in patch.Cast<JsonObject>())
            {
                var field = op["path"]!.GetValue<string>();
                foreach (var (key, value) in op)
                {
                    Walk(value, key == "value" ? field.TrimStart('/') : key, isName: key == "value" && IsNameField(field));
                }
            }

            return;
        }

        Walk(root, string.Empty, isName: false);
    }

    private static void Walk(JsonNode? node, string path, bool isName)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (Problem(key, isName: false) is { } keyProblem)
                    {
                        throw new ValidationException($"A member name in '{(path.Length == 0 ? "the body" : path)}' {keyProblem}.");
                    }

                    Walk(value, child, IsNameField(key));
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", isName: false);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                if (Problem(v.GetValue<string>(), isName) is { } problem)
                {
                    throw new ValidationException($"'{(path.Length == 0 ? "the body" : path)}' {problem}.");
                }

                break;
        }
    }

    /// <summary>Names (<c>name</c>, <c>*_name</c>, <c>hostname</c>, a patch of <c>/name</c>) are one line: no tab or newline either.</summary>
    private static bool IsNameField(string key)
    {
        var field = key.TrimStart('/');
        return field is "name" or "hostname" || field.EndsWith("_name", StringComparison.Ordinal);
    }

    /// <summary>What is wrong with <paramref name="text"/>, or null: control characters (C0 but tab, CR and LF; DEL; C1), and in a name any.</summary>
    private static string? Problem(string text, bool isName)
    {
        if (HasLoneSurrogate(text))
        {
            return "contains a lone UTF-16 surrogate (such as \\ud800), which is not a character";
        }

        if (text.Length > MaxStringLength)
        {
            return $"is {text.Length} characters long; at most {MaxStringLength} are accepted";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var control = c < 0x20 || c is >= '\u007f' and <= '\u009f';
            if (control && (isName || c is not ('\t' or '\n' or '\r')))
            {
                return $"contains the control character U+{(int)c:X4} at position {i.ToString(CultureInfo.InvariantCulture)}; {(isName ? "a name is one line of printable text" : "only tab, CR and LF are allowed")}";
            }
        }

        return null;
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var status = Utf8.ToUtf16(utf8, new char[utf8.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    /// <summary>An open object (its members so far and the current one) or array (the current index).</summary>
    private sealed class Frame
    {
        public HashSet<string>? Members { get; init; }

        public string? Member { get; set; }

        public int Index { get; set; } = -1;
    }
}
