namespace StellarMemory.Functions.OpenApi;

/// <summary>Marks a function behind <c>AdminGate</c>: it takes a signed-in admin's session cookie and nothing else,
/// answers 401 without one, 403 <c>admin-only</c> to an API key or an account without the admin role, and 403
/// <c>csrf</c> to a change without the page's CSRF token.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresAdminSessionAttribute : Attribute;
