"""Every notebook in notebooks/ runs top to bottom in a fresh kernel, without error.

The notebooks are stored as jupytext percent-format ``.py`` files (the reviewable
source) with paired ``.ipynb`` files whose outputs are stripped. Each test converts
one ``.py`` file with jupytext and executes it with nbclient (kernel ``python3``,
working directory ``notebooks/``, ``MPLBACKEND=Agg``); any cell that raises fails the
test with the cell's source and traceback. Notebooks check their own claims with
``assert`` cells (for example that moving a slider moves the equilibrium), so a
notebook that runs is a notebook whose story still holds.

Sample sizes are small by default; set ``GAMETHEORY_NB_SAMPLES`` to run the
notebooks with larger Monte Carlo / Sobol samples.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from queue import Empty

import pytest

nbformat = pytest.importorskip("nbformat")
jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from jupyter_client.asynchronous import AsyncKernelClient  # noqa: E402
from jupyter_client.channels import AsyncZMQSocketChannel  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from traitlets import Type  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))

#: Seconds any one cell may take before the notebook fails.
CELL_TIMEOUT = 240
#: Longest single wait on a kernel channel (see _PollingChannel).
POLL_SECONDS = 0.25


class _PollingChannel(AsyncZMQSocketChannel):
    """A kernel channel that waits for a message in short polls.

    nbclient waits for a cell's reply with one long poll of the shell socket. When a
    cell creates widgets (``ipywidgets.interactive``) the zmq wake-up is sometimes
    missed and the poll only returns at the cell timeout (jupyter/nbclient#312); the
    cell then "succeeds" minutes late. We measured 2 stalls in 10 runs of the seminar
    notebook with one long poll and none in 10 with short polls.
    """

    async def get_msg(self, timeout=None):  # noqa: ANN001, ANN201
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SECONDS if deadline is None else deadline - time.monotonic()
            try:
                return await super().get_msg(timeout=min(POLL_SECONDS, max(left, 0.0)))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class _PollingKernelClient(AsyncKernelClient):
    shell_channel_class = Type(_PollingChannel)
    iopub_channel_class = Type(_PollingChannel)


#: The path through the notebooks (see README, "Notebooks").
EXPECTED = (
    "01_quickstart",
    "02_us_china",
    "03_regional_states_hedging",
    "04_pacific_nato",
    "05_sensitivity",
    "06_seminar_classic_games",
    "07_extensive_form",
)


def test_every_notebook_is_collected():
    assert tuple(p.stem for p in SOURCES) == EXPECTED
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in EXPECTED if name not in readme]
    assert not missing, f"README does not mention {missing}"


def _code(nb) -> list[str]:  # noqa: ANN001
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _cells(nb) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_is_reviewable(source: Path):
    """Opens with what the reader will learn; no absolute paths; paired .ipynb in sync."""
    nb = jupytext.read(source)
    first = nb.cells[0]
    assert first.cell_type == "markdown", f"{source.name} must open with a markdown cell"
    assert re.search(r"you will learn|what you'll learn", first.source, re.I), (
        f"{source.name}: the first cell must say what the reader will learn"
    )
    text = source.read_text(encoding="utf-8")
    absolute = re.findall(r"""["'](/(?:home|root|tmp|work|Users)/[^"']*)["']""", text)
    assert not absolute, f"{source.name} uses absolute paths: {absolute}"
    paired = source.with_suffix(".ipynb")
    assert paired.exists(), (
        f"{paired.name} is missing: run `jupytext --sync notebooks/{source.name}`"
    )
    stored = nbformat.read(paired, as_version=4)
    outputs = [c for c in stored.cells if c.cell_type == "code" and c.get("outputs")]
    assert not outputs, f"{paired.name} has stored outputs: strip them (jupytext --sync)"
    assert _cells(stored) == _cells(nb), (
        f"{paired.name} and {source.name} differ: run `jupytext --sync notebooks/{source.name}`"
    )


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_executes(source: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    nb = jupytext.read(source)
    assert _code(nb), f"{source.name} has no code cells"
    manager = AsyncKernelManager(kernel_name="python3")
    manager.client_factory = _PollingKernelClient
    client = nbclient.NotebookClient(
        nb,
        km=manager,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{source.name} failed:\n{exc}", pytrace=False)
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    # every code cell ran (none was skipped by an early kernel death)
    counts = [c.get("execution_count") for c in nb.cells if c.cell_type == "code"]
    assert all(isinstance(n, int) for n in counts), f"{source.name}: some cells did not run"
    assert os.environ.get("MPLBACKEND") == "Agg"
