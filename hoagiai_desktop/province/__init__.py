"""The province's half (DOMAIN §8): signed report packages, receipts and their checks — no Qt, no database.

``keys`` holds the cryptography (Ed25519 signatures, X25519 sealed roster), ``package`` the ``.hgp`` format,
``checks`` every test a package must pass before anything is stored, ``receipt`` the ``.hgr`` format and
``totals`` how the province's figures are summed from the communes'.
"""
