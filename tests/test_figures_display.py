"""Figures returned by the library display as images in a fresh Jupyter kernel."""

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def test_bare_library_figure_renders_as_png_in_a_fresh_kernel():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from gametheory import NormalFormGame\n"
            "from gametheory.dynamics import replicator, plot_trajectory\n"
            "g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])\n"
            "plot_trajectory(g, replicator(g, t_max=2.0))"
        )
    ]
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3")
    client.execute()
    outputs = nb.cells[0].outputs
    kinds = [set(o.get("data", {})) for o in outputs]
    assert any("image/png" in k for k in kinds), outputs
