# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Test PKI for the integration tests, generated at test time with `cryptography`.

Layout written into OUTDIR (all keys EC P-256, PEM):

    root.pem / root.key                 trusted root CA (the only thing the client trusts)
    intermediate.pem / intermediate.key intermediate CA signed by root (pathlen 0)
    leaf.pem / leaf.key                 server leaf signed by intermediate,
                                        SAN DNS:localhost, IP:127.0.0.1, IP:::1
    chain.pem                           leaf + intermediate: what the server presents
    unrelated-root.pem / .key           a root CA nobody trusts
    unrelated-leaf-chain.pem / .key     a valid-looking leaf (right SANs) issued by the unrelated root
    expired-leaf-chain.pem / .key       leaf (right SANs, same intermediate) that expired yesterday
    wrong-host-leaf-chain.pem / .key    leaf (same intermediate) with SAN DNS:other.example only
    self-signed-leaf.pem / .key         self-signed leaf with the right SANs
    pins.txt                            "name sha256/BASE64" of the SubjectPublicKeyInfo DER
                                        of root, intermediate, leaf, unrelated-root

Usable as a module (`make_pki(outdir) -> PKIPaths`) or as a script (`python pki.py OUTDIR`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

GOOD_SANS: list[x509.GeneralName] = [
    x509.DNSName("localhost"),
    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    x509.IPAddress(ipaddress.ip_address("::1")),
]


@dataclass(frozen=True)
class PKIPaths:
    """Where each artefact of the test PKI lives."""

    directory: Path
    root: Path
    root_key: Path
    intermediate: Path
    intermediate_key: Path
    leaf: Path
    leaf_key: Path
    chain: Path
    unrelated_root: Path
    unrelated_root_key: Path
    unrelated_leaf_chain: Path
    unrelated_leaf_key: Path
    expired_leaf_chain: Path
    expired_leaf_key: Path
    wrong_host_leaf_chain: Path
    wrong_host_leaf_key: Path
    self_signed_leaf: Path
    self_signed_leaf_key: Path
    pins: Path

    def pin(self, name: str) -> str:
        """The `sha256/BASE64` pin recorded for `name` (root, intermediate, leaf, unrelated-root)."""
        for line in self.pins.read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == name:
                return value
        raise KeyError(name)


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mcp-warden integration tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ski(key: ec.EllipticCurvePrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def _make_ca(
    common_name: str,
    key: ec.EllipticCurvePrivateKey,
    issuer_cert: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey | None,
    path_length: int | None,
    now: dt.datetime,
) -> x509.Certificate:
    signer_key = issuer_key if issuer_key is not None else key
    issuer_name = issuer_cert.subject if issuer_cert is not None else _name(common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(_ski(key), critical=False)
    )
    if issuer_key is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(signer_key, hashes.SHA256())


def _make_leaf(
    common_name: str,
    key: ec.EllipticCurvePrivateKey,
    sans: list[x509.GeneralName],
    issuer_cert: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey | None,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    signer_key = issuer_key if issuer_key is not None else key
    issuer_name = issuer_cert.subject if issuer_cert is not None else _name(common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(_ski(key), critical=False)
    )
    if issuer_key is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(signer_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def spki_pin(cert: x509.Certificate) -> str:
    """`sha256/` + base64 of SHA-256 over the certificate's SubjectPublicKeyInfo DER."""
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def make_pki(outdir: str | Path) -> PKIPaths:
    """Generate the whole test PKI into `outdir` (created if missing) and return the paths."""
    d = Path(outdir)
    d.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    year = dt.timedelta(days=365)

    root_key = _new_key()
    root = _make_ca("mcp-warden test root CA", root_key, None, None, 1, now)
    inter_key = _new_key()
    inter = _make_ca("mcp-warden test intermediate CA", inter_key, root, root_key, 0, now)
    leaf_key = _new_key()
    leaf = _make_leaf("localhost", leaf_key, GOOD_SANS, inter, inter_key, now - dt.timedelta(days=1), now + year)

    unrelated_root_key = _new_key()
    unrelated_root = _make_ca("unrelated test root CA", unrelated_root_key, None, None, 1, now)
    unrelated_leaf_key = _new_key()
    unrelated_leaf = _make_leaf(
        "localhost", unrelated_leaf_key, GOOD_SANS, unrelated_root, unrelated_root_key, now - dt.timedelta(days=1), now + year
    )

    expired_key = _new_key()
    expired = _make_leaf(
        "localhost", expired_key, GOOD_SANS, inter, inter_key, now - dt.timedelta(days=30), now - dt.timedelta(days=1)
    )
    wrong_key = _new_key()
    wrong = _make_leaf(
        "other.example",
        wrong_key,
        [x509.DNSName("other.example")],
        inter,
        inter_key,
        now - dt.timedelta(days=1),
        now + year,
    )
    self_key = _new_key()
    self_signed = _make_leaf("localhost", self_key, GOOD_SANS, None, None, now - dt.timedelta(days=1), now + year)

    p = PKIPaths(
        directory=d,
        root=d / "root.pem",
        root_key=d / "root.key",
        intermediate=d / "intermediate.pem",
        intermediate_key=d / "intermediate.key",
        leaf=d / "leaf.pem",
        leaf_key=d / "leaf.key",
        chain=d / "chain.pem",
        unrelated_root=d / "unrelated-root.pem",
        unrelated_root_key=d / "unrelated-root.key",
        unrelated_leaf_chain=d / "unrelated-leaf-chain.pem",
        unrelated_leaf_key=d / "unrelated-leaf.key",
        expired_leaf_chain=d / "expired-leaf-chain.pem",
        expired_leaf_key=d / "expired-leaf.key",
        wrong_host_leaf_chain=d / "wrong-host-leaf-chain.pem",
        wrong_host_leaf_key=d / "wrong-host-leaf.key",
        self_signed_leaf=d / "self-signed-leaf.pem",
        self_signed_leaf_key=d / "self-signed-leaf.key",
        pins=d / "pins.txt",
    )
    _write(p.root, _pem(root))
    _write(p.root_key, _key_pem(root_key), private=True)
    _write(p.intermediate, _pem(inter))
    _write(p.intermediate_key, _key_pem(inter_key), private=True)
    _write(p.leaf, _pem(leaf))
    _write(p.leaf_key, _key_pem(leaf_key), private=True)
    _write(p.chain, _pem(leaf) + _pem(inter))
    _write(p.unrelated_root, _pem(unrelated_root))
    _write(p.unrelated_root_key, _key_pem(unrelated_root_key), private=True)
    _write(p.unrelated_leaf_chain, _pem(unrelated_leaf))
    _write(p.unrelated_leaf_key, _key_pem(unrelated_leaf_key), private=True)
    _write(p.expired_leaf_chain, _pem(expired) + _pem(inter))
    _write(p.expired_leaf_key, _key_pem(expired_key), private=True)
    _write(p.wrong_host_leaf_chain, _pem(wrong) + _pem(inter))
    _write(p.wrong_host_leaf_key, _key_pem(wrong_key), private=True)
    _write(p.self_signed_leaf, _pem(self_signed))
    _write(p.self_signed_leaf_key, _key_pem(self_key), private=True)
    pins = [
        ("root", spki_pin(root)),
        ("intermediate", spki_pin(inter)),
        ("leaf", spki_pin(leaf)),
        ("unrelated-root", spki_pin(unrelated_root)),
    ]
    _write(p.pins, "".join(f"{name} {value}\n" for name, value in pins).encode("ascii"))
    return p


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python pki.py OUTDIR", file=sys.stderr)
        return 2
    paths = make_pki(argv[1])
    print(f"test PKI written to {paths.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
