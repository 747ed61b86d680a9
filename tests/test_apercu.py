"""The preview's background PDFs give way to the pages: their workers run at a lower
priority than the preview (MkDocs rebuilding the saved pages), whatever starts them."""

from __future__ import annotations

import os

from generator.apercu import PDF_NICENESS, _behind_the_pages
from generator.pdf_pool import PdfPool


def test_background_pdf_workers_run_behind_the_pages() -> None:
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    with PdfPool(size=2) as pool:
        pool.start(2)  # starting in the background: the workers are waited for
        _behind_the_pages(pool)
        assert len(pool.pids) == 2
        for pid in pool.pids:
            assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, ours + PDF_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the preview itself is untouched


def test_a_pool_with_nothing_to_render_is_left_alone() -> None:
    with PdfPool() as pool:
        _behind_the_pages(pool)  # no worker started: nothing to lower, nothing started
        assert pool.pids == []
