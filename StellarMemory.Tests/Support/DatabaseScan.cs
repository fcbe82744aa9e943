using Npgsql;

namespace StellarMemory.Tests.Support;

/// <summary>Looks for a string in every row of every table of a test database, as text.</summary>
public static class DatabaseScan
{
    public static async Task<IReadOnlyList<string>> TablesContainingAsync(TestDatabase database, string needle)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var scan = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table} t WHERE strpos(t::text, @needle) > 0)", connection);
            scan.Parameters.AddWithValue("needle", needle);
            if ((bool)(await scan.ExecuteScalarAsync())!)
            {
                found.Add(table);
            }
        }
        return found;
    }
}
