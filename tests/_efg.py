"""Generated .efg game files for tests of large and hostile trees."""

from __future__ import annotations

__all__ = ["chain"]


def chain(depth: int) -> str:
    """A .efg centipede-like chain: ``depth`` decision nodes, players alternating, each
    choosing "S" (stop: a terminal paying ``k, -k`` at node k) or "G" (go on); the last
    "G" ends at ``0, 0``. It has ``2 * depth + 1`` nodes."""
    lines = ['EFG 2 R "chain" { "A" "B" }', '""', ""]
    for k in range(depth):
        lines.append(f'p "" {1 + k % 2} {k + 1} "" {{ "S" "G" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {-k} }}')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}')
    return "\n".join(lines) + "\n"
