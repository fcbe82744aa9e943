namespace StellarMemory.Core.Mail;

/// <summary>The languages we write mail in; an account picks one (default English).</summary>
public static class MailLocale
{
    public const string English = "en";
    public const string Korean = "ko";

    public static bool IsSupported(string? locale) => locale is English or Korean;
}
