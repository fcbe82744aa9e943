using System.Net;
using Microsoft.AspNetCore.Http;

namespace StellarMemory.Sandbox;

/// <summary>The hosted pages of a sandbox provider: a checkout reduced to a Pay and a Decline button (Pay sends the
/// webhooks the real provider would send), and a customer portal that only says where cancelling happens.</summary>
public static class CheckoutPage
{
    public static IResult Render(string provider, string amount, string payAction, string declineAction) => Page(provider, $"""
        <h1>{Encode(provider)} test checkout</h1>
        <p>Amount: {Encode(amount)} a month</p>
        <form method="post" action="{Encode(payAction)}"><button type="submit">Pay</button></form>
        <form method="post" action="{Encode(declineAction)}"><button type="submit">Decline</button></form>
        """);

    public static IResult Portal(string provider) => Page(provider, $"""
        <h1>{Encode(provider)} customer portal</h1>
        <p>The sandbox keeps no cards or invoices. Cancel from your Stellar Memory account page.</p>
        """);

    private static IResult Page(string provider, string body) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(provider)}} sandbox</title><link rel="icon" href="data:,">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
        button{font:inherit;padding:.5rem 1.5rem;margin:.25rem 0}.note{color:#555;border-left:3px solid #999;padding-left:.75rem}</style></head>
        <body>
        <p class="note">Local sandbox of {{Encode(provider)}}: no card is asked for and no money moves.</p>
        {{body}}
        </body></html>
        """, "text/html");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
