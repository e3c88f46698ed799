"""Frozen entry point of HoaGiai(.exe): the window (the same arguments as `hoagiai` also work)."""

import multiprocessing
import sys

from hoagiai_desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
