"""Positions for the viewer: communities apart, each laid out by a fast force layout, components packed.

    community_layout(graph, seed=0) -> {node: (x, y)}   what the viewer draws (natural edge length 1)
    force_layout(graph, seed=0)     -> {node: (x, y)}   one force layout of the whole graph

One force layout of a news graph is a ball: the hubs (the United States, Donald Trump) pull every
story into the middle. ``community_layout`` finds communities (networkx's Louvain, seeded), lays out
each community on its own, places the communities by a force layout of the graph of communities
(weighted by the links between them) scaled so that they do not overlap, then packs the connected
components in rows, biggest first. Deterministic for a given seed.
"""
from __future__ import annotations

import math

import networkx as nx

__all__ = ["community_layout", "force_layout", "pack_components"]

#: Components up to this size are laid out in one piece (communities would only cut them up).
SMALL_COMPONENT = 40


def community_layout(graph, seed: int = 0) -> dict:
    """Positions for every node of ``graph`` (directed or not, multi or not), communities apart."""
    import numpy as np

    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    nodes = list(simple)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pos = np.zeros((len(nodes), 2))
    for part in nx.connected_components(simple):
        component = simple.subgraph(part)
        if len(part) <= SMALL_COMPONENT:
            placed = _positions(component, seed)
        else:
            placed = _communities_apart(component, seed)
        for node, xy in placed.items():
            pos[index[node]] = xy
    packed = pack_components(simple, nodes, index, pos)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, packed)}


def _positions(graph, seed: int) -> dict:
    """force_layout of one connected piece, centred on its centroid."""
    placed = force_layout(graph, seed=seed)
    cx = sum(x for x, _ in placed.values()) / len(placed)
    cy = sum(y for _, y in placed.values()) / len(placed)
    return {node: (x - cx, y - cy) for node, (x, y) in placed.items()}


def _communities_apart(component, seed: int) -> dict:
    """Louvain communities, each laid out alone, placed by the graph of communities, overlaps removed."""
    communities = sorted(nx.community.louvain_communities(component, seed=seed), key=lambda c: (-len(c), min(map(str, c))))
    member = {node: number for number, community in enumerate(communities) for node in community}
    shapes = [_positions(component.subgraph(community), seed) for community in communities]
    radii = [max(math.hypot(x, y) for x, y in shape.values()) + 1.0 for shape in shapes]
    between = nx.Graph()
    between.add_nodes_from(range(len(communities)))
    for u, v in component.edges():
        a, b = member[u], member[v]
        if a != b:
            weight = between.get_edge_data(a, b, {"weight": 0})["weight"]
            between.add_edge(a, b, weight=weight + 1)
    spread = sum(radii) / len(radii)
    centres = nx.spring_layout(between, weight="weight", seed=seed, scale=spread * len(radii) ** 0.5)
    centres = _separate([centres[i] for i in range(len(communities))], radii)
    return {node: (centres[number][0] + x, centres[number][1] + y)
            for number, shape in enumerate(shapes) for node, (x, y) in shape.items()}


def _separate(centres, radii, gap: float = 1.5, rounds: int = 200) -> list:
    """Push overlapping circles apart along the line between their centres until none overlap."""
    import numpy as np

    c = np.array(centres, dtype=float)
    r = np.array(radii, dtype=float)
    for _ in range(rounds):
        moved = False
        for i in range(len(c)):
            d = c[i] - c
            dist = np.hypot(d[:, 0], d[:, 1])
            need = r[i] + r + gap
            overlap = (dist < need) & (np.arange(len(c)) != i)
            if not overlap.any():
                continue
            moved = True
            dist = np.maximum(dist, 1e-6)
            push = ((need - dist) / dist)[overlap, None] * d[overlap] / 2
            c[i] += push.sum(axis=0)
            c[overlap] -= push
        if not moved:
            break
    return [tuple(xy) for xy in c]


def pack_components(graph, nodes, index, pos, gap: float = 2.0, aspect: float = 1.6):
    """Move each connected component, keeping its shape, into rows: biggest first, left to right.

    A force layout alone puts small components on a ring far around the big one (their repulsion
    and the pull to the centre balance out there), which wastes the screen.
    """
    import numpy as np

    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    groups = sorted((np.array(sorted(index[node] for node in part)) for part in parts),
                    key=lambda ids: (-len(ids), int(ids[0])))
    boxes = []
    for ids in groups:
        low, high = pos[ids].min(axis=0), pos[ids].max(axis=0)
        boxes.append((ids, low, high - low + gap))
    total = sum(float(size[0] * size[1]) for _, _, size in boxes)
    width = max(math.sqrt(total * aspect), float(boxes[0][2][0]))
    placed = np.empty_like(pos)
    x = y = row = 0.0
    for ids, low, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row = 0.0, y + row, 0.0
        placed[ids] = pos[ids] - low + (x, y)
        x += size[0]
        row = max(row, float(size[1]))
    return placed - (placed.min(axis=0) + placed.max(axis=0)) / 2


