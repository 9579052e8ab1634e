#!/usr/bin/env python3
# For valkey81-prerelease.txt: how many more bytes a Valkey build without valkey-io/valkey#1579 spends on the hashtable-
# encoded hashes of the dataset loaded in it than Valkey 8.1.1's layout (the one the valkey-8.1 model follows), field by
# field. Without #1579 an entry is a 16-byte header (value pointer, field offset, padding) plus the field sds, and the
# value is an sds of its own; with it, a field and value whose entry fits 128 bytes share one allocation (the value as
# an sdshdr8), larger ones keep a value pointer and an sds of at least type 8 for the field (valkey 8.1.1 t_hash.c).
# Usage: hash-entry-delta.py PORT   (a server on 127.0.0.1 with the dataset loaded; it is shut down at the end)
# Prints: fields, bytes.
import socket,bisect,sys
port=int(sys.argv[1])
s=socket.create_connection(('127.0.0.1',port)); f=s.makefile('rb')
def cmd(*a):
    s.sendall(b''.join([b'*%d\r\n'%len(a)]+[b'$%d\r\n%s\r\n'%(len(x),x) for x in (y if isinstance(y,bytes) else y.encode() for y in a)]))
    return rd()
def rd():
    l=f.readline(); t=l[:1]; r=l[1:-2]
    if t in b'+-': return r
    if t==b':': return int(r)
    if t==b'$':
        n=int(r); return None if n<0 else f.read(n+2)[:-2]
    if t==b'*': return [rd() for _ in range(int(r))]
# jemalloc lg-quantum 3 size classes (to 14 KiB is plenty for these fields)
cls=[8,16,24,32,40,48,56,64,80,96,112,128,160,192,224,256,320,384,448,512,640,768,896,1024,1280,1536,1792,2048,2560,3072,3584,4096,5120,6144,7168,8192,10240,12288,14336]
def rnd(n): return cls[bisect.bisect_left(cls,n)]
def sdsz(l): return l+2 if l<32 else (l+4 if l<256 else l+6)
cur=b'0'; tot=0; nf=0
while True:
    cur,keys=cmd('SCAN',cur,'COUNT','1000')
    for k in keys:
        if cmd('TYPE',k)!=b'hash' or cmd('OBJECT','ENCODING',k)!=b'hashtable': continue
        kv=cmd('HGETALL',k)
        for i in range(0,len(kv),2):
            fl,vl=len(kv[i]),len(kv[i+1])
            jan=rnd(16+sdsz(fl))+rnd(sdsz(vl))
            emb=sdsz(fl)+3+vl+1
            new=rnd(emb) if emb<=128 else rnd(8+max(sdsz(fl), fl+4))+rnd(sdsz(vl))
            tot+=jan-new; nf+=1
    if cur==b'0': break
print(nf, tot)
cmd('SHUTDOWN','NOSAVE')
