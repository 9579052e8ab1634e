using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// plan.json: the whole <see cref="PlanResult"/> with camelCase names taken from the record members (so they stay
/// stable as long as members are only added), engines as "redis-7.2", enums as lower-case words, preceded by
/// <c>schemaVersion</c>. Money is written as exact decimals, bytes as integers.
/// Serialization metadata comes from the source-generated <see cref="PlanJsonContext"/>, not reflection, so the same
/// code runs in the JIT build and the Native AOT binary (which has reflection-based serialization disabled).
/// </summary>
public static class PlanJson
{
    /// <summary>Raised when a member is renamed or removed (additions keep the version).</summary>
    public const int SchemaVersion = 1;

    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    private static readonly JsonTypeInfo<PlanResult> s_planInfo = (JsonTypeInfo<PlanResult>)SerializerOptions.GetTypeInfo(typeof(PlanResult));

    public static void Write(PlanResult plan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stream);
        var element = JsonSerializer.SerializeToElement(plan, s_planInfo);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = SerializerOptions.Encoder });
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("tool", "rdbplanner");
        foreach (var property in element.EnumerateObject()) property.WriteTo(writer);
        writer.WriteEndObject();
        writer.Flush();
    }

    public static string ToJson(PlanResult plan)
    {
        using var ms = new MemoryStream();
        Write(plan, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            // Keys and paths may hold any bytes; keep them readable but safe (no HTML-escaping of '+', '&' …).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = PlanJsonContext.Default,
        };
        // Converters given here take precedence over the generated metadata. The generic enum converter replaces the
        // non-generic JsonStringEnumConverter, which needs run-time code generation; PlanResult has one enum besides
        // EngineModel (PlanJsonTests checks that every enum it reaches has a converter here).
        options.Converters.Add(new EngineModelConverter());
        options.Converters.Add(new JsonStringEnumConverter<ClusterModeOption>(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Engines as users type them: redis-7.0, redis-7.2, valkey-8.0, valkey-8.1, valkey-9.1.</summary>
    private sealed class EngineModelConverter : JsonConverter<EngineModel>
    {
        public override EngineModel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? text = reader.GetString();
            return text is not null && EngineModelNames.TryParse(text, out var model)
                ? model
                : throw new JsonException($"unknown engine '{text}'");
        }

        public override void Write(Utf8JsonWriter writer, EngineModel value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
    }
}

/// <summary>
/// Compile-time serialization metadata for plan.json. The options repeat <see cref="PlanJson.SerializerOptions"/>'s
/// (which is what is used at run time) so names come out camelCase whichever options the metadata is read with.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PlanResult))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
