namespace RdbPlanner.Rdb;

/// <summary>Record opcodes (rdb.h of redis 7.4.1 and valkey 9.1.2; memory-model.md §8.1).</summary>
public static class RdbOpcode
{
    public const byte SlotImport = 243;     // Valkey >= 9.0: slot import state
    public const byte SlotInfo = 244;       // Redis 7.4 (v12) cluster saves: len slot, len keys, len expires
    public const byte Function2 = 245;      // v10 (7.0): library source string
    public const byte FunctionPreGa = 246;  // 7.0-rc only; 7.2 and Valkey refuse it
    public const byte ModuleAux = 247;      // v9: module id, then a module opcode stream
    public const byte Idle = 248;           // v9: LRU idle seconds (length-encoded)
    public const byte Freq = 249;           // v9: LFU counter, 1 byte
    public const byte Aux = 250;            // v7: string key, string value
    public const byte ResizeDb = 251;       // v7: len db_size, len expires_size
    public const byte ExpireTimeMs = 252;   // v3+: int64 LE milliseconds
    public const byte ExpireTime = 253;     // v1: int32 LE seconds
    public const byte SelectDb = 254;       // v1: len db number
    public const byte Eof = 255;            // then CRC64 LE for v >= 5
}
