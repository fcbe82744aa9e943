using System.Net;

namespace StellarMemory.Core.Mail;

/// <summary>The account mails, in English and Korean: plain text plus a simple HTML version of the same words. Links
/// carry their one-time token; the rest of the system only ever sees its hash.</summary>
public static class AccountMessages
{
    public const string VerifyKind = "verify-email", TakenKind = "registration-attempt", SignInKind = "sign-in",
        DeleteKind = "delete-account";

    public static OutgoingMail Verify(string to, string locale, string link) => Compose(VerifyKind, to, locale, link,
        en: ("Confirm your email address for Stellar Memory",
            "Welcome to Stellar Memory. Confirm that this address is yours to unlock paid plans:",
            "Confirm my address",
            "The link works for 7 days. If you did not create an account, ignore this mail."),
        ko: ("Stellar Memory 이메일 주소를 확인해 주세요",
            "Stellar Memory에 오신 것을 환영합니다. 유료 플랜을 사용하려면 이 주소가 본인의 것인지 확인해 주세요:",
            "이메일 주소 확인",
            "이 링크는 7일 동안 유효합니다. 계정을 만든 적이 없다면 이 메일을 무시하세요."));

    public static OutgoingMail RegistrationAttempt(string to, string locale, string link) => Compose(TakenKind, to, locale, link,
        en: ("Someone tried to register your address at Stellar Memory",
            "Someone just tried to create a Stellar Memory account with this address, which already has one. No key was issued. "
            + "If it was you and you lost your keys, sign in by email and create a new key:",
            "Sign in",
            "If it was not you, nothing needs doing: your account is unchanged."),
        ko: ("누군가 이 주소로 Stellar Memory 가입을 시도했습니다",
            "이미 계정이 있는 이 주소로 누군가 Stellar Memory 가입을 시도했습니다. 키는 발급되지 않았습니다. "
            + "본인이 키를 잃어버렸다면 이메일로 로그인해 새 키를 만드세요:",
            "로그인",
            "본인이 아니라면 아무것도 하지 않아도 됩니다. 계정은 그대로입니다."));

    public static OutgoingMail SignIn(string to, string locale, string link) => Compose(SignInKind, to, locale, link,
        en: ("Your Stellar Memory sign-in link",
            "Use this link to sign in to your Stellar Memory account:",
            "Sign in",
            "The link works once, for 15 minutes. If you did not ask to sign in, ignore this mail."),
        ko: ("Stellar Memory 로그인 링크",
            "이 링크로 Stellar Memory 계정에 로그인하세요:",
            "로그인",
            "이 링크는 15분 동안 한 번만 사용할 수 있습니다. 로그인을 요청하지 않았다면 이 메일을 무시하세요."));

    public static OutgoingMail ConfirmDeletion(string to, string locale, string link) => Compose(DeleteKind, to, locale, link,
        en: ("Confirm deleting your Stellar Memory account",
            "Someone signed in to your account asked to delete it, with every memory and key. Live subscriptions are cancelled. "
            + "This cannot be undone. To delete the account, follow this link:",
            "Delete my account",
            "The link works once, for 15 minutes. If you did not ask for this, ignore this mail and sign out everywhere."),
        ko: ("Stellar Memory 계정 삭제를 확인해 주세요",
            "로그인한 사용자가 모든 메모리와 키를 포함해 이 계정의 삭제를 요청했습니다. 진행 중인 구독은 해지됩니다. "
            + "되돌릴 수 없습니다. 계정을 삭제하려면 이 링크를 여세요:",
            "계정 삭제",
            "이 링크는 15분 동안 한 번만 사용할 수 있습니다. 요청하지 않았다면 이 메일을 무시하고 모든 기기에서 로그아웃하세요."));

    private static OutgoingMail Compose(string kind, string to, string locale, string link,
        (string Subject, string Lead, string Action, string Footer) en,
        (string Subject, string Lead, string Action, string Footer) ko)
    {
        var words = locale == MailLocale.Korean ? ko : en;
        var text = $"{words.Lead}\n\n{link}\n\n{words.Footer}\n\n— Stellar Memory\n";
        var html = $"""
            <!doctype html>
            <html lang="{(locale == MailLocale.Korean ? "ko" : "en")}"><body style="font-family: sans-serif; line-height: 1.5;">
            <p>{WebUtility.HtmlEncode(words.Lead)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(words.Action)}</a></p>
            <p style="color: #555;">{WebUtility.HtmlEncode(words.Footer)}</p>
            <p>— Stellar Memory</p>
            </body></html>
            """;
        return new OutgoingMail(Guid.NewGuid(), kind, to, words.Subject, text, html);
    }
}