def force_layout(graph, iterations: int = 50, seed: int = 0, gravity: float = 0.02) -> dict:
    """Positions for every node of ``graph``: a Fruchterman-Reingold layout that scales to 10k nodes.

    Natural edge length is 1. Repulsion between all pairs is split the particle-mesh way: exact
    between nodes in neighbouring grid cells, and for the rest from the grid's density convolved
    (by FFT) with the ``r/|r|^2`` kernel, so one iteration costs O(n + E + G^2 log G) instead of
    O(n^2). Connected components are then packed in rows, biggest first. networkx's
    ``spring_layout`` gives the same picture but took 16 s for 5,000 nodes at 15 iterations here;
    this takes under a second (see ``benchmarks/viewer_speed.py``). Deterministic for a given seed.
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v}
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    src, dst = edges[:, 0], edges[:, 1]

    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = (rng.random((n, 2)) - 0.5) * side
    temperature = side / 6
    cooling = temperature / (iterations + 1)
    cells = int(min(128, max(8, math.ceil(side))))
    kernel = _far_field_kernel(cells)
    for _ in range(iterations):
        disp = _repulsion(pos, cells, kernel)
        # attraction d^2 along edges
        if len(src):
            d = pos[src] - pos[dst]
            pull = d * np.sqrt((d * d).sum(axis=1))[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst, pull[:, axis], n) - np.bincount(src, pull[:, axis], n)
        disp -= pos * gravity
        length = np.sqrt((disp * disp).sum(axis=1))
        pos += disp * (np.minimum(length, temperature) / np.maximum(length, 1e-9))[:, None]
        temperature -= cooling
    placed = pack_components(graph, nodes, index, pos)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, placed)}


def _far_field_kernel(cells: int):
    """The FFTs of the ``r/|r|^2`` kernel on a G x G grid, laid out for circular convolution on 2G x 2G."""
    import numpy as np

    shape = (2 * cells, 2 * cells)
    offsets = np.arange(-cells + 1, cells)
    ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = (ox * ox + oy * oy).astype(float)
    r2[(np.abs(ox) <= 1) & (np.abs(oy) <= 1)] = np.inf  # the near field is computed exactly
    kernel_x, kernel_y = np.zeros(shape), np.zeros(shape)
    kernel_x[ox % shape[0], oy % shape[1]] = ox / r2
    kernel_y[ox % shape[0], oy % shape[1]] = oy / r2
    return shape, np.fft.rfft2(kernel_x), np.fft.rfft2(kernel_y)


#: Up to this many nodes the repulsion is summed over all pairs (cheaper than the grid's fixed cost).
ALL_PAIRS = 400


def _repulsion(pos, cells: int, kernel):
    """The 1/d repulsion on every node: far field from the grid density, near field exactly."""
    import numpy as np

    n = len(pos)
    if n <= ALL_PAIRS:
        d = pos[:, None, :] - pos[None, :, :]
        d2 = np.maximum((d * d).sum(axis=2), 1e-4)
        np.fill_diagonal(d2, np.inf)
        return (d / d2[:, :, None]).sum(axis=1)
    shape, fft_x, fft_y = kernel
    disp = np.zeros((n, 2))
    low = pos.min(axis=0)
    h = max(float((pos.max(axis=0) - low).max()) / cells * 1.0001, 1e-6)
    cell = np.minimum(((pos - low) / h).astype(np.int64), cells - 1)
    # far field: density * kernel, read at each node's cell
    density = np.zeros(shape)
    np.add.at(density, (cell[:, 0], cell[:, 1]), 1.0)
    fft_density = np.fft.rfft2(density)
    disp[:, 0] += (np.fft.irfft2(fft_density * fft_x, shape) / h)[cell[:, 0], cell[:, 1]]
    disp[:, 1] += (np.fft.irfft2(fft_density * fft_y, shape) / h)[cell[:, 0], cell[:, 1]]
    # near field: exact 1/d repulsion from the nodes in the 3 x 3 cells around each node
    key = cell[:, 0] * (cells + 2) + cell[:, 1]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    everyone = np.arange(n)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            target = key + dx * (cells + 2) + dy
            lo = np.searchsorted(sorted_key, target, "left")
            count = np.searchsorted(sorted_key, target, "right") - lo
            total = int(count.sum())
            if total == 0:
                continue
            a = np.repeat(everyone, count)
            b = order[np.arange(total) + np.repeat(lo - (np.cumsum(count) - count), count)]
            keep = a != b
            a, b = a[keep], b[keep]
            d = pos[a] - pos[b]
            d2 = np.maximum((d * d).sum(axis=1), 1e-4)
            disp[:, 0] += np.bincount(a, d[:, 0] / d2, n)
            disp[:, 1] += np.bincount(a, d[:, 1] / d2, n)
    return disp
