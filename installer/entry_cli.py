"""Frozen entry point of hoagiai-cli(.exe): the command line, with a console on Windows."""

import multiprocessing
import sys

from hoagiai_desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
