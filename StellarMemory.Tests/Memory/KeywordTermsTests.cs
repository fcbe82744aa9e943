using Npgsql;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

/// <summary>The keyword index's analyser (<c>stellar_terms</c>): English stemmed, Hangul and CJK as bigrams.</summary>
public sealed class KeywordTermsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<string[]> TermsAsync(string text)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tsvector_to_array(stellar_terms(@text))", connection);
        command.Parameters.AddWithValue("text", text);
        return ((string[])(await command.ExecuteScalarAsync())!).Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] Sorted(params string[] terms) => terms.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task English_is_stemmed_without_stop_words()
    {
        Assert.Equal(Sorted("paint", "sunris"), await TermsAsync("When did she paint the sunrises?"));
    }

    [Fact]
    public async Task Hangul_becomes_overlapping_bigrams_so_particles_do_not_hide_the_word()
    {
        var withObject = await TermsAsync("결제를 완료했다");
        var withSubject = await TermsAsync("결제가 실패했다");

        Assert.Equal(Sorted("결제", "제를", "완료", "료했", "했다"), withObject);
        Assert.Contains("결제", withSubject);
    }

    [Fact]
    public async Task Mixed_scripts_are_split_and_a_lone_character_is_a_term()
    {
        Assert.Equal(Sorted("api", "키"), await TermsAsync("API키"));
        Assert.Equal(Sorted("東京", "京タ", "タワ", "ワー"), await TermsAsync("東京タワー"));
        Assert.Equal(Sorted("我喜", "喜欢", "欢北", "北京"), await TermsAsync("我喜欢北京"));
    }

    [Fact]
    public async Task Term_queries_match_terms_with_quotes_and_backslashes_exactly()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT array_to_tsvector(ARRAY[@term]) @@ stellar_term_query(@term), array_to_tsvector(ARRAY['other']) @@ stellar_term_query(@term)", connection);
        command.Parameters.AddWithValue("term", "it's a \\ path");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.True(reader.GetBoolean(0));
        Assert.False(reader.GetBoolean(1));
    }
}
