namespace StellarMemory.Functions.Reference;

/// <summary>GET /openapi.json (anonymous): the OpenAPI 3.1 document of every HTTP function this host serves.</summary>
public sealed class GetOpenApiDocument(OpenApiDocumentProvider document)
{
    [Function(nameof(GetOpenApiDocument))]
    [Description("This document: OpenAPI 3.1, built from the functions the host serves.")]
    [ApiResponse(StatusCodes.Status200OK, Description = "The OpenAPI 3.1 document, as JSON.")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { Content = document.Json, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
