"""Selection networks for the median filters of Astro Fiji (org.astrofiji.core.stats).

Writes MedianNetworks.java:
    /usr/bin/python3 src/build/median_networks.py src/main/java/org/astrofiji/core/stats/MedianNetworks.java

Method: the k x k window is k sorted columns. Columns are sorted with Batcher's odd-even merge sort;
a tile of adjacent windows shares the merge of their common columns (Batcher's odd-even merge of
sorted lists, padded with virtual +infinity wires), keeps only the ranks that can still be the median
once the remaining columns are added, and recurses into halves of the tile until one window is left.
Every network is then pruned backwards to the comparisons the outputs depend on, and verified on
random inputs against a plain sort.
"""
import random
class Net:
    def __init__(s, nwires): s.ops=[]; s.n=nwires
    def new(s): s.n+=1; return s.n-1
    def ce(s,a,b): s.ops.append(('ce',a,b))
    def cp(s,src): d=s.new(); s.ops.append(('cp',d,src)); return d
def oem(a, b, net):
    n = max(len(a), len(b)); p = 1
    while p < n: p *= 2
    wires = a + [None]*(p-len(a)) + b + [None]*(p-len(b))
    def ce(i, j):
        x, y = wires[i], wires[j]
        if y is None: return
        if x is None: wires[i], wires[j] = y, None; return
        net.ce(x, y)
    def merge(lo, n2, r):
        step = r*2
        if step < n2:
            merge(lo, n2, step); merge(lo+r, n2, step)
            for i in range(lo+r, lo+n2-r, step): ce(i, i+r)
        else: ce(lo, lo+r)
    merge(0, 2*p, 1)
    return [w for w in wires if w is not None]
def sortnet(ws, net):
    if len(ws) <= 1: return ws
    m = len(ws)//2
    return oem(sortnet(ws[:m], net), sortnet(ws[m:], net), net)
def merge_many(lists, net):
    while len(lists) > 1:
        nl = [oem(lists[i], lists[i+1], net) for i in range(0, len(lists)-1, 2)]
        if len(lists) % 2: nl.append(lists[-1])
        lists = nl
    return lists[0]
def prune(ops, needed):
    need=set(needed); out=[]
    for op in reversed(ops):
        if op[0]=='cp':
            _,d,s=op
            if d in need: out.append(op); need.discard(d); need.add(s)
        else:
            _,a,b=op; na,nb=a in need,b in need
            if na or nb: out.append(('ce',a,b,na,nb)); need|={a,b}
    return list(reversed(out))
def run(ops, vals):
    w=dict(vals)
    for op in ops:
        if op[0]=='cp': w[op[1]]=w[op[2]]
        else:
            a,b=op[1],op[2]; lo,hi=min(w[a],w[b]),max(w[a],w[b]); w[a],w[b]=lo,hi
    return w
def tile(k, P, kh=None):
    """P horizontally adjacent windows of k columns of kh (default k) sorted values each.

    Inputs: wires c * kh + j, column c (0 .. k + P - 2), sorted ascending in j. Returns the pruned
    ops, the output wire of each window and the number of columns."""
    kh = k if kh is None else kh
    ncol = k + P - 1
    N = k * kh
    m = (N - 1) // 2
    net = Net(ncol * kh)
    cols = [[c * kh + j for j in range(kh)] for c in range(ncol)]
    outs = [None] * P

    def rec(pix, L, off, used):
        common = set.intersection(*[set(range(p, p + k)) for p in pix])
        new = sorted(common - used)
        if new:
            # columns may be shared by sibling subtrees: those get copies
            cl = [list(cols[c]) if len(pix) == P else [net.cp(w) for w in cols[c]] for c in new]
            merged = merge_many(cl, net)
            L = oem(L, merged, net) if L else merged
        if len(pix) == 1:
            outs[pix[0]] = L[m - off]
            return
        r = N - len(common) * kh          # values the windows below still add
        lo = max(0, m - r - off)          # ranks below lo are below every median: dropped, counted in off
        hi = min(len(L) - 1, m - off)     # ranks above hi are above every median
        Lc = L[lo:hi + 1]
        h = len(pix) // 2
        for part in (pix[:h], pix[h:]):
            rec(part, [net.cp(w) for w in Lc], off + lo, common)
    rec(list(range(P)), [], 0, set())
    return prune(net.ops, outs), outs, ncol


