"""The service's settings: where it listens, who may call it, what it may read.

The safety rules live here as validation, so a server that would be unsafe (bound to a
public address without a token) is refused before it starts, whoever starts it.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vidmark.engines import DEFAULT_ENGINE
from vidmark.errors import ConfigError
from vidmark.media.netguard import AddressPolicy
from vidmark.media.source import SourceOptions

_LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("vidmark")) / "service"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback name or address (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ServiceSettings(BaseModel):
    """Everything ``vidmark serve`` is configured with."""

    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=0, le=65535)
    data_dir: Path = Field(default_factory=default_data_dir, description="SQLite database, uploads, thumbnails")
    media_roots: list[Path] = Field(default_factory=list, description="folders whose videos may be named by path")
    token: str | None = Field(default=None, description="bearer token every API call must carry")
    max_upload_mb: float = Field(default=2048, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    workers: int = Field(default=1, ge=1, le=16, description="jobs run at the same time")
    default_engine: str = DEFAULT_ENGINE
    max_resumes: int = Field(default=2, ge=0, description="restarts a job survives before it is failed")
    fetch_allow: list[str] = Field(
        default_factory=list,
        description="URL jobs: hosts and networks (CIDR) that may be fetched besides public addresses")

    @field_validator("fetch_allow")
    @classmethod
    def _allow_entries(cls, entries: list[str]) -> list[str]:
        for entry in entries:
            if "/" in entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError:
                    raise ConfigError(f"--allow-fetch {entry!r} is neither a host name nor a network (CIDR)") from None
        return entries

    @field_validator("media_roots")
    @classmethod
    def _roots_exist(cls, roots: list[Path]) -> list[Path]:
        resolved = []
        for root in roots:
            if not root.is_dir():
                raise ConfigError(f"media root {str(root)!r} is not a folder")
            resolved.append(root.resolve())
        return resolved

    @field_validator("token")
    @classmethod
    def _token_not_blank(cls, token: str | None) -> str | None:
        if token is not None and len(token.strip()) < 8:
            raise ConfigError("the token must be at least 8 characters long")
        return token

    @model_validator(mode="after")
    def _token_off_loopback(self) -> ServiceSettings:
        if not is_loopback(self.host) and not self.token:
            raise ConfigError(
                f"refusing to listen on {self.host!r} without a token: pass --token "
                "(or VIDMARK_TOKEN), or bind to 127.0.0.1"
            )
        return self

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def fetch_options(self, language: str | None = None) -> SourceOptions:
        """How URL jobs download: public addresses only (plus the allow-list), at most the upload limit."""
        return SourceOptions(policy=AddressPolicy(allow=self.fetch_allow), max_bytes=self.max_upload_bytes,
                             languages=[language] if language else [])
