using System.Security.Cryptography;
using System.Text;

namespace Watcher.Domain.Model;

/// <summary>Name-based (RFC 4122 version 5 style) UUIDs, so built-in goals and strategies keep the same uuid everywhere.</summary>
public static class DeterministicGuid
{
    private static readonly Guid Namespace = new("6f1d2a4e-8c0b-4f43-9f57-0a6f6a1f7e21");

    public static Guid Create(string name) => Create(Namespace, name);

    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        ns.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 v5 specifies; this is an identifier, not security.
        SHA1.HashData(buffer, hash);
#pragma warning restore CA5350
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
