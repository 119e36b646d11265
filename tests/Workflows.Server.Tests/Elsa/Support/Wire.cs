using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Testing;

namespace Workflows.Server.Tests.Elsa.Support;

/// <summary>
/// Checks Elsa's wire shapes (shared/elsa-studio-api.md): member names and JSON kinds exactly as Studio's
/// case-sensitive client reads them. A shape is written as "name:kind" pairs; kinds are s (string), n (number),
/// b (bool), a (array), o (object), d (ISO date-time string), * (present, any value); a trailing ? also allows null.
/// </summary>
public static class Wire
{
    public const string ApiRoot = "/elsa/api";

    public static void Shape(JsonNode? node, string shape, string where = "response")
    {
        var obj = Assert.IsType<JsonObject>(node);
        foreach (var part in shape.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, kind) = (part[..part.IndexOf(':')], part[(part.IndexOf(':') + 1)..]);
            Assert.True(obj.ContainsKey(name), $"{where}: member '{name}' is missing in {Trim(obj)}");
            var value = obj[name];
            var nullable = kind.EndsWith('?');
            kind = kind.TrimEnd('?');
            if (value is null)
            {
                Assert.True(nullable, $"{where}: member '{name}' is null but must be {kind}");
                continue;
            }
            var ok = kind switch
            {
                "s" => value.GetValueKind() == JsonValueKind.String,
                "n" => value.GetValueKind() == JsonValueKind.Number,
                "b" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                "a" => value is JsonArray,
                "o" => value is JsonObject,
                "d" => value.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "*" => true,
                _ => throw new ArgumentException($"unknown kind {kind}"),
            };
            Assert.True(ok, $"{where}: member '{name}' should be {kind} but is {value.ToJsonString()}");
        }
    }

    /// <summary>Studio's client is case-sensitive: every member name of Elsa's models starts lower-case.</summary>
    public static void CamelCase(JsonObject obj, string where = "response")
    {
        foreach (var (name, _) in obj)
            Assert.True(name.Length > 0 && char.IsLower(name[0]), $"{where}: member '{name}' is not camelCase");
    }

    /// <summary>Studio indexes every activity by nodeId and shows an empty canvas when one is missing (pitfall 6).</summary>
    public static void Editable(JsonObject definition)
    {
        Shape(definition, DefinitionContractTests.DefinitionShape, "definition");
        CamelCase(definition, "definition");
        Assert.True(definition["isLatest"]!.GetValue<bool>());
        Link(definition["links"]!.AsArray(), "publish");
        var root = definition["root"]!.AsObject();
        Assert.Equal("Workflow1:" + root["id"], root["nodeId"]!.GetValue<string>());
        foreach (var activity in root["activities"]!.AsArray().OfType<JsonObject>())
        {
            Assert.Equal($"Workflow1:{root["id"]}:{activity["id"]}", activity["nodeId"]!.GetValue<string>());
            Assert.Equal(JsonValueKind.Number, activity["version"]!.GetValueKind());
        }
    }

    public static void Link(JsonArray links, string rel) =>
        Assert.Contains(links, l => l?["rel"]?.GetValue<string>() == rel);

    public static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string path) => await OkAsync(await client.GetAsync(ApiRoot + path));

    public static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonNode? body) => await OkAsync(await client.PostAsync(ApiRoot + path, Json(body)));

    public static StringContent Json(JsonNode? body) => new(body?.ToJsonString() ?? "", Encoding.UTF8, "application/json");

    /// <summary>The 400 body Studio shows: <c>errors</c> is an array of strings for people.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        var errors = Assert.IsType<JsonArray>(body["errors"]);
        Assert.NotEmpty(errors);
        return errors.Select(e => e!.GetValue<string>()).ToList();
    }

    /// <summary>A new definition as Studio's "Create workflow" posts it, with the given activities in its flowchart.</summary>
    public static JsonObject Model(string name, JsonObject[] activities, JsonObject[] connections, string? definitionId = null, params JsonObject[] variables)
    {
        var definition = Wf.Def(definitionId ?? "unused", activities, connections, variables).Json;
        foreach (var owned in new[] { "id", "version", "isLatest", "isPublished" }) definition.Remove(owned);
        if (definitionId is null) definition.Remove("definitionId");
        definition["name"] = name;
        return definition;
    }

    public static JsonObject Save(JsonObject model, bool publish = false) => new() { ["model"] = model.DeepClone(), ["publish"] = publish };

    /// <summary>Saves a small runnable definition (Start → WriteLine) and returns its wire form.</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient client, string name, bool publish = false, string text = "你好")
    {
        var model = Model(name, [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("write", text)], [Wf.Conn("start", "write")]);
        var saved = await PostAsync(client, "/workflow-definitions", Save(model, publish));
        return saved["workflowDefinition"]!.AsObject();
    }

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static string Trim(JsonObject obj)
    {
        var text = obj.ToJsonString();
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}