def cost(ops): return sum(0 if o[0]=='cp' else (2 if o[3] and o[4] else 1) for o in ops)
def verify(k, P, ops, outs, ncol, kh=None):
    kh = k if kh is None else kh
    for _ in range(3000):
        v = [random.randint(0, 9) for _ in range(kh * ncol)]
        cols = [sorted(v[c * kh:(c + 1) * kh]) for c in range(ncol)]
        flat = {c * kh + j: cols[c][j] for c in range(ncol) for j in range(kh)}
        w = run(ops, flat)
        for p in range(P):
            win = [x for c in range(p, p + k) for x in cols[c]]
            assert w[outs[p]] == sorted(win)[(k * kh - 1) // 2], (k, kh, P, p)
def _selftest():
  for k in (3,5,7):
    for P in (1,2,4,8):
        ops,outs,ncol=tile(k,P); verify(k,P,ops,outs,ncol)
        print('k',k,'P',P,'minmax per pixel',cost(ops)/P,'copies',sum(o[0]=='cp' for o in ops))


# ---------------------------------------------------------------------------------------------
# Java code generation


def java_ops(ops, name):
    """Lines applying the pruned ops to int locals named <name><wire>."""
    lines = []
    for op in ops:
        if op[0] == 'cp':
            lines.append(f"int {name}{op[1]} = {name}{op[2]};")
        else:
            _, a, b, na, nb = op
            if na and nb:
                lines.append(f"t = {name}{a}; {name}{a} = Math.min(t, {name}{b}); {name}{b} = Math.max(t, {name}{b});")
            elif na:
                lines.append(f"{name}{a} = Math.min({name}{a}, {name}{b});")
            else:
                lines.append(f"{name}{b} = Math.max({name}{a}, {name}{b});")
    return lines


def used_inputs(ops, ninputs, outs):
    used = set(outs)
    for op in ops:
        if op[0] == 'cp':
            used.add(op[2])
        else:
            used.add(op[1]); used.add(op[2])
    return sorted(w for w in used if w < ninputs)


def gen_sort(k):
    net = Net(k)
    wires = sortnet(list(range(k)), net)
    for _ in range(2000):  # verify: the wires in position order hold the sorted values
        v = [random.randint(0, 5) for _ in range(k)]
        w = run(net.ops, dict(enumerate(v)))
        assert [w[x] for x in wires] == sorted(v)
    # sorting network applied in place on a[off..off+k)
    ops = [op for op in net.ops]
    lines = [f"\t/** Sorts a[off .. off + {k}) (Batcher's odd-even merge sort). */",
             f"\tstatic void sort{k}(int[] a, int off) {{"]
    lines.append("\t\tint t;")
    for i in range(k):
        lines.append(f"\t\tint v{i} = a[off + {i}];")
    for op in ops:
        _, x, y = op
        lines.append(f"\t\tt = v{x}; v{x} = Math.min(t, v{y}); v{y} = Math.max(t, v{y});")
    # the merge network sorts wire positions in the order returned by sortnet
    for pos, w in enumerate(wires):
        lines.append(f"\t\ta[off + {pos}] = v{w};")
    lines.append("\t}")
    return lines


def gen_tile(k, P):
    ops, outs, ncol = tile(k, P)
    verify(k, P, ops, outs, ncol)
    ins = used_inputs(ops, ncol * k, outs)
    lines = [f"\t/**",
             f"\t * Medians of {P} adjacent {k}x{k} windows from {ncol} sorted columns of {k} keys at",
             f"\t * cs[base + c * {k} + j]; window p covers columns p .. p + {k - 1}. Results to out[o .. o + {P}).",
             f"\t * {len([x for x in ops if x[0] == 'ce'])} comparisons for {P} pixels.",
             f"\t */",
             f"\tstatic void tile{k}(int[] cs, int base, int[] out, int o) {{",
             "\t\tint t;"]
    for w in ins:
        lines.append(f"\t\tint w{w} = cs[base + {w}];")
    lines += ["\t\t" + l for l in java_ops(ops, "w")]
    for p, w in enumerate(outs):
        lines.append(f"\t\tout[o + {p}] = w{w};")
    lines.append("\t}")
    return lines


def gen_line(n, P):
    ops, outs, ncol = tile(n, P, 1)
    verify(n, P, ops, outs, ncol, 1)
    ins = used_inputs(ops, ncol, outs)
    lines = [f"\t/**",
             f"\t * Medians of {P} successive windows of {n} along a line: window p holds v[off + (p + i) * stride],",
             f"\t * i < {n}; results to out[o + p * ostride]. {len([x for x in ops if x[0] == 'ce'])} comparisons for {P} pixels.",
             f"\t */",
             f"\tstatic void line{n}(int[] v, int off, int stride, int[] out, int o, int ostride) {{",
             "\t\tint t;"]
    for w in ins:
        lines.append(f"\t\tint w{w} = v[off + {w} * stride];" if w else f"\t\tint w{w} = v[off];")
    lines += ["\t\t" + l for l in java_ops(ops, "w")]
    for p, w in enumerate(outs):
        lines.append(f"\t\tout[o + {p} * ostride] = w{w};" if p else f"\t\tout[o] = w{w};")
    lines.append("\t}")
    return lines


TILE = 4


def generate():
    out = ["package org.astrofiji.core.stats;", "",
           "/**",
           " * Generated by src/build/median_networks.py (do not edit): selection networks for the median filters.",
           " * Square windows: the columns of each window are sorted first (Batcher's odd-even merge sort); " + str(TILE),
           " * adjacent windows then share the merge of their common columns (only the ranks that can still become",
           " * a median are kept), and each finishes with its own columns. 1-D windows: the same with columns of",
           " * one value. Every network is pruned to the comparisons its outputs depend on. Keys are MedianFilter",
           " * keys (ints that order like the floats).",
           " */",
           "final class MedianNetworks {", "",
           f"\t/** Windows per call of the tile methods. */",
           f"\tstatic final int TILE = {TILE};", "",
           "\tprivate MedianNetworks() {}", ""]
    for k in (3, 5, 7):
        out += gen_sort(k) + [""]
        out += gen_tile(k, TILE) + [""]
    for n in (3, 5, 7, 9):
        out += gen_line(n, TILE) + [""]
    out[-1:] = ["}", ""]
    return "\n".join(out)


if __name__ == '__main__':
    import sys
    if len(sys.argv) > 1:
        open(sys.argv[1], 'w').write(generate())
