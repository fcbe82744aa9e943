using StellarMemory.Core.Telemetry;

namespace StellarMemory.Tests.Telemetry;

public sealed class QueryStringRedactionTests
{
    [Theory]
    [InlineData("GET http://127.0.0.1:7071/auth/login/callback?token=abc123 - 302",
        "GET http://127.0.0.1:7071/auth/login/callback?token=*** - 302")]
    [InlineData("redirecting to https://connector.example/cb?code=smo_ac_x1&state=xyz.",
        "redirecting to https://connector.example/cb?code=***&state=***")]
    [InlineData("QueryString=?token=t0k&next=%2Foauth%2Fauthorize", "QueryString=?token=***&next=***")]
    [InlineData("Location: /?billing=success#pricing", "Location: /?billing=***#pricing")]
    [InlineData("\"https://a.example/x?key=v\"", "\"https://a.example/x?key=***\"")]
    public void Every_query_value_is_blanked_and_every_name_kept(string text, string redacted) =>
        Assert.Equal(redacted, QueryStringRedaction.Redact(text));

    [Theory]
    [InlineData("Request finished HTTP/1.1 POST http://127.0.0.1:7071/webhook/stripe - 200 - application/json 3.1ms")]
    [InlineData("a = b and c=d without a query")]
    [InlineData("What? No.")]
    [InlineData("")]
    public void Text_without_a_query_is_unchanged(string text) => Assert.Equal(text, QueryStringRedaction.Redact(text));
}
