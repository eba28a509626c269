"""Which network addresses a download may reach: the service's guard against request forgery.

A URL job must not make the server fetch from itself, its network or the cloud's metadata
address. :func:`check_url` resolves a URL's host and checks every address before a job is
accepted. :func:`guarded` then checks every connection made while it is active (the page,
each redirect, the media, the subtitles), at name resolution: every socket Python opens
resolves its host through ``socket.getaddrinfo`` first, and the guard refuses any answer
with a forbidden address, so a redirect to an internal host and a DNS answer that changes
between check and download are both refused. It is a no-op in threads without a policy.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError

_state = threading.local()
_original_getaddrinfo = socket.getaddrinfo
_install_lock = threading.Lock()

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class ForbiddenAddress(InputError):
    """A URL whose host is (or resolves to) an address the policy does not allow."""

    http_status = 403


class _Refused(OSError):
    """Raised inside the downloader's socket code; the policy keeps the real reason."""


class AddressPolicy(BaseModel):
    """Public addresses only, unless ``allow`` names the host or a network holding the address."""

    model_config = ConfigDict(extra="forbid")

    allow: list[str] = Field(default_factory=list, description="host names and networks (CIDR) that may be fetched")

    def allows(self, host: str, address: Address) -> bool:
        if host.lower().strip("[]") in {a.lower() for a in self.allow if "/" not in a}:
            return True
        if any(address in network for network in self._networks()):
            return True
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        return address.is_global and not address.is_multicast

    def _networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(a, strict=False) for a in self.allow if _is_network(a)]

    def check(self, host: str, addresses: list[str]) -> None:
        """Raise ForbiddenAddress unless every one of ``addresses`` is allowed."""
        for text in addresses:
            address = ipaddress.ip_address(text.split("%")[0])
            if not self.allows(host, address):
                raise ForbiddenAddress(f"refusing to fetch from {host} ({address}): loopback, private, link-local "
                                       "and reserved addresses are off limits unless the server's allow-list names them")


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def resolve(host: str, port: int | None = None) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = _original_getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"cannot resolve the host {host!r}: {exc.strerror}") from None
    return sorted({info[4][0] for info in infos})


def check_url(url: str, policy: AddressPolicy) -> None:
    """Resolve the URL's host and raise ForbiddenAddress if any of its addresses is forbidden."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url!r}")
    policy.check(parts.hostname, resolve(parts.hostname, parts.port))


@contextlib.contextmanager
def guarded(policy: AddressPolicy | None) -> Iterator[list[ForbiddenAddress]]:
    """Check every host resolved in this thread against ``policy``; yields the refusals made."""
    if policy is None:
        yield []
        return
    _install()
    refusals: list[ForbiddenAddress] = []
    _state.policy, _state.refusals = policy, refusals
    try:
        yield refusals
    finally:
        _state.policy = _state.refusals = None


def _install() -> None:
    with _install_lock:
        if socket.getaddrinfo is not _guarded_getaddrinfo:
            socket.getaddrinfo = _guarded_getaddrinfo


def _guarded_getaddrinfo(host, port, *args, **kwargs):  # noqa: ANN001, ANN202 - socket.getaddrinfo's signature
    infos = _original_getaddrinfo(host, port, *args, **kwargs)
    policy = getattr(_state, "policy", None)
    if policy is not None and host is not None:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            policy.check(name, [info[4][0] for info in infos])
        except ForbiddenAddress as refusal:
            _state.refusals.append(refusal)
            raise _Refused(str(refusal)) from None
    return infos
