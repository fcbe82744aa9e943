using System.Text.Json;
using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

/// <summary>The memory API's field rules, each at its boundaries, and the error a client sees when one fails.</summary>
[Trait("Category", "Unit")]
public sealed class MemoryRulesTests
{
    private const string ContentMessage = "content must be 1 to 10000 characters, not only whitespace, without NUL characters.";

    [Theory]
    [InlineData("a")]
    [InlineData(" remembered with spaces around ")]
    [InlineData("línea en español, 한국어, emoji 🚀")]
    public void Content_with_a_visible_character_is_accepted(string content) => Assert.Null(MemoryRules.Content(content));

    [Fact]
    public void Content_of_exactly_the_maximum_length_is_accepted() =>
        Assert.Null(MemoryRules.Content(new string('x', MemoryRules.MaxContentLength)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    [InlineData("before\0after")]
    public void Missing_blank_or_unstorable_content_is_refused(string? content) =>
        Assert.Equal(new FieldError("content", ContentMessage), MemoryRules.Content(content));

    [Fact]
    public void Content_one_character_over_the_maximum_is_refused() =>
        Assert.Equal(new FieldError("content", ContentMessage), MemoryRules.Content(new string('x', MemoryRules.MaxContentLength + 1)));

    [Fact]
    public void Content_errors_name_the_field_they_are_given() =>
        Assert.Equal("memories[2].content", MemoryRules.Content("", "memories[2].content")?.Field);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("plain text", true)]
    [InlineData("\0", false)]
    [InlineData("ends with NUL\0", false)]
    public void Text_is_storable_unless_it_holds_a_nul_character(string? text, bool storable) =>
        Assert.Equal(storable, MemoryRules.IsStorableText(text));

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Importance_from_zero_to_one_or_none_is_accepted(double? importance) => Assert.Null(MemoryRules.Importance(importance));

    [Theory]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Importance_outside_zero_to_one_is_refused(double importance) =>
        Assert.Equal(new FieldError("importance", "importance must be between 0 and 1."), MemoryRules.Importance(importance));

    [Theory]
    [InlineData(null)]
    [InlineData("a")]
    [InlineData("support-bot_v2.1")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    public void Agent_ids_of_1_to_64_safe_characters_or_none_are_accepted(string? agentId) => Assert.Null(MemoryRules.AgentId(agentId));

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65 characters
    [InlineData("two words")]
    [InlineData("slash/agent")]
    [InlineData("agent\n")]   // a regular expression's $ would let one trailing newline through
    [InlineData("에이전트")]
    public void Other_agent_ids_are_refused(string agentId) =>
        Assert.Equal(new FieldError("agent_id", "agent_id must be 1 to 64 characters of letters, digits, '_', '.' or '-'."),
            MemoryRules.AgentId(agentId));

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"topic": "billing", "tags": ["a", "b"], "nested": {"n": 1}}""")]
    [InlineData("""{"note": "\\u0000 is how JSON writes NUL"}""")]   // an escaped backslash, then text
    [InlineData("""{"note": "\\\\u0000"}""")]
    public void Metadata_that_is_an_object_or_nothing_is_accepted(string? json) => Assert.Null(MemoryRules.Metadata(Json(json)));

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("true")]
    public void Metadata_that_is_not_an_object_is_refused(string json) =>
        Assert.Equal(new FieldError("metadata", "metadata must be a JSON object."), MemoryRules.Metadata(Json(json)));

    [Theory]
    [InlineData("""{"k": "a\u0000b"}""")]
    [InlineData("""{"k\u0000": 1}""")]
    [InlineData("""{"k": ["\u0000"]}""")]
    [InlineData("""{"k": "\\\u0000"}""")]                              // an escaped backslash, then a NUL
    [InlineData("""{"k": "\u005c\u0000"}""")]
    public void Metadata_holding_a_nul_character_is_refused_naming_its_field(string json)
    {
        Assert.Equal(new FieldError("metadata", "metadata must not contain NUL characters."), MemoryRules.Metadata(Json(json)));
        Assert.Equal(new FieldError("filter", "filter must not contain NUL characters."), MemoryRules.Metadata(Json(json), "filter"));
    }

    [Fact]
    public void Metadata_of_exactly_16_KB_in_utf8_is_accepted()
    {
        // 8,188 two-byte characters: 16,376 bytes of value and 8 of {"k":""} make 16,384 bytes.
        var json = Json("{\"k\":\"" + new string('é', 8_188) + "\"}");

        Assert.Null(MemoryRules.Metadata(json));
    }

    [Fact]
    public void Metadata_one_byte_over_16_KB_is_refused()
    {
        var json = Json("{\"k\":\"" + new string('é', 8_188) + "a\"}");

        Assert.Equal(new FieldError("metadata", "metadata must be at most 16 KB."), MemoryRules.Metadata(json));
    }

    [Fact]
    public void No_embedding_is_accepted_so_the_server_computes_one() => Assert.Null(MemoryRules.Embedding(null));

    [Fact]
    public void An_embedding_of_384_finite_numbers_is_accepted_even_with_zeros_among_them()
    {
        var embedding = Vector(0.05f);
        embedding[0] = 0;
        embedding[383] = -1;

        Assert.Null(MemoryRules.Embedding(embedding));
    }

    [Fact]
    public void An_embedding_whose_squares_are_large_but_sum_within_single_precision_is_accepted() =>
        Assert.Null(MemoryRules.Embedding(Vector(9e17f)));

    [Theory]
    [InlineData(383)]
    [InlineData(385)]
    [InlineData(0)]
    public void An_embedding_of_another_length_is_refused(int length) =>
        Assert.Equal(new FieldError("embedding", "embedding must be exactly 384 finite numbers."), MemoryRules.Embedding(new float[length]));

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void An_embedding_with_a_non_finite_value_is_refused(float value)
    {
        var embedding = Vector(0.05f);
        embedding[200] = value;

        Assert.Equal(new FieldError("embedding", "embedding must be exactly 384 finite numbers."), MemoryRules.Embedding(embedding));
    }

    [Fact]
    public void An_all_zero_embedding_has_no_direction_and_is_refused() =>
        Assert.Equal(new FieldError("embedding", "embedding must not be all zeros."), MemoryRules.Embedding(new float[384]));

    [Fact]
    public void An_embedding_too_long_for_single_precision_lengths_is_refused() =>
        Assert.Equal(new FieldError("embedding", "embedding is too long to compare: scale its values down (a unit vector is best)."),
            MemoryRules.Embedding(Vector(1e19f))); // each square fits in a float, their sum does not

    [Theory]
    [InlineData(null, false)]
    [InlineData("what did we decide about billing?", false)]
    [InlineData("x", true)]
    public void A_query_is_accepted_when_present_and_non_blank_or_absent_and_optional(string? text, bool required) =>
        Assert.Null(MemoryRules.Query(text, "q", required));

    [Fact]
    public void A_query_of_exactly_the_maximum_length_is_accepted() =>
        Assert.Null(MemoryRules.Query(new string('q', MemoryRules.MaxQueryLength), "q", required: true));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("", false)]   // optional, but sent: it must then be a real query
    [InlineData("  ", false)]
    [InlineData("nul\0", false)]
    public void A_missing_required_or_blank_query_is_refused(string? text, bool required) =>
        Assert.Equal(new FieldError("query", "query must be 1 to 2000 characters."), MemoryRules.Query(text, "query", required));

    [Fact]
    public void A_query_one_character_over_the_maximum_is_refused() =>
        Assert.Equal(new FieldError("q", "q must be 1 to 2000 characters."),
            MemoryRules.Query(new string('q', MemoryRules.MaxQueryLength + 1), "q", required: false));

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(50)]
    public void Limits_from_1_to_50_or_none_are_accepted(int? limit) => Assert.Null(MemoryRules.Limit(limit));

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-1)]
    public void Other_limits_are_refused(int limit) =>
        Assert.Equal(new FieldError("limit", "limit must be between 1 and 50."), MemoryRules.Limit(limit));

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Minimum_relevance_from_zero_to_one_or_none_is_accepted(double? minRelevance) =>
        Assert.Null(MemoryRules.MinRelevance(minRelevance));

    [Theory]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    public void Other_minimum_relevances_are_refused(double minRelevance) =>
        Assert.Equal(new FieldError("min_relevance", "min_relevance must be between 0 and 1."), MemoryRules.MinRelevance(minRelevance));

    [Theory]
    [InlineData(null)]
    [InlineData("core")]
    [InlineData("cloud")]
    public void A_known_zone_or_none_is_accepted(string? zone) => Assert.Null(MemoryRules.Zone(zone));

    [Theory]
    [InlineData("")]
    [InlineData("Core")]
    [InlineData("planet")]
    public void An_unknown_zone_is_refused(string zone) =>
        Assert.Equal(new FieldError("zone", "zone must be one of core, inner, outer, belt, cloud."), MemoryRules.Zone(zone));

    [Fact]
    public void Input_fills_in_the_defaults()
    {
        var (input, error) = MemoryRules.Input("remember this", null, null, null, null);

        Assert.Null(error);
        Assert.Equal(("remember this", 0.5, "{}", "default", (float[]?)null),
            (input!.Content, input.Importance, input.MetadataJson, input.AgentId, input.Embedding));
    }

    [Fact]
    public void Input_keeps_what_the_client_sent()
    {
        var embedding = Vector(0.05f);

        var (input, error) = MemoryRules.Input("remember this", 0.9, Json("""{"topic": "billing"}"""), "agent-7", embedding);

        Assert.Null(error);
        Assert.Equal(("remember this", 0.9, """{"topic": "billing"}""", "agent-7", embedding),
            (input!.Content, input.Importance, input.MetadataJson, input.AgentId, input.Embedding));
    }

    [Fact]
    public void Input_stores_json_null_metadata_as_an_empty_object() =>
        Assert.Equal("{}", MemoryRules.Input("x", null, Json("null"), null, null).Input!.MetadataJson);

    // Each invalid field alone, then every pair of neighbours: the first error in field order is the one returned.
    public static TheoryData<string, string?, double?, string?, string?, float[]?> Errors() => new()
    {
        { "content", "", null, null, null, null },
        { "importance", "x", 2, null, null, null },
        { "metadata", "x", null, "[]", null, null },
        { "agent_id", "x", null, null, "no spaces", null },
        { "embedding", "x", null, null, null, new float[3] },
        { "content", "", 2, null, null, null },
        { "importance", "x", 2, "[]", null, null },
        { "metadata", "x", null, "[]", "no spaces", null },
        { "agent_id", "x", null, null, "no spaces", new float[3] },
        { "content", "", 2, "[]", "no spaces", new float[3] },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Input_returns_the_first_error_in_field_order(string field, string? content, double? importance, string? metadata,
        string? agentId, float[]? embedding)
    {
        var (input, error) = MemoryRules.Input(content, importance, Json(metadata), agentId, embedding);

        Assert.Null(input);
        Assert.Equal(field, error?.Field);
        Assert.Equal(error, Single(field, content, importance, metadata, agentId, embedding));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Input_errors_in_a_batch_carry_the_item_prefix(string field, string? content, double? importance, string? metadata,
        string? agentId, float[]? embedding) =>
        Assert.Equal("memories[4]." + field, MemoryRules.Input(content, importance, Json(metadata), agentId, embedding, "memories[4].").Error?.Field);

    // The rule of one field by itself, for comparing messages.
    private static FieldError? Single(string field, string? content, double? importance, string? metadata, string? agentId, float[]? embedding) =>
        field switch
        {
            "content" => MemoryRules.Content(content),
            "importance" => MemoryRules.Importance(importance),
            "metadata" => MemoryRules.Metadata(Json(metadata)),
            "agent_id" => MemoryRules.AgentId(agentId),
            _ => MemoryRules.Embedding(embedding),
        };

    private static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static float[] Vector(float value) => Enumerable.Repeat(value, 384).ToArray();
}
