using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>An HTTP function with a route parameter, used to prove the portable host's routing.</summary>
public sealed class EchoRoute
{
    [Function(nameof(EchoRoute))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "test/echo/{id}")] HttpRequest request,
        string id) =>
        new OkObjectResult(new { id, method = request.Method, query = request.Query["q"].ToString() });
}
