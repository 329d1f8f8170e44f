"""Reading and writing files: Gambit games, atomic writes of outputs."""

from .atomic import atomic_directory, atomic_write_bytes, atomic_write_text

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_directory"]
