using System.Text;

namespace RdbPlanner.Planning;

/// <summary>
/// Minimal RFC 4180 reader for the catalog files (comma separator, optional double quotes, header row).
/// Planning takes no packages, and catalogs are small; files over <see cref="MaxFileBytes"/> are refused rather than read.
/// </summary>
internal sealed class CatalogCsv
{
    internal const long MaxFileBytes = 16 << 20;

    private readonly Dictionary<string, int> _columns;

    private CatalogCsv(string fileName, string[] header, List<(int Line, string[] Fields)> rows)
    {
        FileName = fileName;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++) _columns.TryAdd(header[i], i);
    }

    public string FileName { get; }

    public string[] Header { get; }

    public List<(int Line, string[] Fields)> Rows { get; }

    public static CatalogCsv Read(string path, IReadOnlyList<string> requiredColumns)
    {
        string fileName = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new PlanningException($"catalog: {path} not found");
        if (info.Length > MaxFileBytes) throw new PlanningException($"catalog: {fileName} is {info.Length} bytes, more than the {MaxFileBytes} allowed");
        string text = File.ReadAllText(path, Encoding.UTF8);
        var records = Parse(text, fileName);
        if (records.Count == 0) throw new PlanningException($"catalog: {fileName} is empty (expected a header row)");
        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var table = new CatalogCsv(fileName, header, records.Skip(1).ToList());
        foreach (var column in requiredColumns)
        {
            if (!table.Has(column))
                throw new PlanningException($"catalog: {fileName} has no column '{column}' (header: {string.Join(',', header)})");
        }
        foreach (var (line, fields) in table.Rows)
        {
            if (fields.Length != header.Length)
                throw new PlanningException($"catalog: {fileName} line {line}: {fields.Length} fields, header has {header.Length}");
        }
        return table;
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public string Get(string[] fields, string column) => fields[_columns[column]].Trim();

    private static List<(int Line, string[] Fields)> Parse(string text, string fileName)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        bool inQuotes = false, fieldQuoted = false, any = false;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    if (field.Length > 0 || fieldQuoted)
                        throw new PlanningException($"catalog: {fileName} line {line}: quote inside an unquoted field");
                    inQuotes = true;
                    fieldQuoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldQuoted = false;
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }
        if (inQuotes) throw new PlanningException($"catalog: {fileName} line {recordLine}: quoted field not closed at end of file");
        EndRecord();
        return records;

        void EndRecord()
        {
            if (any)
            {
                fields.Add(field.ToString());
                records.Add((recordLine, fields.ToArray()));
            }
            fields.Clear();
            field.Clear();
            fieldQuoted = false;
            any = false;
        }
    }
}
