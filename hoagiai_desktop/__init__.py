"""HoaGiai Desktop — grassroots mediation records for a Vietnamese commune (hòa giải ở cơ sở)."""

__version__ = "0.1.0"
