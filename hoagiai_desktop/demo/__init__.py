"""Sample data for demonstrations, screenshots and benchmarks (``hoagiai demo``)."""

from hoagiai_desktop.demo.generator import SIZES, generate, is_empty

__all__ = ["SIZES", "generate", "is_empty"]
