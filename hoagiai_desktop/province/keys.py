"""The unit's keys: Ed25519 to sign packages and receipts, X25519 to seal a roster to the province.

Keys travel as base64 of their raw 32 bytes. A fingerprint is the first 16 bytes of the SHA-256 of the raw public
signing key, written as eight groups of four hex digits so two officers can compare it by phone.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()
SEAL_INFO = b"hoagiai-roster-seal/1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeyPair:
    """Both halves as base64 text (what the database keeps)."""

    private: str
    public: str


def new_signing_pair() -> KeyPair:
    key = Ed25519PrivateKey.generate()
    return KeyPair(
        private=b64(key.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)),
        public=b64(key.public_key().public_bytes(_RAW, _RAW_PUB)),
    )


def new_sealing_pair() -> KeyPair:
    key = X25519PrivateKey.generate()
    return KeyPair(
        private=b64(key.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)),
        public=b64(key.public_key().public_bytes(_RAW, _RAW_PUB)),
    )


def fingerprint(public_b64: str) -> str:
    """``3f2a 91c0 …`` — eight groups of four hex digits of the SHA-256 of the raw public key."""
    digest = hashlib.sha256(unb64(public_b64)).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def sign(private_b64: str, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(unb64(private_b64)).sign(data)


def verify(public_b64: str, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is the holder of ``public_b64``'s signature over ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(unb64(public_b64)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _seal_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public, info=SEAL_INFO
    ).derive(shared)


def seal(recipient_public_b64: str, plaintext: bytes) -> bytes:
    """Encrypt for the holder of an X25519 key: ephemeral public key (32) ‖ nonce (12) ‖ ChaCha20-Poly1305."""
    recipient_raw = unb64(recipient_public_b64)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_raw))
    nonce = os.urandom(12)
    box = ChaCha20Poly1305(_seal_key(shared, ephemeral_raw, recipient_raw))
    return ephemeral_raw + nonce + box.encrypt(nonce, plaintext, SEAL_INFO)


def open_sealed(private_b64: str, sealed: bytes) -> bytes | None:
    """The plaintext, or None when the box was not sealed to this key or was altered."""
    if len(sealed) < 32 + 12 + 16:
        return None
    key = X25519PrivateKey.from_private_bytes(unb64(private_b64))
    ephemeral_raw, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    own_raw = key.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
    try:
        return ChaCha20Poly1305(_seal_key(shared, ephemeral_raw, own_raw)).decrypt(nonce, body, SEAL_INFO)
    except InvalidTag:
        return None
