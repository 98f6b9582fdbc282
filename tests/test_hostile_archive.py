"""One of each hostile file of issue 12 beside good documents, imported in a fresh process with two
workers: every good document stored, one failure row per bad file, no traceback, under 1 GB.

The archive is bench/hostile_archive.py's at its small size (``python bench/hostile_archive.py``
imports it at full size through the CLI)."""
from __future__ import annotations

from paths import bench_module

hostile = bench_module("hostile_archive")


def test_an_archive_of_hostile_files_imports_every_good_document_and_one_failure_per_bad_file(tmp_path):
    archive = hostile.build(tmp_path, hostile.SMALL)
    outcome = hostile.run_import(archive, tmp_path / "store.sqlite", hostile.SMALL)
    assert hostile.check(archive, outcome) == []
    assert outcome["code"] == 1  # some files failed, as they should
    assert len(outcome["documents"]) == len(archive.good)
    assert len(outcome["failures"]) == len(archive.bad)
