"""The receipts ``receive`` writes beside each package it stored: the signed ``.hgr`` and the printable Giấy biên
nhận PDF (DOMAIN §8), written while the next packages are checked and stored.

Rules that hold whatever the timing:

* a receipt is made only for a package whose transaction has committed (``receive`` hands the job over after the
  commit, with plain values — no database object crosses to the writer);
* each file appears under its final name complete or not at all (temporary name, fsync, rename;
  :func:`storage.safe_files.write_files_atomic`);
* a receipt missing because the program was killed after the commit is written by the next ``receive`` of the
  same package (it finds the package already received and writes what is missing), so a re-run repairs.

The writer is one background thread: drawing the PDF needs the interpreter, but the receiving thread spends
most of its time waiting for the database (and each file for its fsync), and the drawing fills those waits.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hoagiai_desktop.province import receipt as receipt_format
from hoagiai_desktop.storage.safe_files import write_files_atomic

if TYPE_CHECKING:
    from hoagiai_desktop.reports.giay_bien_nhan import ReceiptPaper


@dataclass(frozen=True)
class ReceiptJob:
    """One package's receipt, as plain values."""

    receipt: receipt_format.Receipt
    paper: ReceiptPaper
    hgr: Path
    pdf: Path
    only_missing: bool  # a package received before: write only what a killed run left unwritten


def receipt_paths(folder: Path, file_name: str) -> tuple[Path, Path]:
    stem = Path(file_name).stem
    return folder / f"{stem}{receipt_format.SUFFIX}", folder / f"{stem}_bien-nhan.pdf"


def write(job: ReceiptJob, signing_private: str) -> tuple[Path, Path]:
    """Sign and draw the receipt and write both files (a ``DriveError`` says why it could not)."""
    from hoagiai_desktop.reports import giay_bien_nhan

    if job.only_missing and job.hgr.exists() and job.pdf.exists():
        return job.hgr, job.pdf
    job.hgr.parent.mkdir(parents=True, exist_ok=True)
    signed = receipt_format.build(job.receipt, signing_private)
    write_files_atomic([(job.hgr, signed), (job.pdf, giay_bien_nhan.build(job.paper))])
    return job.hgr, job.pdf


class ReceiptWriter:
    """Writes the jobs handed to it in order, on one background thread; ``submit`` returns at once."""

    def __init__(self, pool: ThreadPoolExecutor, signing_private: str) -> None:
        self._pool = pool
        self._private = signing_private

    def submit(self, job: ReceiptJob) -> Future[tuple[Path, Path]]:
        return self._pool.submit(write, job, self._private)


@contextmanager
def writer(signing_private: str) -> Iterator[ReceiptWriter]:
    """A writer whose jobs are all finished (written or failed) when the ``with`` block ends."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="receipts") as pool:
        yield ReceiptWriter(pool, signing_private)
