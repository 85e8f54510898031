using System.Collections.Generic;
using System.Text.Json;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// Resolves the file and line of every AST node that has an "id" and a "loc".
/// clang's JSON dumper writes "file" (and "line") only when they differ from the
/// previously written location, so they are recovered by replaying every location
/// in document order, exactly as the dumper wrote them. For macro-expanded
/// locations the dumper writes "spellingLoc" then "expansionLoc"; both update the
/// state, and the expansion (where the macro was used) is the declaration's place.
/// "includedFrom" names the includer, not the current file, so it is not replayed.
/// </summary>
public sealed class SourceLocationTracker
{
    private readonly Dictionary<string, NodeLocation> _locations = new();
    private string? _file;
    private int _line;

    private SourceLocationTracker()
    {
    }

    public static IReadOnlyDictionary<string, NodeLocation> Resolve(JsonElement root)
    {
        var tracker = new SourceLocationTracker();
        tracker.Walk(root);
        return tracker._locations;
    }

    private void Walk(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Walk(item);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        (string? File, int Line)? loc = null;
        int beginLine = 0;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "loc" when property.Value.ValueKind == JsonValueKind.Object:
                    loc = ReadLocation(property.Value);
                    break;
                case "range" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (JsonProperty end in property.Value.EnumerateObject())
                    {
                        var resolved = ReadLocation(end.Value);
                        if (end.Name == "begin" && resolved is not null)
                        {
                            beginLine = resolved.Value.Line;
                        }
                    }

                    break;
                default:
                    Walk(property.Value);
                    break;
            }
        }

        if (loc is not null && element.TryGetProperty("id", out JsonElement id) && id.GetString() is string key)
        {
            _locations[key] = new NodeLocation(loc.Value.File, loc.Value.Line, beginLine == 0 ? loc.Value.Line : beginLine);
        }
    }

    /// <summary>Replays one location; returns the expansion location, or null when it is empty (builtins).</summary>
    private (string? File, int Line)? ReadLocation(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        bool macro = location.TryGetProperty("spellingLoc", out _) || location.TryGetProperty("expansionLoc", out _);
        if (!macro)
        {
            return ReadBareLocation(location);
        }

        (string? File, int Line)? expansion = null;
        foreach (JsonProperty part in location.EnumerateObject())
        {
            var resolved = ReadBareLocation(part.Value);
            if (part.Name == "expansionLoc")
            {
                expansion = resolved;
            }
        }

        return expansion;
    }

    private (string? File, int Line)? ReadBareLocation(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object || !location.TryGetProperty("offset", out _))
        {
            return null;
        }

        if (location.TryGetProperty("file", out JsonElement file))
        {
            _file = file.GetString();
        }

        if (location.TryGetProperty("line", out JsonElement line))
        {
            _line = line.GetInt32();
        }

        return (_file, _line);
    }
}
