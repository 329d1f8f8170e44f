"""Shared test set-up.

pytest imports this file before any test below ``tests/`` (the fuzz tests
included), and with it puts ``tests/`` on ``sys.path``: the helper modules beside it
(``_efg.py``, ``_calibration.py``, ``_reports.py``, ...) import as ``from _efg import
chain`` from every test file, also when only ``tests/fuzz`` runs.
"""
