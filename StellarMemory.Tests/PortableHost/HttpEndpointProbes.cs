using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.PortableHost;

/// <summary>HTTP functions for the portable host's own tests: a function-level route and each kind of result a
/// function may return. A host serves them only when its function list names them.</summary>
public sealed class HttpEndpointProbes
{
    [Function("KeyedProbe")]
    public IActionResult Keyed([HttpTrigger(AuthorizationLevel.Function, "get", Route = "test/probe/keyed")] HttpRequest request) =>
        new OkObjectResult(new { admitted = true });

    [Function("ResultProbe")]
    public IResult Result([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/probe/result")] HttpRequest request) =>
        Results.Text("from an IResult", statusCode: StatusCodes.Status202Accepted);

    [Function("NoContentProbe")]
    public Task NoContent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "test/probe/nothing")] HttpRequest request,
        CancellationToken cancellationToken) => Task.Delay(0, cancellationToken);

    [Function("PocoProbe")]
    public Task<object> Poco([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/probe/poco/{count:int?}")] HttpRequest request,
        int count = 3) => Task.FromResult<object>(new { count, path = request.Path.Value });
}
