using Npgsql;

namespace StellarMemory.Core.Memory;

/// <summary>The columns every memory read selects, in order, and how to read them back.</summary>
internal static class MemoryColumns
{
    public const string List = "id, content, agent_id, zone, importance, score, recall_count, metadata::text, created_at, last_recalled_at, updated_at";

    public static string Prefixed(string alias) =>
        string.Join(", ", List.Split(", ").Select(c => $"{alias}.{c}"));

    public static MemoryRecord Read(NpgsqlDataReader reader, int offset = 0, double? relevance = null) => new(
        reader.GetGuid(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        reader.GetString(offset + 3),
        reader.GetFloat(offset + 4),
        reader.GetFloat(offset + 5),
        reader.GetInt32(offset + 6),
        reader.GetString(offset + 7),
        reader.GetFieldValue<DateTimeOffset>(offset + 8),
        reader.IsDBNull(offset + 9) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 9),
        reader.GetFieldValue<DateTimeOffset>(offset + 10),
        relevance);
}
