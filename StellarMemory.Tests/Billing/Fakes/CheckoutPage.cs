using Microsoft.AspNetCore.Http;

namespace StellarMemory.Tests.Billing.Fakes;

/// <summary>The hosted payment page of a fake provider: a card form reduced to a Pay and a Decline button.</summary>
public static class CheckoutPage
{
    public static IResult Render(string provider, string amount, string payAction, string declineAction) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{provider}} checkout</title><link rel="icon" href="data:,"></head>
        <body>
          <h1>{{provider}} test checkout</h1>
          <p>Amount: {{amount}}</p>
          <form method="post" action="{{payAction}}"><button type="submit">Pay</button></form>
          <form method="post" action="{{declineAction}}"><button type="submit">Decline</button></form>
        </body></html>
        """, "text/html");
}
