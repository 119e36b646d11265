using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>Where a recipient sits on the message.</summary>
public enum RecipientField
{
    To,
    Cc,
    Bcc,
}

/// <summary>
/// One recipient of an outbox row after resolution: a mailbox with the name and culture to write to them in, or
/// the reason it could not be resolved (recorded in the delivery log, never silently dropped).
/// </summary>
public sealed record ResolvedRecipient(string Token, RecipientField Field, EmailAddress? Address, string? UserName, string DisplayName, string Culture, string? Problem)
{
    public bool IsResolved => Address is not null;
}

/// <summary>
/// Turns what an outbox row names into mailboxes: an address as it is (the culture of the user with that
/// address, if any), a user name into that user's address, "role:key" into every active holder of the role.
/// </summary>
public sealed class RecipientResolver(WorkflowsDbContext db, UserDirectory users)
{
    public const string RolePrefix = "role:";

    public async Task<IReadOnlyList<ResolvedRecipient>> ResolveAsync(IEnumerable<(string Token, RecipientField Field)> tokens, CancellationToken cancellationToken)
    {
        var result = new List<ResolvedRecipient>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (raw, field) in tokens)
        {
            var token = raw.Trim();
            if (token.Length == 0) continue;
            foreach (var recipient in await ResolveOneAsync(token, field, cancellationToken))
            {
                // One mailbox named twice (directly and through a role) gets one mail.
                if (recipient.Address is { } address && !seen.Add(address.Address)) continue;
                result.Add(recipient);
            }
        }
        return result;
    }

    private async Task<IReadOnlyList<ResolvedRecipient>> ResolveOneAsync(string token, RecipientField field, CancellationToken cancellationToken)
    {
        if (token.StartsWith(RolePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var role = token[RolePrefix.Length..].Trim();
            var holders = await users.HoldersOfRoleAsync(role, cancellationToken);
            if (holders.Count == 0)
                return [Unresolved(token, field, $"角色 {role} 没有在职人员。 / Role {role} has no active holder.")];
            return holders.Select(h => FromUser(token, field, h.UserName, h.DisplayName, h.Email, h.Culture)).ToList();
        }

        if (token.Contains('@', StringComparison.Ordinal))
        {
            EmailAddress address;
            try
            {
                address = new EmailAddress(token);
            }
            catch (ArgumentException)
            {
                return [Unresolved(token, field, $"邮箱地址无效：{token} / Not a valid address: {token}")];
            }
            var owner = await db.Users.AsNoTracking().Where(u => u.Email == address.Address && u.IsActive)
                .Select(u => new { u.UserName, u.DisplayName, u.Culture }).FirstOrDefaultAsync(cancellationToken);
            return owner is null
                ? [new ResolvedRecipient(token, field, address, null, address.Address.Split('@')[0], MailTemplateRenderer.DefaultCulture, null)]
                : [new ResolvedRecipient(token, field, new EmailAddress(address.Address, owner.DisplayName), owner.UserName, owner.DisplayName, owner.Culture, null)];
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == token && u.IsActive, cancellationToken);
        if (user is null) return [Unresolved(token, field, $"用户 {token} 不存在或已停用。 / User {token} does not exist or is disabled.")];
        return [FromUser(token, field, user.UserName, user.DisplayName, user.Email, user.Culture)];
    }

    private static ResolvedRecipient FromUser(string token, RecipientField field, string userName, string displayName, string? email, string culture)
    {
        if (string.IsNullOrWhiteSpace(email))
            return new ResolvedRecipient(token, field, null, userName, displayName, culture, $"用户 {userName} 没有邮箱地址。 / User {userName} has no e-mail address.");
        try
        {
            return new ResolvedRecipient(token, field, new EmailAddress(email.Trim(), displayName), userName, displayName, culture, null);
        }
        catch (ArgumentException)
        {
            return new ResolvedRecipient(token, field, null, userName, displayName, culture, $"用户 {userName} 的邮箱地址无效：{email} / User {userName} has an invalid address: {email}");
        }
    }

    private static ResolvedRecipient Unresolved(string token, RecipientField field, string problem) =>
        new(token, field, null, null, token, MailTemplateRenderer.DefaultCulture, problem);
}
