namespace RdbPlanner.Rdb;

// Module values (type 7) and MODULE_AUX: both end in a self-describing opcode stream that can be skipped without the
// module (rdb.c rdbLoadCheckModuleValue, redis 7.2.4; memory-model.md §8.3).
internal sealed partial class RdbReader
{
    private const ulong ModuleOpEof = 0;
    private const ulong ModuleOpSint = 1;
    private const ulong ModuleOpUint = 2;
    private const ulong ModuleOpFloat = 3;
    private const ulong ModuleOpDouble = 4;
    private const ulong ModuleOpString = 5;

    // moduleTypeNameByID (module.c): nine 6-bit characters from this set, the first in the top bits of the id.
    private static readonly char[] s_moduleCharset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray();

    private ulong _lastModuleId;
    private string _lastModuleName = "";

    /// <summary>Name of a module type from its 64-bit id (54-bit name signature; low 10 bits = encoding version).</summary>
    public static string ModuleNameFromId(ulong moduleId)
    {
        Span<char> name = stackalloc char[9];
        ulong bits = moduleId >> 10;
        for (int i = 8; i >= 0; i--)
        {
            name[i] = s_moduleCharset[(int)(bits & 63)];
            bits >>= 6;
        }
        return new string(name);
    }

    private string CachedModuleName(ulong id)
    {
        if (id != _lastModuleId || _lastModuleName.Length == 0)
        {
            _lastModuleId = id;
            _lastModuleName = ModuleNameFromId(id);
        }
        return _lastModuleName;
    }

    private void ReadModuleValue(IRdbValueSink sink)
    {
        sink.BeginValue(RdbValueType.Module2, -1);
        long start = Position;
        ulong id = ReadLength();
        SkipModuleOpcodes();
        sink.Module(id, CachedModuleName(id), Position - start);
    }

    /// <summary>MODULE_AUX: len(module id), UINT opcode + len(when), then the opcode stream (rdb.c, redis 7.2.4).</summary>
    private void ReadModuleAux()
    {
        ulong id = ReadLength();
        long whenAt = Position;
        ulong whenOpcode = ReadLength();
        if (whenOpcode != ModuleOpUint)
            RdbThrow.Format(whenAt, $"MODULE_AUX 'when' has opcode {whenOpcode}, expected {ModuleOpUint} (UINT)");
        ReadLength();
        SkipModuleOpcodes();
        _visitor.ModuleAux(id, CachedModuleName(id));
    }

    private void SkipModuleOpcodes()
    {
        while (true)
        {
            long at = Position;
            ulong op = ReadLength();
            switch (op)
            {
                case ModuleOpEof:
                    return;
                case ModuleOpSint:
                case ModuleOpUint:
                    ReadLength();
                    break;
                case ModuleOpFloat:
                    Skip(4);
                    break;
                case ModuleOpDouble:
                    Skip(8);
                    break;
                case ModuleOpString:
                    SkipString();
                    break;
                default:
                    RdbThrow.Format(at, $"unknown module opcode {op}");
                    break;
            }
        }
    }
}
