using System.Net;

namespace StellarMemory.Functions.Reference;

/// <summary>GET /docs (anonymous): the interactive API reference, a self-contained page that renders the OpenAPI
/// document and sends requests with the reader's key.</summary>
public sealed class GetApiReference(OpenApiDocumentProvider document)
{
    private const string DocumentUrlPlaceholder = "{{openapi-url}}";
    private static readonly Lazy<string> Page = new(ReadPage);

    [Function(nameof(GetApiReference))]
    [Description("This reference as a web page, with a form that sends each request with your key.")]
    [ApiResponse(StatusCodes.Status200OK, Description = "The reference page, as HTML.")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request) =>
        new ContentResult
        {
            Content = Page.Value.Replace(DocumentUrlPlaceholder, WebUtility.HtmlEncode(document.DocumentPath), StringComparison.Ordinal),
            ContentType = "text/html; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };

    // Embedded in the assembly, so the page ships with the app under either host.
    private static string ReadPage()
    {
        using var stream = typeof(GetApiReference).Assembly.GetManifestResourceStream("StellarMemory.ApiReference.html")
            ?? throw new InvalidOperationException("The API reference page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
