using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Http;

/// <summary>Settings of one HTTP endpoint as a trigger or a bookmark (Elsa's HttpEndpointBookmarkPayload).</summary>
public sealed record EndpointSettings(bool Authorize, string? Policy, long? RequestSizeLimit, bool ExposeRequestTooLarge)
{
    public static EndpointSettings FromBookmarkPayload(JsonObject? payload) => new(
        payload?.GetBool("authorize") == true,
        payload?.GetString("policy") is { Length: > 0 } p ? p : null,
        payload?["requestSizeLimit"] is JsonValue v && v.TryGetValue<long>(out var limit) ? limit : null,
        payload?.GetBool("exposeRequestTooLargeOutcome") == true);
}

/// <summary>An HttpEndpoint that starts a published definition: on the root flowchart, marked "trigger workflow" or first in its flow.</summary>
public sealed record HttpTriggerRoute(string DefinitionId, string DefinitionVersionId, string ActivityId, string Route, IReadOnlyList<string> Methods, EndpointSettings Settings);

/// <summary>
/// The trigger routes of the published definitions (Elsa's route table and trigger store). Rebuilt when the set of
/// published versions changes; only the ids are read per request.
/// </summary>
public sealed class HttpRouteTable
{
    private readonly Lock _gate = new();
    private (string Key, IReadOnlyList<HttpTriggerRoute> Routes) _cache = ("", []);

    public async Task<IReadOnlyList<HttpTriggerRoute>> GetAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var ids = await db.Definitions.AsNoTracking().Where(d => d.IsPublished).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        var key = string.Join(',', ids);
        lock (_gate)
            if (_cache.Key == key) return _cache.Routes;

        var definitions = await db.Definitions.AsNoTracking().Where(d => d.IsPublished).Select(d => new { d.Id, d.DefinitionId, d.Json }).ToListAsync(cancellationToken);
        var routes = definitions.SelectMany(d => Find(d.DefinitionId, d.Id, JsonNode.Parse(d.Json) as JsonObject)).ToList();
        lock (_gate) _cache = (key, routes);
        return routes;
    }

    public static IEnumerable<HttpTriggerRoute> Find(string definitionId, string versionId, JsonObject? definition)
    {
        var root = definition?.GetObject("root");
        if (root?.GetArray("activities") is not { } activities) yield break;
        var targets = (root.GetArray("connections") ?? []).OfType<JsonObject>()
            .Select(c => c.GetObject("target")?.GetString("activity") ?? c.GetString("target")).Where(t => t is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var activity in activities.OfType<JsonObject>())
        {
            if (ActivityJson.Type(activity) != HttpEndpointActivity.TypeName) continue;
            var id = ActivityJson.Id(activity);
            var canStart = activity.GetObject("customProperties")?.GetBool("canStartWorkflow");
            if (canStart == false || (canStart is null && targets.Contains(id))) continue;
            if (Literal(activity, "path") is not { } pathNode || ValueConversion.ToText(pathNode) is not { Length: > 0 } path) continue;
            var methods = ValueConversion.ToStringList(Literal(activity, "supportedMethods")).Select(m => m.ToLowerInvariant()).Distinct().ToList();
            if (methods.Count == 0) methods = ["get"];
            var settings = new EndpointSettings(
                ValueConversion.ToBool(Literal(activity, "authorize")) == true,
                ValueConversion.ToText(Literal(activity, "policy")) is { Length: > 0 } policy ? policy : null,
                ValueConversion.ToNumber(Literal(activity, "requestSizeLimit")) is { } limit ? (long)limit : null,
                activity.GetBool("exposeRequestTooLargeOutcome") == true);
            yield return new HttpTriggerRoute(definitionId, versionId, id, HttpBookmarks.NormalizeRoute(path), methods, settings);
        }
    }

    /// <summary>A trigger's route is indexed from literal inputs (Elsa evaluates them when indexing; scripts are not indexed here).</summary>
    private static JsonNode? Literal(JsonObject activity, string member)
    {
        var expression = activity.GetObject(member)?.GetObject("expression");
        return expression?.GetString("type") is "Literal" or "Object" ? expression["value"] : null;
    }

    /// <summary>Elsa's RouteMatcher: ASP.NET's route templates ("orders/{id}", "files/{*rest}"); null when no match.</summary>
    public static JsonObject? Match(string routeTemplate, string path)
    {
        RouteTemplate template;
        try
        {
            template = TemplateParser.Parse(routeTemplate.TrimStart('/'));
        }
        catch (ArgumentException)
        {
            return null;
        }
        var defaults = new RouteValueDictionary();
        foreach (var parameter in template.Parameters)
            if (parameter.DefaultValue is not null && parameter.Name is not null) defaults[parameter.Name] = parameter.DefaultValue;
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(template, defaults).TryMatch(path, values)) return null;
        var data = new JsonObject();
        foreach (var (name, value) in values) data[name] = value?.ToString();
        return data;
    }
}
