using System.Reflection;
using System.Xml.Linq;

namespace Watcher.Functions.Tests;

/// <summary>Every public type of the service's assemblies carries an XML doc summary (a project convention).</summary>
public sealed class XmlDocsTests
{
    public static TheoryData<string> Assemblies => new()
    {
        "Watcher.Domain",
        "Watcher.Optimization",
        "Watcher.Simulator",
        "Watcher.BlobStorage",
        "Watcher.Orchestrations",
        "Watcher.Api",
        "Watcher.Functions",
        "Watcher.LocalHost",
        "Watcher.ServiceDefaults",
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicTypes_OfAssembly_AllHaveXmlDocSummary(string name)
    {
        var assembly = Assembly.Load(name);
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: GenerateDocumentationFile must stay on.");
        var documented = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => m.Element("summary") is { } s && !string.IsNullOrWhiteSpace(s.Value))
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = assembly.GetExportedTypes()
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(id => !documented.Contains(id))
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"Public types without an XML <summary> in {name}: {string.Join(", ", missing)}");
    }
}
