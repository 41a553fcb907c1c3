#!/usr/bin/env python3
"""Checks that docketd's layers only look down and that no part of the
daemon includes itself round a loop.

The layers, from the bottom: daemon/storage, daemon/records,
daemon/workflow, daemon/views, daemon/services, then daemon/ itself
(docket-daemon.c and docketd.c). A file may include headers from its own
layer or below. A module is a .c file with its .h (and -private.h); a
cycle is two or more modules that include each other, directly or
through others. Prints every violation and exits 1 when there is one.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAEMON = os.path.join(ROOT, "daemon")
LAYERS = ["storage", "records", "workflow", "views", "services", ""]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of(name):
    base = os.path.splitext(name)[0]
    return base[: -len("-private")] if base.endswith("-private") else base


def scan():
    files = {}  # basename -> layer
    for layer in LAYERS:
        folder = os.path.join(DAEMON, layer)
        for name in sorted(os.listdir(folder)):
            if name.endswith((".c", ".h")):
                if name in files:
                    sys.exit(f"check-layers: {name} is in two layers")
                files[name] = layer
    return files


def main():
    files = scan()
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    layer_of_module = {}
    edges = {}
    problems = []
    for name, layer in files.items():
        mod = module_of(name)
        layer_of_module[mod] = layer
        path = os.path.join(DAEMON, layer, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            inc = os.path.basename(inc)
            if inc not in files:
                continue  # common/, config.h, generated code
            target_layer = files[inc]
            if rank[target_layer] > rank[layer]:
                problems.append(f"upward include: daemon/{os.path.join(layer, name)} "
                                f"({layer or 'daemon'}) includes {inc} ({target_layer or 'daemon'})")
            target = module_of(inc)
            if target != mod:
                edges.setdefault(mod, set()).add(target)

    # Tarjan's strongly connected components: any with two or more
    # modules is a cycle.
    index, low, stack, on_stack, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(layer_of_module):
        if v not in index:
            visit(v)
    for comp in sccs:
        problems.append("include cycle: " + " <-> ".join(comp))

    for p in problems:
        print(p)
    n = len(layer_of_module)
    if problems:
        print(f"check-layers: {len(problems)} problem(s) in {n} modules")
        return 1
    print(f"check-layers: {n} modules, every include looks down, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
